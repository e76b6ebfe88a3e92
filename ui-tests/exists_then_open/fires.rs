// The same path value checked, then used.
use std::fs::{self, File, OpenOptions};
use std::io::Read;
use std::path::{Path, PathBuf};

pub struct Store {
    path: PathBuf,
}

pub fn load_config(path: &Path) -> std::io::Result<String> {
    if path.exists() {
        return fs::read_to_string(path); //~ exists_then_open
    }
    Ok(String::new())
}

pub fn create_lock(lock: &str) -> std::io::Result<()> {
    if !Path::new(lock).exists() {
        File::create(lock)?; //~ exists_then_open
    }
    Ok(())
}

pub fn remove_stale(tmp: &PathBuf) -> std::io::Result<()> {
    if fs::metadata(&tmp).is_ok() {
        fs::remove_file(tmp)?; //~ exists_then_open
    }
    Ok(())
}

impl Store {
    pub fn open(&self) -> std::io::Result<File> {
        if !self.path.is_file() {
            return Err(std::io::ErrorKind::NotFound.into());
        }
        File::open(&self.path) //~ exists_then_open
    }
}

pub fn options(path: PathBuf) -> std::io::Result<File> {
    let exists = path.try_exists()?;
    OpenOptions::new().write(true).create(true).truncate(!exists).open(path.as_path()) //~ exists_then_open
}

pub async fn tokio_flow(path: PathBuf) -> std::io::Result<Vec<u8>> {
    if tokio::fs::try_exists(&path).await? {
        return tokio::fs::read(&path).await; //~ exists_then_open
    }
    Ok(Vec::new())
}

pub fn std_path_exists(p: &str) -> std::io::Result<String> {
    let mut out = String::new();
    if std::path::Path::new(p).exists() {
        let mut f = std::fs::File::open(p)?; //~ exists_then_open
        f.read_to_string(&mut out)?;
    }
    Ok(out)
}

pub fn dir_create(dir: &Path) -> std::io::Result<()> {
    if !dir.exists() {
        fs::create_dir(dir)?; //~ exists_then_open
    }
    Ok(())
}

pub fn in_closure(paths: Vec<PathBuf>) -> Vec<String> {
    paths
        .into_iter()
        .filter_map(|p| if p.exists() { fs::read_to_string(&p).ok() } else { None }) //~ exists_then_open
        .collect()
}

pub fn metadata_tested(p: &Path) -> std::io::Result<()> {
    if fs::metadata(p).is_ok() {
        fs::remove_file(p)?; //~ exists_then_open
    }
    if p.metadata().is_err() {
        File::create(p)?; //~ exists_then_open
    }
    Ok(())
}

// Found in pueue: both branches use the path checked in their condition.
pub fn open_or_create(temp: &Path) -> std::io::Result<File> {
    let file = if temp.exists() {
        File::open(temp)? //~ exists_then_open
    } else {
        File::create(temp)? //~ exists_then_open
    };
    Ok(file)
}

// Found in rustypaste: the read's error propagated from inside a tuple.
pub fn redirect(path: &Path) -> std::io::Result<(&'static str, String)> {
    if !path.is_file() {
        return Err(std::io::ErrorKind::NotFound.into());
    }
    Ok(("Location", fs::read_to_string(path)?)) //~ exists_then_open
}

// Found in pueue: a stale pid file checked, then the pid file created.
pub fn create_pid_file(pid_path: &Path) -> std::io::Result<()> {
    if pid_path.exists() {
        check_for_running_daemon(pid_path)?;
    }
    let mut file = File::create(pid_path)?; //~ exists_then_open
    std::io::Write::write_all(&mut file, std::process::id().to_string().as_bytes())
}
fn check_for_running_daemon(_p: &Path) -> std::io::Result<()> {
    Ok(())
}
