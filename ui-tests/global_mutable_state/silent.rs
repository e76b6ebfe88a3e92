// Look-alikes: read-only lazies, atomics, plain locks, constants, scratch buffers, tests.
use regex::Regex;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64};
use std::sync::{LazyLock, Mutex, OnceLock};

pub struct Config {
    pub port: u16,
}

static CONFIG: OnceLock<Config> = OnceLock::new();
static EMAIL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[^@]+@[^@]+$").unwrap());
static REQUESTS: AtomicU64 = AtomicU64::new(0);
static SHUTTING_DOWN: AtomicBool = AtomicBool::new(false);
static INIT: Mutex<()> = Mutex::new(());
static COUNTRY_CODES: LazyLock<HashMap<&str, &str>> = LazyLock::new(|| HashMap::from([("fr", "France")]));
const LIMITS: [u32; 3] = [1, 2, 3];
static NAMES: &[&str] = &["a", "b"];
static HTTP: LazyLock<reqwest::Client> = LazyLock::new(reqwest::Client::new);

thread_local! {
    static BUF: RefCell<Vec<u8>> = RefCell::new(Vec::new());
    static DEPTH: Cell<u32> = Cell::new(0);
}

// Found in shadowsocks: a bounded pool of reusable buffers.
static TOKEN_BUFFER_LIST: LazyLock<Mutex<Vec<bytes::BytesMut>>> = LazyLock::new(|| Mutex::new(Vec::new()));
static SCRATCH: Mutex<Vec<Vec<u8>>> = Mutex::new(Vec::new());

// Found in log, rayon-core, backtrace, wait-timeout, sccache: init-once and signal
// idioms of low-level code, synchronised by hand.
static mut LOGGER: &dyn std::fmt::Debug = &0;
static mut THE_REGISTRY: Option<std::sync::Arc<Config>> = None;
static mut INITIALIZED: bool = false;
static mut PREV_SIGSEGV: *const u8 = std::ptr::null();
// Found in wasm-bindgen: flags read by foreign code, not counters.
#[no_mangle]
pub static mut __instance_terminated: u32 = 0;
static mut JSPI_REJECTED: u32 = 0;

// A local type named like a lock is not one.
struct Mutex2<T>(T);
static WRAPPED: Mutex2<u32> = Mutex2(0);

pub fn port() -> u16 {
    CONFIG.get().map_or(8080, |c| c.port)
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::sync::Mutex;
    static CALLS: Mutex<Vec<String>> = Mutex::new(Vec::new());
    static mut FLAG: bool = false;
    static MAP: std::sync::LazyLock<Mutex<HashMap<u32, u32>>> = std::sync::LazyLock::new(Default::default);
}
