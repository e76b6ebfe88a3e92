// Maps in app state shared by every request.
use axum::extract::State;
use axum::routing::post;
use axum::{Extension, Router};
use dashmap::DashMap;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};

#[derive(Clone)]
pub struct AppState {
    visits: Arc<Mutex<HashMap<String, u64>>>,
    sessions: Arc<DashMap<u64, String>>,
    pool: Arc<Pool>,
}

pub fn router(pool: Arc<Pool>) -> Router {
    let state = AppState {
        visits: Arc::new(Mutex::new(HashMap::new())), //~ unbounded_cache
        sessions: Arc::new(DashMap::new()),
        pool,
    };
    Router::new().route("/visit", post(visit)).with_state(state)
}

async fn visit(State(state): State<AppState>, path: String) {
    *state.visits.lock().unwrap().entry(path).or_default() += 1;
    state.sessions.insert(1, String::new());
}

async fn logout(State(state): State<AppState>, id: u64) {
    state.sessions.remove(&id);
}

pub struct Registry {
    names: RwLock<HashMap<u64, String>>,
    labels: RwLock<HashMap<u64, String>>,
}

pub fn extension() -> Router {
    Router::new().layer(Extension(Arc::new(Registry {
        names: RwLock::new(HashMap::with_capacity(64)), //~ unbounded_cache
        labels: RwLock::new(HashMap::new()),
    })))
}

async fn register(Extension(registry): Extension<Arc<Registry>>, id: u64, name: String) {
    registry.names.write().unwrap().insert(id, name.clone());
    let mut labels = registry.labels.write().unwrap();
    if labels.len() > 1000 {
        labels.clear();
    }
    labels.insert(id, name);
}

pub struct Worker {
    pending: Mutex<HashMap<u64, String>>,
}

/// A struct that is not handed to a server: not app state.
pub fn worker() -> Worker {
    let worker = Worker { pending: Mutex::new(HashMap::new()) };
    worker.pending.lock().unwrap().insert(1, String::new());
    worker
}

pub fn actix() -> actix_web::App<()> {
    let shared = Arc::new(Cache { entries: Mutex::new(HashMap::new()) }); //~ unbounded_cache
    actix_web::App::new().app_data(actix_web::web::Data::new(shared.clone()))
}

async fn remember(cache: actix_web::web::Data<Arc<Cache>>, k: String) {
    cache.entries.lock().unwrap().insert(k, 1);
}
