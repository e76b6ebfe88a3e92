//@ profile: service
// Shared stores, state structs of pools and clients, look-alikes, tests.
use axum::routing::get;
use axum::{Extension, Router};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tower_sessions::SessionManagerLayer;
use tower_sessions_redis_store::RedisStore;

#[derive(Clone)]
pub struct AppState {
    pub db: sqlx::PgPool,
    pub http: reqwest::Client,
}

async fn index() -> &'static str {
    "hi"
}

pub fn redis_sessions(pool: fred::clients::Pool) -> Router {
    Router::new().layer(SessionManagerLayer::new(RedisStore::new(pool)))
}

pub fn state_struct(db: sqlx::PgPool, http: reqwest::Client) -> Router {
    Router::new().route("/", get(index)).with_state(AppState { db, http })
}

pub fn pool_as_state(db: sqlx::PgPool) -> Router {
    let state = Arc::new(db);
    Router::new().with_state(state).layer(Extension(Arc::new(reqwest::Client::new())))
}

pub fn config_as_extension() -> Router {
    let limits: HashMap<&str, u32> = HashMap::from([("upload", 10)]);
    Router::new().layer(Extension(Arc::new(limits)))
}

// A local type with the same name.
pub struct MemoryStore;
impl MemoryStore {
    pub fn default() -> Self {
        MemoryStore
    }
}
pub fn local_memory_store() -> MemoryStore {
    MemoryStore::default()
}

// A map used inside a function, never handed to the server.
pub fn counts(words: &[&str]) -> usize {
    let seen = Arc::new(Mutex::new(HashMap::<&str, u32>::new()));
    for w in words {
        *seen.lock().unwrap().entry(w).or_default() += 1;
    }
    let n = seen.lock().unwrap().len();
    n
}

// `with_state` on something that is not a router.
pub fn builder(b: my_crate::Builder) -> my_crate::Builder {
    b.with_state(Arc::new(Mutex::new(HashMap::<u8, u8>::new())))
}

pub async fn serve() {
    let listener = tokio::net::TcpListener::bind("0.0.0.0:80").await.unwrap();
    axum::serve(listener, Router::new()).with_graceful_shutdown(async {}).await.unwrap();
}

#[cfg(test)]
mod tests {
    use super::*;
    fn app() -> Router {
        Router::new().layer(SessionManagerLayer::new(tower_sessions::MemoryStore::default()))
    }
}
