// Bounded caches, maps that lose entries, and maps filled once: none of them fire.
use dashmap::DashMap;
use std::collections::HashMap;
use std::num::NonZeroUsize;
use std::sync::{LazyLock, Mutex, RwLock};

static LRU: LazyLock<Mutex<lru::LruCache<u64, String>>> =
    LazyLock::new(|| Mutex::new(lru::LruCache::new(NonZeroUsize::new(1000).unwrap())));

pub fn lru_put(k: u64, v: String) {
    LRU.lock().unwrap().put(k, v);
}

static MOKA: LazyLock<moka::sync::Cache<u64, String>> = LazyLock::new(|| moka::sync::Cache::new(10_000));

pub fn moka_put(k: u64, v: String) {
    MOKA.insert(k, v);
}

static QUICK: LazyLock<quick_cache::sync::Cache<u64, String>> =
    LazyLock::new(|| quick_cache::sync::Cache::new(10_000));

pub fn quick_put(k: u64, v: String) {
    QUICK.insert(k, v);
}

static SESSIONS: LazyLock<DashMap<u64, String>> = LazyLock::new(DashMap::new);

pub fn login(id: u64, name: String) {
    SESSIONS.insert(id, name);
}

pub fn logout(id: u64) {
    SESSIONS.remove(&id);
}

static PENDING: LazyLock<Mutex<HashMap<u64, String>>> = LazyLock::new(Default::default);

pub fn enqueue(id: u64, job: String) {
    PENDING.lock().unwrap().insert(id, job);
}

pub fn expire() {
    PENDING.lock().unwrap().retain(|id, _| *id > 10);
}

static CAPPED: LazyLock<RwLock<HashMap<String, u32>>> = LazyLock::new(Default::default);

pub fn capped(key: String) {
    let mut map = CAPPED.write().unwrap();
    if map.len() >= 10_000 {
        map.clear();
    }
    map.insert(key, 1);
}

/// Filled once at start-up, read after.
static CODES: LazyLock<HashMap<&'static str, u16>> = LazyLock::new(|| {
    let mut codes = HashMap::new();
    codes.insert("ok", 200);
    codes
});

pub fn code(name: &str) -> Option<u16> {
    CODES.get(name).copied()
}

/// Read-only, never inserted into.
static ALLOWED: LazyLock<Mutex<HashMap<String, bool>>> = LazyLock::new(Default::default);

pub fn allowed(name: &str) -> bool {
    ALLOWED.lock().unwrap().contains_key(name)
}

static SWAPPED: LazyLock<Mutex<HashMap<u64, u64>>> = LazyLock::new(Default::default);

pub fn add(k: u64) {
    SWAPPED.lock().unwrap().insert(k, k);
}

pub fn flush() -> HashMap<u64, u64> {
    std::mem::take(&mut *SWAPPED.lock().unwrap())
}

pub struct Local {
    map: HashMap<u64, u64>,
}

/// A map owned by a value, not by the process.
pub fn local(mut local: Local) {
    local.map.insert(1, 1);
    let mut m = HashMap::new();
    m.insert(1, 2);
}

#[cfg(test)]
mod tests {
    static TEST_MAP: std::sync::LazyLock<std::sync::Mutex<std::collections::HashMap<u8, u8>>> =
        std::sync::LazyLock::new(Default::default);
    #[test]
    fn fills() {
        TEST_MAP.lock().unwrap().insert(1, 1);
    }
}
