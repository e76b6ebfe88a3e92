// Process-wide maps that only ever gain entries.
use dashmap::DashMap;
use once_cell::sync::Lazy;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{LazyLock, Mutex, OnceLock, RwLock};
use std::time::Instant;

static SEEN: LazyLock<Mutex<HashMap<String, Instant>>> = LazyLock::new(Default::default); //~ unbounded_cache

pub fn remember(id: String) {
    SEEN.lock().unwrap().insert(id, Instant::now());
}

static USERS: Lazy<RwLock<BTreeMap<u64, String>>> = Lazy::new(|| RwLock::new(BTreeMap::new())); //~ unbounded_cache

pub fn cache_user(id: u64, name: &str) {
    let mut users = USERS.write().unwrap();
    users.entry(id).or_insert_with(|| name.to_string());
}

lazy_static::lazy_static! {
    static ref PROFILES: DashMap<u64, String> = DashMap::new(); //~ unbounded_cache
}

pub fn profile(id: u64) -> String {
    PROFILES.entry(id).or_insert_with(|| format!("user-{id}")).clone()
}

static TOKENS: OnceLock<Mutex<HashSet<String>>> = OnceLock::new(); //~ unbounded_cache

pub fn issue(token: String) {
    TOKENS.get_or_init(Default::default).lock().unwrap().insert(token);
}

thread_local! {
    static MEMO: RefCell<HashMap<u64, u64>> = RefCell::new(HashMap::new()); //~ unbounded_cache
}

pub fn memo(n: u64) -> u64 {
    MEMO.with(|memo| *memo.borrow_mut().entry(n).or_insert(n * n))
}

static ROUTES: LazyLock<parking_lot::Mutex<HashMap<String, u32>>> = LazyLock::new(Default::default); //~ unbounded_cache

pub fn count_route(path: &str) {
    *ROUTES.lock().entry(path.to_string()).or_default() += 1;
}

static INDEX: LazyLock<tokio::sync::RwLock<HashMap<String, Vec<u8>>>> = LazyLock::new(Default::default); //~ unbounded_cache

pub async fn index(key: String, value: Vec<u8>) {
    INDEX.write().await.insert(key, value);
}

static mut LEGACY: Option<HashMap<u32, u32>> = None; //~ unbounded_cache

pub fn legacy(k: u32) {
    unsafe {
        LEGACY.get_or_insert_with(HashMap::new).insert(k, k);
    }
}

static BLOCKED: LazyLock<Mutex<Vec<u8>>> = LazyLock::new(Default::default);
static PEERS: LazyLock<dashmap::DashSet<String>> = LazyLock::new(Default::default); //~ unbounded_cache

pub fn peer(addr: String) {
    PEERS.insert(addr);
    BLOCKED.lock().unwrap().push(1);
}
