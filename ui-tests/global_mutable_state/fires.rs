// Global maps and cells that hold per-user or per-request state.
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{LazyLock, Mutex, OnceLock, RwLock};
use dashmap::DashMap;
use once_cell::sync::Lazy;
use parking_lot::Mutex as PlMutex;

#[macro_use]
extern crate lazy_static;

static SESSIONS: LazyLock<Mutex<HashMap<String, u64>>> = LazyLock::new(Default::default); //~ global_mutable_state

static JOBS: Lazy<DashMap<u64, String>> = Lazy::new(DashMap::new); //~ global_mutable_state

static RATE_LIMITS: OnceLock<RwLock<BTreeMap<String, u32>>> = OnceLock::new(); //~ global_mutable_state

static RECENT: Mutex<Vec<String>> = Mutex::new(Vec::new()); //~ global_mutable_state

static mut REQUEST_COUNT: u64 = 0; //~ global_mutable_state

static mut LAST_ERRORS: Option<Vec<String>> = None; //~ global_mutable_state

static PENDING: once_cell::sync::Lazy<PlMutex<Option<HashSet<u64>>>> = once_cell::sync::Lazy::new(Default::default); //~ global_mutable_state

static CARTS: std::sync::LazyLock<std::sync::Arc<dashmap::DashMap<u64, Vec<u64>>>> = std::sync::LazyLock::new(Default::default); //~ global_mutable_state

static QUEUE: LazyLock<tokio::sync::Mutex<std::collections::VecDeque<String>>> = LazyLock::new(Default::default); //~ global_mutable_state

lazy_static! {
    static ref CACHE: RwLock<HashMap<String, String>> = RwLock::new(HashMap::new()); //~ global_mutable_state
    pub static ref USERS: Mutex<Vec<u64>> = Mutex::new(vec![]); //~ global_mutable_state
}

thread_local! {
    static SEEN: RefCell<HashSet<u64>> = RefCell::new(HashSet::new()); //~ global_mutable_state
}

pub fn handler() -> usize {
    static LOCAL_CACHE: Mutex<BTreeMap<u32, u32>> = Mutex::new(BTreeMap::new()); //~ global_mutable_state
    LOCAL_CACHE.lock().unwrap().len()
}
