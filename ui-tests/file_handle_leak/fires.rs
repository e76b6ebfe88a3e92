//@ bin-root: false
// Descriptors forgotten, leaked, or collected per item.
use std::fs::File;
use std::mem::{self, ManuallyDrop};
use std::net::TcpStream;
use std::os::fd::IntoRawFd;
use std::path::PathBuf;

pub struct Cache {
    open_files: Vec<File>,
    by_name: std::collections::HashMap<String, File>,
}

pub fn forget(path: &str) -> std::io::Result<()> {
    let file = File::open(path)?;
    mem::forget(file); //~ file_handle_leak
    Ok(())
}

pub fn manually_drop(addr: &str) -> std::io::Result<()> {
    let _ = ManuallyDrop::new(TcpStream::connect(addr)?); //~ file_handle_leak
    Ok(())
}

pub fn leak(path: &str) -> std::io::Result<&'static File> {
    Ok(Box::leak(Box::new(File::open(path)?))) //~ file_handle_leak
}

pub fn raw_fd_dropped(path: &str) -> std::io::Result<()> {
    let file = File::create(path)?;
    file.into_raw_fd(); //~ file_handle_leak
    Ok(())
}

pub fn raw_fd_unused(addr: &str) -> std::io::Result<()> {
    let socket = std::net::TcpStream::connect(addr)?;
    let fd = socket.into_raw_fd(); //~ file_handle_leak
    Ok(())
}

pub fn raw_fd_function_form(path: &str) -> std::io::Result<()> {
    let _fd = IntoRawFd::into_raw_fd(File::open(path)?); //~ file_handle_leak
    Ok(())
}

impl Cache {
    pub fn load(&mut self, paths: &[PathBuf]) -> std::io::Result<()> {
        for path in paths {
            self.open_files.push(File::open(path)?); //~ file_handle_leak
        }
        Ok(())
    }

    pub fn index(&mut self, names: Vec<String>) -> std::io::Result<()> {
        names.into_iter().try_for_each(|name| {
            let f = File::open(&name)?;
            self.by_name.insert(name, f); //~ file_handle_leak
            Ok(())
        })
    }
}

pub fn full_path_forget(path: &str) {
    std::mem::forget(std::fs::File::open(path).unwrap()); //~ file_handle_leak
}
