// Owner-only and group modes, look-alikes, and test code: none of them fire.
use std::fs::{self, DirBuilder, OpenOptions, Permissions};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};

const PRIVATE: u32 = 0o600;

pub fn lock_down(dir: &str, key: &str) -> std::io::Result<()> {
    fs::set_permissions(dir, Permissions::from_mode(0o755))?;
    fs::set_permissions(key, Permissions::from_mode(PRIVATE))?;
    fs::set_permissions(dir, Permissions::from_mode(0o770))
}

pub fn readable_by_all(path: &str) -> std::io::Result<()> {
    let mut perms = fs::metadata(path)?.permissions();
    perms.set_mode(0o644);
    fs::set_permissions(path, perms)
}

// Creation modes pass through the umask (022 by default): 0o777 and 0o666 are what
// every program creates with, and std's defaults.
pub fn default_creation_modes(dir: &str, log: &str) -> std::io::Result<fs::File> {
    DirBuilder::new().recursive(true).mode(0o777).create(dir)?;
    OpenOptions::new().append(true).create(true).mode(0o666).open(log)
}

pub fn pid_file(path: &std::ffi::CStr) -> i32 {
    unsafe { libc::open(path.as_ptr(), libc::O_WRONLY | libc::O_CREAT, 0o666) }
}

pub fn private_dir(dir: &str) -> std::io::Result<()> {
    DirBuilder::new().recursive(true).mode(0o700).create(dir)
}

pub fn private_file(path: &str) -> std::io::Result<fs::File> {
    OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)
}

// A runtime mode (from config): not a literal this rule can judge.
pub fn configured(dir: &str, mode: u32) -> std::io::Result<()> {
    fs::set_permissions(dir, Permissions::from_mode(mode))
}

// `mode` of something else: a display mode, not permission bits.
pub struct Terminal;
impl Terminal {
    pub fn mode(&self, _m: u32) {}
}
pub fn terminal(t: &Terminal) {
    t.mode(0o777);
}

// Decimal 777 is 0o1411: not other-writable.
pub fn decimal_look_alike(dir: &str) -> std::io::Result<()> {
    fs::set_permissions(dir, Permissions::from_mode(777))
}

// The mode of an existing file read back, never set.
pub fn report(path: &str) -> std::io::Result<u32> {
    Ok(fs::metadata(path)?.permissions().mode() & 0o777)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn world_writable_fixture() {
        let _ = fs::set_permissions("/tmp/x", Permissions::from_mode(0o777));
    }
}
