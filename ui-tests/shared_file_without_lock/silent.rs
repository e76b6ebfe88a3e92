// Locked files, configured paths, new files, renamed temp files, reads, tests.
use fs2::FileExt;
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::Path;

pub fn std_lock(line: &str) -> std::io::Result<()> {
    let mut f = OpenOptions::new().append(true).create(true).open("/var/log/billing.log")?;
    f.lock()?;
    writeln!(f, "{line}")
}

pub fn fs2_lock() -> std::io::Result<()> {
    let f = OpenOptions::new().write(true).create(true).open("/run/billing.pid")?;
    f.try_lock_exclusive()?;
    Ok(())
}

pub fn fs2_function_form() -> std::io::Result<()> {
    let f = OpenOptions::new().write(true).open("/run/app.state")?;
    FileExt::lock_exclusive(&f)?;
    Ok(())
}

pub fn fd_lock() -> std::io::Result<()> {
    let mut lock = fd_lock::RwLock::new(File::create("/run/billing.pid")?);
    let _guard = lock.write()?;
    Ok(())
}

pub fn fd_lock_var() -> std::io::Result<()> {
    let file = OpenOptions::new().append(true).open("/var/log/x.log")?;
    let mut lock = fd_lock::RwLock::new(file);
    let _g = lock.try_write()?;
    Ok(())
}

pub fn chained_lock() -> std::io::Result<()> {
    OpenOptions::new().write(true).open("/run/x.pid")?.lock()
}

pub fn configured(path: &Path) -> std::io::Result<File> {
    OpenOptions::new().append(true).open(path)
}

pub fn create_new() -> std::io::Result<File> {
    OpenOptions::new().write(true).create_new(true).open("/run/billing.pid")
}

pub fn renamed_into_place(bytes: &[u8]) -> std::io::Result<()> {
    let mut f = OpenOptions::new().write(true).create(true).truncate(true).open("/var/lib/app/state.json.tmp")?;
    f.write_all(bytes)?;
    fs::rename("/var/lib/app/state.json.tmp", "/var/lib/app/state.json")
}

pub fn read_only() -> std::io::Result<File> {
    OpenOptions::new().read(true).open("/etc/app/config.json")
}

pub fn handed_on() -> std::io::Result<()> {
    let f = OpenOptions::new().append(true).open("/var/log/app.log")?;
    lock_and_write(f)
}

pub struct Logger {
    file: File,
}
pub fn stored() -> std::io::Result<Logger> {
    let file = OpenOptions::new().append(true).open("/var/log/app.log")?;
    Ok(Logger { file })
}

pub fn create_output() -> std::io::Result<File> {
    File::create("report.json")
}

fn lock_and_write(_f: File) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn t() {
        let _ = std::fs::OpenOptions::new().append(true).open("/tmp/test.log");
    }
}
