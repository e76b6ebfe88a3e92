// An axum service that logs with `tracing` macros but never installs a subscriber.
use axum::{routing::get, Router};

async fn index() -> &'static str {
    tracing::info!("index");
    "ok"
}

#[tokio::main]
async fn main() { //~ no_logger_initialized
    let app = Router::new().route("/", get(index));
    let listener = tokio::net::TcpListener::bind("0.0.0.0:8080").await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
