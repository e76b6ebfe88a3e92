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

// Found in miniserve: `metadata` read for the listing, the file read later.
pub fn metadata_for_listing(entry: &std::fs::DirEntry) -> std::io::Result<(u64, String)> {
    let size = std::fs::metadata(entry.path())?.len();
    let text = std::fs::read_to_string(entry.path())?;
    Ok((size, text))
}

// Found in nostr-rs-relay: startup validation, each call its own check.
pub fn validate(path: &str) {
    if let Err(err) = fs::metadata(path) {
        eprintln!("{err}");
    }
    if let Err(err) = File::open(path) {
        eprintln!("{err}");
    }
}

// Found in rustypaste and mdbook: listing a directory that was checked.
pub fn list(dir: &Path) -> std::io::Result<usize> {
    if !fs::exists(dir).unwrap_or(false) {
        return Ok(0);
    }
    Ok(fs::read_dir(dir)?.count())
}

// Found in sccache-dist: check and create under an exclusive lock.
pub fn under_lock(map: &std::sync::Mutex<Vec<u8>>, dir: &Path) -> std::io::Result<()> {
    let guard = map.lock().unwrap();
    if !dir.exists() {
        fs::create_dir(dir)?;
    }
    drop(guard);
    Ok(())
}

// Found in pueue: the check in one branch, a write in the other.
pub fn save(temp: &Path, compress: bool, data: &str) -> std::io::Result<()> {
    if compress {
        let reuse = temp.exists();
        tracing::info!(reuse);
    } else {
        fs::write(temp, data)?;
    }
    Ok(())
}

// Found in shadowsocks and sqlpage: the open's result matched, or ignored.
pub fn stop(pid_path: &Path) {
    if pid_path.exists() {
        if let Ok(file) = File::open(pid_path) {
            drop(file);
        }
    }
    let _ = fs::remove_file(pid_path);
    if pid_path.is_file() {
        match fs::read_to_string(pid_path) {
            Ok(text) => drop(text),
            Err(e) => drop(e),
        }
    }
}

// Found in agate: the checked path is changed in place before the second read.
pub fn load_pair(mut path: std::path::PathBuf) -> std::io::Result<(Vec<u8>, Vec<u8>)> {
    path.push("cert.pem");
    if !path.is_file() {
        return Err(ErrorKind::NotFound.into());
    }
    let cert = fs::read(&path)?; //~ exists_then_open
    path.set_file_name("key.pem");
    let key = fs::read(&path)?;
    Ok((cert, key))
}
