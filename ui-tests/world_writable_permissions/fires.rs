// Other-writable modes, written the ways real services write them.
use std::fs::{self, Permissions};
use std::os::unix::fs::PermissionsExt as _;

const SHARED_MODE: u32 = 0o777;

pub fn open_spool(dir: &str) -> std::io::Result<()> {
    fs::set_permissions(dir, Permissions::from_mode(0o777))?; //~ world_writable_permissions
    fs::set_permissions(dir, std::fs::Permissions::from_mode(SHARED_MODE)) //~ world_writable_permissions
}

pub fn relax(path: &str) -> std::io::Result<()> {
    let mut perms = fs::metadata(path)?.permissions();
    perms.set_mode(0o666); //~ world_writable_permissions
    fs::set_permissions(path, perms)
}

pub fn relax_descriptor(fd: i32) {
    unsafe {
        libc::fchmod(fd, 0o666); //~ world_writable_permissions
    }
}

pub fn sticky_tmp(dir: &str) -> std::io::Result<()> {
    fs::set_permissions(dir, Permissions::from_mode(0o1777)) //~ world_writable_permissions
}

pub fn by_group_bits(dir: &str) -> std::io::Result<()> {
    fs::set_permissions(dir, Permissions::from_mode(0o750 | 0o007)) //~ world_writable_permissions
}

pub fn c_api(path: &std::ffi::CStr) {
    unsafe {
        libc::chmod(path.as_ptr(), 0o777); //~ world_writable_permissions
    }
}

pub async fn tokio_dir(dir: &str) -> std::io::Result<()> {
    let worker = async move {
        tokio::fs::set_permissions(dir, Permissions::from_mode(0o777)).await //~ world_writable_permissions
    };
    worker.await
}

pub fn group_shared_upload(dir: &str) -> std::io::Result<()> {
    let open = Permissions::from_mode(0o772); //~ world_writable_permissions
    fs::set_permissions(dir, open)
}

pub fn in_closure(paths: &[&str]) {
    paths.iter().for_each(|p| {
        let _ = fs::set_permissions(p, Permissions::from_mode(0o666)); //~ world_writable_permissions
    });
}
