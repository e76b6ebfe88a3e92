//@ dep: serde_json
//@ dep: csv-index
// Buffered writers dropped, or flushed on some paths only.
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::net::TcpStream;
use std::path::Path;
use tokio::io::AsyncWriteExt;

pub fn dropped(path: &Path, rows: &[String]) -> io::Result<()> {
    let mut out = BufWriter::new(File::create(path)?); //~ bufwriter_not_flushed
    for row in rows {
        writeln!(out, "{row}")?;
    }
    Ok(())
}

pub fn early_return(path: &Path, rows: &[String]) -> io::Result<()> {
    let mut out = BufWriter::new(File::create(path)?); //~ bufwriter_not_flushed
    if rows.is_empty() {
        writeln!(out, "none")?;
        return Ok(());
    }
    for row in rows {
        writeln!(out, "{row}")?;
    }
    out.flush()?;
    Ok(())
}

pub fn flushed_in_one_branch(path: &Path, verbose: bool) -> io::Result<()> {
    let mut out = io::BufWriter::with_capacity(1 << 16, File::create(path)?); //~ bufwriter_not_flushed
    out.write_all(b"header")?;
    if verbose {
        out.flush()?;
    }
    Ok(())
}

pub fn socket(addr: &str, msg: &[u8]) -> io::Result<()> {
    let stream = TcpStream::connect(addr)?;
    let mut w = std::io::BufWriter::new(stream); //~ bufwriter_not_flushed
    w.write_all(msg)?;
    Ok(())
}

pub fn explicit_drop(file: File) -> io::Result<()> {
    let mut w = BufWriter::new(file); //~ bufwriter_not_flushed
    w.write_all(b"x")?;
    drop(w);
    Ok(())
}

pub async fn tokio_writer(path: &Path, body: &[u8]) -> io::Result<()> {
    let file = tokio::fs::File::create(path).await?;
    let mut w = tokio::io::BufWriter::new(file); //~ bufwriter_not_flushed
    w.write_all(body).await?;
    Ok(())
}

pub fn serde_by_reference(path: &Path, value: &serde_json::Value) -> io::Result<()> {
    let mut w = BufWriter::new(File::create(path)?); //~ bufwriter_not_flushed
    serde_json::to_writer(&mut w, value)?;
    Ok(())
}

pub fn in_closure(path: std::path::PathBuf) {
    std::thread::spawn(move || -> io::Result<()> {
        let mut w = BufWriter::new(File::create(&path)?); //~ bufwriter_not_flushed
        w.write_all(b"done")?;
        Ok(())
    });
}

pub fn flush_in_closure_only(path: &Path) -> io::Result<()> {
    let mut w = BufWriter::new(File::create(path)?); //~ bufwriter_not_flushed
    w.write_all(b"x")?;
    let _later = || w.flush();
    Ok(())
}

pub fn flushed_in_sibling_branch(path: &Path, rows: &[String]) -> io::Result<()> {
    let mut out = BufWriter::new(File::create(path)?); //~ bufwriter_not_flushed
    if rows.len() > 10 {
        out.flush()?;
    } else {
        writeln!(out, "few")?;
        return Ok(());
    }
    out.flush()?;
    Ok(())
}

// Found in xsv: the writer is handed by reference to a library that never flushes it.
pub fn index(pidx: &Path, rdr: &mut csv::Reader<File>) -> csv::Result<()> {
    let mut wtr = io::BufWriter::new(std::fs::File::create(pidx)?); //~ bufwriter_not_flushed
    csv_index::RandomAccessSimple::create(rdr, &mut wtr)?;
    Ok(())
}
