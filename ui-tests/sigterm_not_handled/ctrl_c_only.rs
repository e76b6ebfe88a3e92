// A service whose only shutdown trigger is Ctrl-C (SIGINT).
use tokio::signal;
use tokio::signal::ctrl_c as interrupted;

async fn shutdown_signal() {
    signal::ctrl_c().await.expect("install Ctrl-C handler"); //~ sigterm_not_handled
}

async fn other_spelling() {
    interrupted().await.ok(); //~ sigterm_not_handled
}

#[tokio::main]
async fn main() {
    let listener = tokio::net::TcpListener::bind("0.0.0.0:8080").await.unwrap();
    let app = axum::Router::new();
    axum::serve(listener, app).with_graceful_shutdown(shutdown_signal()).await.unwrap();
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {} //~ sigterm_not_handled
        _ = other_spelling() => {}
    }
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = stop.clone();
    ctrlc::set_handler(move || flag.store(true, std::sync::atomic::Ordering::SeqCst)).unwrap(); //~ sigterm_not_handled
    let _ = tokio::spawn(async { tokio::signal::ctrl_c().await }); //~ sigterm_not_handled
    std::thread::spawn(|| {
        ctrlc::try_set_handler(|| std::process::exit(0)).ok(); //~ sigterm_not_handled
    });
}
