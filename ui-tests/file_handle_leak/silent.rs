// Ownership handed on, main, local collections, other types, tests.
use std::fs::File;
use std::os::fd::{FromRawFd, IntoRawFd, OwnedFd};
use std::process::{Command, Stdio};

pub fn handed_to_owner(path: &str) -> std::io::Result<OwnedFd> {
    let fd = File::open(path)?.into_raw_fd();
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

pub fn to_stdio(path: &str) -> std::io::Result<()> {
    let file = File::create(path)?;
    Command::new("x").stdout(unsafe { Stdio::from_raw_fd(file.into_raw_fd()) }).spawn()?;
    Ok(())
}

pub fn returned(path: &str) -> std::io::Result<i32> {
    let file = File::open(path)?;
    Ok(file.into_raw_fd())
}

pub fn local_collection(paths: &[&str]) -> std::io::Result<usize> {
    let mut files = Vec::new();
    for p in paths {
        files.push(File::open(p)?);
    }
    Ok(files.len())
}

pub fn forget_other(v: Vec<u8>) {
    std::mem::forget(v);
}

pub fn unknown_type(x: Handle) {
    std::mem::forget(x);
}
pub struct Handle;

pub struct Registry {
    names: Vec<String>,
}
impl Registry {
    pub fn add(&mut self, paths: &[&str]) {
        for p in paths {
            self.names.push(p.to_string());
        }
    }
}

fn main() {
    let log = File::create("/var/log/app.log").unwrap();
    std::mem::forget(log);
}

#[cfg(test)]
mod tests {
    #[test]
    fn t() {
        std::mem::forget(std::fs::File::open("x").unwrap());
    }
}
