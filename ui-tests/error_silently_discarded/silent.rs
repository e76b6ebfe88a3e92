// Deliberate idioms and results that are handled: all silent.
use std::fs;
use std::io::Write;
use std::process::Command;

pub fn channel_sends(tx: std::sync::mpsc::Sender<u32>, reply: tokio::sync::oneshot::Sender<u32>) {
    let _ = tx.send(1);
    tx.send(2).ok();
    let _ = reply.send(3);
}

pub fn best_effort_cleanup(tmp: &std::path::Path) {
    let _ = fs::remove_file(tmp);
    let _ = std::fs::remove_dir_all("/tmp/upload-42");
    let _ = fs::create_dir("/tmp/upload-42"); // usually AlreadyExists
    let _ = fs::create_dir("/tmp/upload-43");
}

pub fn stderr_writes(e: &dyn std::error::Error) {
    let _ = writeln!(std::io::stderr(), "error: {e}");
    let _ = std::io::stdout().flush();
    let mut s = String::new();
    let _ = std::fmt::Write::write_fmt(&mut s, format_args!("{e}"));
}

pub fn explained(path: &str) {
    // a cache: losing it costs one recomputation
    let _ = fs::write(path, b"cache");
    let _ = fs::write(path, b"cache"); // best effort, see above
}

pub fn logged_or_returned(path: &str) -> std::io::Result<()> {
    if let Err(e) = fs::write(path, b"x") {
        log::warn!("could not save {path}: {e}");
    }
    match Command::new("sync").status() {
        Ok(_) => {}
        Err(e) => log::warn!("sync failed: {e}"),
    }
    fs::write(path, b"y")?;
    let saved = fs::write(path, b"z").ok();
    let _kept = fs::write(path, b"w");
    drop(saved);
    fs::write(path, b"v")
}

pub fn reads_are_optional(path: &str) -> String {
    if let Ok(text) = fs::read_to_string(path) {
        return text;
    }
    let _ = fs::metadata(path);
    String::new()
}

pub fn if_let_with_else(path: &str) {
    if let Ok(()) = fs::write(path, b"x") {
        log::info!("saved");
    } else {
        log::warn!("not saved");
    }
}

pub fn unknown_callees(store: &Store, tx: &Tx) {
    let _ = store.write_all(b"x");
    let _ = save(b"x");
    let _ = tx.rollback();
    let _ = store.execute("not sql");
}

struct TempDir(std::path::PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::write(self.0.join("closed"), b"");
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn guards(m: &std::sync::Mutex<u32>) {
    let guard = m.lock();
    drop(guard);
}

#[cfg(test)]
mod tests {
    #[test]
    fn setup() {
        let _ = std::fs::write("/tmp/x", b"x");
        let _ = std::fs::create_dir_all("/tmp/y");
    }
}

/// Appends a warning for the next run to show.
/// Best-effort: does nothing if the variable is not set or IO fails.
pub fn memoize_warning(message: &str) {
    if let Ok(path) = std::env::var("WARNINGS_FILE") {
        if let Ok(mut f) = fs::OpenOptions::new().append(true).create(true).open(path) {
            let _ = writeln!(f, "{}", message);
        }
    }
}

pub fn conveniences(url: &str, file: &mut std::fs::File) {
    let _ = Command::new("xdg-open").arg(url).spawn();
    let _ = file.flush();
}

pub fn writes_to_stderr_and_strings(out: &mut String) {
    let mut err = std::io::stderr();
    let _ = writeln!(err, "warning");
    let _ = std::fmt::Write::write_str(out, "x");
    let _ = write!(out, "{}", 1);
}

struct FileLogger(std::sync::Mutex<std::fs::File>);

impl log::Log for FileLogger {
    fn enabled(&self, _: &log::Metadata) -> bool {
        true
    }
    fn log(&self, record: &log::Record) {
        let mut file = std::fs::File::create("/var/log/app.log").unwrap();
        let _ = writeln!(file, "{}", record.args());
    }
    fn flush(&self) {}
}

pub fn commented_arms(path: &str) {
    match fs::write(path, b"x") {
        Ok(()) => {}
        Err(_) => {} // the next start rebuilds it
    }
    // create it if we can; the read path copes without it
    if let Ok(f) = fs::File::create(path) {
        drop(f);
    }
    match fs::rename(path, "/tmp/b") {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => log::warn!("rename failed: {e}"),
        Ok(()) => {}
    }
}
