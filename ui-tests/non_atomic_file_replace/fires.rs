// Files the crate reads, rewritten in place.
use std::fs::{self, File, OpenOptions};
use std::io::Write;

const STATE: &str = "state.json";
const SETTINGS_PATH: &str = "/etc/app/settings.toml";

pub fn load() -> std::io::Result<String> {
    fs::read_to_string(STATE)
}

pub fn save(state: &str) -> std::io::Result<()> {
    fs::write(STATE, state) //~ non_atomic_file_replace
}

pub fn load_settings() -> std::io::Result<File> {
    File::open(SETTINGS_PATH)
}

pub fn save_settings(text: &str) -> std::io::Result<()> {
    let mut f = File::create(SETTINGS_PATH)?; //~ non_atomic_file_replace
    f.write_all(text.as_bytes())
}

pub fn truncating_options(text: &str) -> std::io::Result<()> {
    let mut f = OpenOptions::new().write(true).create(true).truncate(true).open("/var/lib/app/users.db")?; //~ non_atomic_file_replace
    f.write_all(text.as_bytes())
}

pub fn read_users() -> std::io::Result<Vec<u8>> {
    fs::read("/var/lib/app/users.db")
}

pub async fn tokio_save(body: Vec<u8>) -> std::io::Result<()> {
    tokio::fs::write("cache/index.bin", body).await //~ non_atomic_file_replace
}

pub async fn tokio_load() -> std::io::Result<Vec<u8>> {
    tokio::fs::read("cache/index.bin").await
}

pub fn read_modify_write() -> std::io::Result<()> {
    let path = "counters.txt";
    let n: u64 = fs::read_to_string(path)?.trim().parse().unwrap_or(0);
    fs::write(path, (n + 1).to_string()) //~ non_atomic_file_replace
}

pub fn via_constant_from_elsewhere(bytes: &[u8]) -> std::io::Result<()> {
    std::fs::write(crate::paths::SNAPSHOT, bytes) //~ non_atomic_file_replace
}

pub fn reads_snapshot() -> std::io::Result<Vec<u8>> {
    std::fs::read(crate::paths::SNAPSHOT)
}

pub fn in_closure(items: Vec<String>) {
    std::thread::spawn(move || {
        let _ = std::fs::write(STATE, items.join("\n")); //~ non_atomic_file_replace
    });
}

pub fn options_read() -> std::io::Result<File> {
    OpenOptions::new().read(true).open("queue.dat")
}

pub fn rewrite_queue() -> std::io::Result<File> {
    File::create("queue.dat") //~ non_atomic_file_replace
}
