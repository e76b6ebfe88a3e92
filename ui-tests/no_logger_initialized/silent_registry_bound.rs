//@ profile: service
// A registry built into a local, then installed through `SubscriberInitExt::init`.
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

#[tokio::main]
async fn main() {
    let subscriber = tracing_subscriber::registry().with(tracing_subscriber::fmt::layer());
    subscriber.init();
    let listener = tokio::net::TcpListener::bind("0.0.0.0:8080").await.unwrap();
    axum::serve(listener, axum::Router::new()).await.unwrap();
}
