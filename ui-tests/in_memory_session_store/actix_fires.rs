//@ profile: service
// actix-web app data holding maps, and a hand-written in-memory SessionStore.
use actix_session::storage::{SaveError, SessionKey, SessionStore};
use actix_web::{web, App, HttpServer};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};

pub struct MemorySessions {
    map: Arc<RwLock<HashMap<String, String>>>,
}

impl SessionStore for MemorySessions {
    async fn save(&self, state: String) -> Result<SessionKey, SaveError> {
        let key = SessionKey::generate();
        self.map.write().unwrap().insert(key.as_ref().to_string(), state); //~ in_memory_session_store
        Ok(key)
    }
}

pub async fn run() -> std::io::Result<()> {
    let sessions = web::Data::new(Mutex::new(HashMap::<String, u64>::new())); //~ in_memory_session_store
    let shared = Arc::new(Mutex::new(Vec::<String>::new()));
    HttpServer::new(move || {
        App::new()
            .app_data(sessions.clone())
            .app_data(web::Data::new(dashmap::DashMap::<u64, u64>::new())) //~ in_memory_session_store
            .app_data(shared.clone()) //~ in_memory_session_store
    })
    .bind("0.0.0.0:8080")?
    .run()
    .await
}
