// Errors of writes, statements and child processes thrown away with no log.
use std::fs::{self, File};
use std::io::Write;
use std::process::Command as Cmd;
use tokio::fs as afs;

pub fn save_state(path: &std::path::Path, body: &[u8]) {
    let _ = fs::write(path, body); //~ error_silently_discarded
    std::fs::rename("state.tmp", "state.json").ok(); //~ error_silently_discarded
    let _ = std::fs::create_dir_all("/var/lib/app"); //~ error_silently_discarded
}

pub fn append_audit(line: &str) -> std::io::Result<()> {
    let mut file = File::create("audit.log")?;
    let _ = file.write_all(line.as_bytes()); //~ error_silently_discarded
    let _ = file.sync_all(); //~ error_silently_discarded
    let _ = writeln!(file, "{line}"); //~ error_silently_discarded
    let _ = write!(&mut file, "{line}"); //~ error_silently_discarded
    Ok(())
}

pub fn open_for_append() {
    let _ = std::fs::OpenOptions::new() //~ error_silently_discarded
        .append(true)
        .create(true)
        .open("events.log");
}

pub async fn persist(tmp: &str, dst: &str) {
    afs::rename(tmp, dst).await.ok(); //~ error_silently_discarded
    let _ = tokio::fs::write(dst, b"{}").await; //~ error_silently_discarded
}

pub fn reload_nginx() {
    let _ = Cmd::new("nginx").arg("-s").arg("reload").status(); //~ error_silently_discarded
    if let Ok(out) = Cmd::new("git").arg("rev-parse").output() { //~ error_silently_discarded
        println!("{}", out.status);
    }
}

pub fn flush_report(file: &mut File) {
    match file.sync_data() { //~ error_silently_discarded
        Ok(()) => {}
        Err(_) => {}
    }
}

pub fn in_a_closure(paths: Vec<String>) {
    let worker = move || {
        for p in &paths {
            let _ = fs::copy(p, "/backup"); //~ error_silently_discarded
        }
    };
    worker();
}

pub async fn in_an_async_block() {
    let task = async {
        let _ = tokio::fs::create_dir_all("/var/cache/app").await; //~ error_silently_discarded
    };
    task.await;
}

pub fn matched_file(path: &str, body: &[u8]) {
    match File::create(path) {
        Ok(mut out) => {
            let _ = out.write_all(body); //~ error_silently_discarded
        }
        Err(e) => log::warn!("cannot create {path}: {e}"),
    }
}

pub fn write_config(path: &str, content: &str) {
    match std::fs::OpenOptions::new().write(true).create(true).open(path) {
        Err(err) => log::error!("failed to open {path}: {err}"),
        Ok(mut file) => {
            if let Err(err) = file.write_all(content.as_bytes()) {
                log::error!("failed to write {path}: {err}");
                return;
            }
            let _ = file.sync_data(); //~ error_silently_discarded
        }
    }
}
