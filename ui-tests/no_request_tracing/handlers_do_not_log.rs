//@ profile: service
// A logger, but no request handler writes a log line: nothing to tell apart, silent.
use axum::{extract::State, routing::get, Router};

async fn stats(State(count): State<u64>) -> String {
    count.to_string()
}

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt().init();
    tracing::info!("starting");
    let app = Router::new().route("/stats", get(stats)).with_state(0);
    let listener = tokio::net::TcpListener::bind("0.0.0.0:3000").await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
