// Random names, the tempfile crate, create_new, reads, configured paths, tests.
use std::env;
use std::fs::{self, File, OpenOptions};
use std::path::Path;

pub fn tempfile_crate() -> std::io::Result<()> {
    let file = tempfile::NamedTempFile::new()?;
    let dir = tempfile::tempdir()?;
    let other = tempfile::Builder::new().prefix("upload").tempfile_in("/tmp")?;
    drop((file, dir, other));
    Ok(())
}

pub fn create_new(name: &str) -> std::io::Result<File> {
    OpenOptions::new().write(true).create_new(true).open(format!("/tmp/{}", name))
}

pub fn create_new_fixed() -> std::io::Result<File> {
    OpenOptions::new().write(true).create_new(true).open("/tmp/app.lock")
}

pub fn random_name(data: &[u8]) -> std::io::Result<()> {
    fs::write(env::temp_dir().join(format!("{}.part", uuid::Uuid::new_v4())), data)
}

pub fn caller_name(name: &str, data: &[u8]) -> std::io::Result<()> {
    fs::write(env::temp_dir().join(name), data)
}

pub fn reads_only() -> std::io::Result<String> {
    let _f = File::open("/tmp/input.txt")?;
    fs::read_to_string("/tmp/input.txt")
}

pub fn temp_dir_itself() -> std::io::Result<()> {
    fs::create_dir_all(env::temp_dir())?;
    fs::create_dir_all("/tmp")
}

pub fn not_temp() -> std::io::Result<()> {
    fs::write("/var/lib/app/state.json", b"{}")?;
    fs::write("tmp/report.csv", b"")?;
    fs::write("/tmpfiles/x", b"")
}

pub fn inline_capture(id: u64) -> std::io::Result<()> {
    fs::write(format!("/tmp/job-{id}"), b"")
}

pub fn configured(dir: &Path) -> std::io::Result<File> {
    File::create(dir.join("out.bin"))
}

// A local function named like std's.
fn write(_p: &str, _d: &[u8]) {}
pub fn local_write() {
    write("/tmp/x", b"");
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixture() {
        std::fs::write("/tmp/test-fixture", b"x").unwrap();
    }
}
