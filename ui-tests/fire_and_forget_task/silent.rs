//@ profile: service
// Handles kept, joined, tracked; spawns outside request handlers; tests.
use axum::extract::{Json, State};
use std::sync::Arc;
use tokio::task::JoinSet;
use tokio_util::task::TaskTracker;

#[derive(Clone)]
pub struct App {
    tracker: TaskTracker,
}

pub async fn awaited(Json(email): Json<String>) -> Result<(), tokio::task::JoinError> {
    tokio::spawn(send_welcome(email)).await
}

pub async fn joined_later(Json(email): Json<String>) -> &'static str {
    let handle = tokio::spawn(send_welcome(email));
    let _ = handle.await;
    "ok"
}

pub async fn tracked(State(app): State<App>, Json(email): Json<String>) -> &'static str {
    app.tracker.spawn(send_welcome(email));
    "ok"
}

pub async fn join_set(Json(emails): Json<Vec<String>>) -> usize {
    let mut set = JoinSet::new();
    for e in emails {
        set.spawn(send_welcome(e));
    }
    set.join_all().await.len()
}

pub async fn stored(State(app): State<Arc<std::sync::Mutex<Vec<tokio::task::JoinHandle<()>>>>>, Json(e): Json<String>) {
    app.lock().unwrap().push(tokio::spawn(send_welcome(e)));
}

pub async fn returned(Json(e): Json<String>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(send_welcome(e))
}

// The per-connection task of an accept loop.
pub async fn accept_loop(listener: tokio::net::TcpListener) {
    loop {
        let (socket, _) = listener.accept().await.unwrap();
        tokio::spawn(async move {
            drop(socket);
        });
    }
}

#[tokio::main]
async fn main() {
    tokio::spawn(metrics_exporter());
    let listener = tokio::net::TcpListener::bind("0.0.0.0:80").await.unwrap();
    accept_loop(listener).await;
}

// A background worker started at startup, not per request.
impl App {
    pub fn new() -> Self {
        tokio::spawn(metrics_exporter());
        App { tracker: TaskTracker::new() }
    }
}

async fn send_welcome(_email: String) {}
async fn metrics_exporter() {}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn spawns() {
        tokio::spawn(async {});
    }
}

// Found in sshx-server: a tonic streaming RPC whose task feeds the response stream.
pub struct Grpc;
#[tonic::async_trait]
impl Service for Grpc {
    async fn channel(&self, request: tonic::Request<String>) -> Result<tonic::Response<Stream>, tonic::Status> {
        let (tx, rx) = tokio::sync::mpsc::channel(16);
        tokio::spawn(async move {
            let _ = tx.send(request.into_inner()).await;
        });
        Ok(tonic::Response::new(Stream(rx)))
    }
}
pub struct Stream(tokio::sync::mpsc::Receiver<String>);
pub trait Service {}
