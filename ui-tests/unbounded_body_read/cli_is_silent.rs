//@ profile: other
// A CLI that unpacks a local archive: not service code.
use std::io::Read;

fn main() -> std::io::Result<()> {
    let file = std::fs::File::open("backup.gz")?;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(file).read_to_end(&mut out)?;
    Ok(())
}
