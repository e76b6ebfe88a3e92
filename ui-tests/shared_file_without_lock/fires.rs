// Fixed paths written with no lock.
use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};

const STATE_FILE: &str = "/var/lib/billing/state.bin";

pub fn append_log(event: &str) -> std::io::Result<()> {
    let mut log = OpenOptions::new().append(true).create(true).open("/var/log/billing.log")?; //~ shared_file_without_lock
    writeln!(log, "{event}")
}

pub fn pid_file() -> std::io::Result<()> {
    let mut pid = File::create("/run/billing.pid")?; //~ shared_file_without_lock
    write!(pid, "{}", std::process::id())
}

pub fn state(bytes: &[u8]) -> std::io::Result<()> {
    let mut f = OpenOptions::new().write(true).open(STATE_FILE)?; //~ shared_file_without_lock
    f.write_all(bytes)
}

pub fn imported_constant(bytes: &[u8]) -> std::io::Result<()> {
    OpenOptions::new().append(true).open(crate::paths::AUDIT_LOG)?.write_all(bytes) //~ shared_file_without_lock
}

pub fn buffered() -> std::io::Result<BufWriter<File>> {
    Ok(BufWriter::new(std::fs::OpenOptions::new().append(true).create(true).open("events.jsonl")?)) //~ shared_file_without_lock
}

pub fn relative_db(bytes: &[u8]) -> std::io::Result<()> {
    let path = "data/cache.db";
    let mut f = File::options().write(true).open(path)?; //~ shared_file_without_lock
    f.write_all(bytes)
}

pub async fn tokio_append(line: String) -> std::io::Result<()> {
    use tokio::io::AsyncWriteExt;
    let mut f = tokio::fs::OpenOptions::new().append(true).open("/var/log/app.log").await?; //~ shared_file_without_lock
    f.write_all(line.as_bytes()).await
}

pub fn lock_file_created() -> std::io::Result<()> {
    let _f = std::fs::File::create("/tmp/service.lock")?; //~ shared_file_without_lock
    Ok(())
}

pub fn in_closure(lines: Vec<String>) {
    std::thread::spawn(move || {
        let mut f = OpenOptions::new().append(true).open("/var/log/worker.log").unwrap(); //~ shared_file_without_lock
        for l in lines {
            let _ = writeln!(f, "{l}");
        }
    });
}
