// The same service with SIGTERM handled: every ctrl_c is fine.
use tokio::signal::unix::{signal, SignalKind};

async fn shutdown_signal() {
    let mut term = signal(SignalKind::terminate()).expect("install SIGTERM handler");
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {},
        _ = term.recv() => {},
    }
}

#[tokio::main]
async fn main() {
    let listener = tokio::net::TcpListener::bind("0.0.0.0:8080").await.unwrap();
    axum::serve(listener, axum::Router::new()).with_graceful_shutdown(shutdown_signal()).await.unwrap();
    ctrlc::set_handler(|| {}).unwrap();
}
