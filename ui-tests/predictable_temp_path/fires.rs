// Fixed or guessable names in shared temp directories.
use std::env;
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use tokio::fs as afs;

pub fn literal(rows: &[u8]) -> std::io::Result<()> {
    fs::write("/tmp/report.csv", rows) //~ predictable_temp_path
}

pub fn temp_dir_join() -> std::io::Result<File> {
    let path = env::temp_dir().join("upload.bin");
    File::create(&path) //~ predictable_temp_path
}

pub fn pid_is_guessable() -> std::io::Result<()> {
    fs::create_dir_all(format!("/tmp/myapp-{}", std::process::id())) //~ predictable_temp_path
}

pub fn open_options() -> std::io::Result<File> {
    OpenOptions::new().write(true).create(true).open("/var/tmp/state") //~ predictable_temp_path
}

pub fn path_new() -> std::io::Result<File> {
    std::fs::File::create(Path::new("/tmp/cache.db")) //~ predictable_temp_path
}

pub fn dir_then_join() -> std::io::Result<()> {
    let dir = std::env::temp_dir();
    let file = dir.join("service.sock.lock");
    let mut f = File::create(file)?; //~ predictable_temp_path
    f.write_all(b"x")
}

pub fn literal_dir_join() -> std::io::Result<()> {
    let base = PathBuf::from("/tmp");
    fs::create_dir(base.join("work")) //~ predictable_temp_path
}

pub async fn tokio_write(body: Vec<u8>) -> std::io::Result<()> {
    afs::write("/tmp/last-request.json", body).await //~ predictable_temp_path
}

pub fn unix_socket() -> std::io::Result<std::os::unix::net::UnixListener> {
    std::os::unix::net::UnixListener::bind("/tmp/app.sock") //~ predictable_temp_path
}

pub fn timestamp_name() -> std::io::Result<()> {
    let now = std::time::SystemTime::now();
    drop(now);
    let name = format!("/tmp/export-{}.csv", std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs());
    fs::write(name, b"") //~ predictable_temp_path
}

pub fn in_closure(items: &[u8]) {
    std::thread::spawn(move || {
        let _ = File::create("/tmp/worker.out"); //~ predictable_temp_path
    });
    drop(items);
}
