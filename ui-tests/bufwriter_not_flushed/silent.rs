//@ dep: serde_json
// Flushed on every path, returned, stored, memory and stdout, tests.
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;
use tokio::io::AsyncWriteExt;

pub fn flushed(path: &Path, rows: &[String]) -> io::Result<()> {
    let mut out = BufWriter::new(File::create(path)?);
    for row in rows {
        writeln!(out, "{row}")?;
    }
    out.flush()?;
    Ok(())
}

pub fn into_inner(path: &Path) -> io::Result<File> {
    let mut out = BufWriter::new(File::create(path)?);
    out.write_all(b"x")?;
    out.into_inner().map_err(|e| e.into_error())
}

pub fn flushed_on_both_paths(path: &Path, rows: &[String]) -> io::Result<()> {
    let mut out = BufWriter::new(File::create(path)?);
    if rows.is_empty() {
        out.flush()?;
        return Ok(());
    }
    writeln!(out, "{}", rows.len())?;
    out.flush()
}

pub fn error_path_is_fine(path: &Path, ok: bool) -> io::Result<()> {
    let mut out = BufWriter::new(File::create(path)?);
    if !ok {
        return Err(io::Error::other("bad input"));
    }
    out.write_all(b"x")?;
    out.flush()?;
    Ok(())
}

pub fn returned(path: &Path) -> io::Result<BufWriter<File>> {
    let w = BufWriter::new(File::create(path)?);
    Ok(w)
}

pub struct Sink {
    out: BufWriter<File>,
}
pub fn stored(path: &Path) -> io::Result<Sink> {
    let out = BufWriter::new(File::create(path)?);
    Ok(Sink { out })
}

pub fn stdout_and_memory() -> io::Result<()> {
    let mut out = BufWriter::new(io::stdout().lock());
    let mut mem = BufWriter::new(Vec::new());
    writeln!(out, "hello")?;
    writeln!(mem, "hello")?;
    Ok(())
}

pub fn moved_to_consumer(path: &Path, v: &serde_json::Value) -> io::Result<()> {
    let w = BufWriter::new(File::create(path)?);
    serde_json::to_writer(w, v)?;
    Ok(())
}

pub async fn tokio_shutdown(path: &Path) -> io::Result<()> {
    let mut w = tokio::io::BufWriter::new(tokio::fs::File::create(path).await?);
    w.write_all(b"x").await?;
    w.shutdown().await?;
    Ok(())
}

pub async fn tokio_flush_then_return(path: &Path) -> io::Result<()> {
    let mut w = tokio::io::BufWriter::new(tokio::fs::File::create(path).await?);
    w.write_all(b"x").await?;
    w.flush().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn t() {
        let mut w = std::io::BufWriter::new(std::fs::File::create("x").unwrap());
        std::io::Write::write_all(&mut w, b"x").unwrap();
    }
}

// Found in rustus: created and flushed inside the same blocking closure.
pub async fn in_spawn_blocking(path: std::path::PathBuf, data: Vec<u8>) -> io::Result<()> {
    tokio::task::spawn_blocking(move || {
        let file = File::create(&path)?;
        {
            let mut writer = BufWriter::new(file);
            writer.write_all(&data)?;
            writer.flush()?;
        }
        Ok(())
    })
    .await?
}

pub fn loop_with_flush_before_return(path: &Path, rows: &[String]) -> io::Result<()> {
    let mut out = BufWriter::new(File::create(path)?);
    for row in rows {
        writeln!(out, "{row}")?;
        if row.is_empty() {
            out.flush()?;
            return Ok(());
        }
    }
    out.flush()?;
    Ok(())
}

// Lent to a function of the crate, which may flush it.
pub fn lent_to_helper(path: &Path, rows: &[String]) -> io::Result<()> {
    let mut out = BufWriter::new(File::create(path)?);
    write_rows(&mut out, rows)?;
    Ok(())
}
fn write_rows(out: &mut BufWriter<File>, rows: &[String]) -> io::Result<()> {
    for row in rows {
        writeln!(out, "{row}")?;
    }
    out.flush()
}
