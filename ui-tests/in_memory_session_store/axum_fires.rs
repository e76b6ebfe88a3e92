//@ profile: service
// tower-sessions memory stores and maps handed to axum as state.
use axum::routing::get;
use axum::{Extension, Router};
use dashmap::DashMap;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::RwLock;
use tower_sessions::{MemoryStore, SessionManagerLayer};

async fn index() -> &'static str {
    "hi"
}

pub fn with_memory_store() -> Router {
    let store = MemoryStore::default(); //~ in_memory_session_store
    Router::new().route("/", get(index)).layer(SessionManagerLayer::new(store))
}

pub fn full_path_store() -> Router {
    Router::new().layer(SessionManagerLayer::new(tower_sessions::MemoryStore::new())) //~ in_memory_session_store
}

pub fn split_crate_store() -> Router {
    let layer = SessionManagerLayer::new(tower_sessions_memory_store::MemoryStore::default()); //~ in_memory_session_store
    Router::new().layer(layer)
}

pub fn map_as_state() -> Router {
    let sessions = Arc::new(Mutex::new(HashMap::<String, u64>::new()));
    Router::new()
        .route("/", get(index))
        .with_state(sessions) //~ in_memory_session_store
}

pub fn dashmap_clone_as_state() -> Router {
    let carts: Arc<DashMap<u64, Vec<u64>>> = Arc::new(DashMap::new());
    let app = Router::new().route("/", get(index));
    app.clone();
    Router::new().with_state(carts.clone()) //~ in_memory_session_store
}

pub fn inline_state() -> Router {
    Router::new().with_state(Arc::new(RwLock::new(HashMap::<u64, String>::new()))) //~ in_memory_session_store
}

pub fn extension_layer() -> Router {
    let tokens = Arc::new(DashMap::<String, u64>::new());
    Router::new().layer(Extension(tokens)) //~ in_memory_session_store
}

pub async fn serve() {
    let listener = tokio::net::TcpListener::bind("0.0.0.0:80").await.unwrap();
    axum::serve(listener, with_memory_store()).with_graceful_shutdown(async {}).await.unwrap();
}
