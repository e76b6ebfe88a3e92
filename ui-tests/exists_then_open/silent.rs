// Opens that answer the question themselves, idempotent creation, other paths, tests.
use std::fs::{self, File, OpenOptions};
use std::io::ErrorKind;
use std::path::Path;

pub fn match_error(path: &Path) -> std::io::Result<String> {
    match fs::read_to_string(path) {
        Ok(text) => Ok(text),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(String::new()),
        Err(e) => Err(e),
    }
}

pub fn create_new(lock: &Path) -> std::io::Result<File> {
    if lock.exists() {
        tracing::warn!("stale lock");
    }
    OpenOptions::new().write(true).create_new(true).open(lock)
}

pub fn create_dir_all(dir: &Path) -> std::io::Result<()> {
    if !dir.exists() {
        fs::create_dir_all(dir)?;
    }
    Ok(())
}

pub fn different_path(a: &Path, b: &Path) -> std::io::Result<String> {
    if a.exists() {
        return fs::read_to_string(b);
    }
    Ok(String::new())
}

pub fn open_before_check(path: &Path) -> std::io::Result<bool> {
    let f = File::open(path)?;
    drop(f);
    Ok(path.exists())
}

pub fn shadowed(path: &Path, other: &Path) -> std::io::Result<String> {
    if !path.exists() {
        return Ok(String::new());
    }
    let path = other;
    fs::read_to_string(path)
}

pub fn only_checked(path: &Path) -> bool {
    path.exists() && path.is_file()
}

pub fn file_metadata(path: &Path) -> std::io::Result<u64> {
    let f = File::open(path)?;
    Ok(f.metadata()?.len())
}

pub fn other_function(path: &Path) -> bool {
    path.exists()
}
pub fn opens(path: &Path) -> std::io::Result<File> {
    File::open(path)
}

#[cfg(test)]
mod tests {
    #[test]
    fn t() {
        let p = std::path::Path::new("x");
        if p.exists() {
            std::fs::remove_file(p).unwrap();
        }
    }
}
