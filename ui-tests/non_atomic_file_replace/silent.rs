// Temp-then-rename, files never read back, appends, logs, dynamic paths, tests.
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::Path;

const STATE: &str = "state.json";
const STATE_TMP: &str = "state.json.tmp";

pub fn load() -> std::io::Result<String> {
    fs::read_to_string(STATE)
}

pub fn save_atomically(state: &str) -> std::io::Result<()> {
    fs::write(STATE_TMP, state)?;
    fs::rename(STATE_TMP, STATE)
}

pub fn tempfile_persist(state: &str) -> std::io::Result<()> {
    let mut tmp = tempfile::NamedTempFile::new_in(".")?;
    tmp.write_all(state.as_bytes())?;
    tmp.persist(STATE)?;
    Ok(())
}

pub fn export(rows: &str) -> std::io::Result<()> {
    fs::write("export.csv", rows)
}

pub fn append_audit(line: &str) -> std::io::Result<()> {
    let mut f = OpenOptions::new().append(true).open("audit.jsonl")?;
    writeln!(f, "{line}")
}

pub fn read_audit() -> std::io::Result<String> {
    fs::read_to_string("audit.jsonl")
}

pub fn log_file() -> std::io::Result<File> {
    File::create("server.log")
}
pub fn read_log() -> std::io::Result<String> {
    fs::read_to_string("server.log")
}

pub fn dynamic(dir: &Path, body: &[u8]) -> std::io::Result<()> {
    fs::write(dir.join("state.json"), body)
}

pub fn create_new() -> std::io::Result<File> {
    OpenOptions::new().write(true).create_new(true).open("state.json")
}

#[cfg(test)]
mod tests {
    #[test]
    fn t() {
        std::fs::write(super::STATE, "{}").unwrap();
    }
}
