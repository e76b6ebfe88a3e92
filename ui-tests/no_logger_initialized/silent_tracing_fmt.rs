//@ profile: service
// tracing-subscriber's one-line init.
#[tokio::main]
async fn main() {
    tracing_subscriber::fmt::init();
    let listener = tokio::net::TcpListener::bind("0.0.0.0:8080").await.unwrap();
    axum::serve(listener, axum::Router::new()).await.unwrap();
}
