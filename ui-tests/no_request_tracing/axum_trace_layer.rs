//@ profile: service
// A renamed TraceLayer on the router: silent.
use axum::{routing::get, Router};
use tower_http::trace::TraceLayer as Traced;

#[tokio::main]
async fn main() {
    env_logger::init();
    let app = Router::new()
        .route("/", get(|| async { log::info!("hit"); "ok" }))
        .layer(Traced::new_for_http());
    let listener = tokio::net::TcpListener::bind("0.0.0.0:3000").await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
