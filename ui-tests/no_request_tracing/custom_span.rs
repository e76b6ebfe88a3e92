//@ profile: service
// A hand-written middleware opening a span per request: silent.
use axum::{extract::Request, middleware::Next, response::Response};
use tracing::Instrument;

async fn trace_requests(req: Request, next: Next) -> Response {
    let span = tracing::info_span!("http_request", method = %req.method(), uri = %req.uri());
    next.run(req).instrument(span).await
}

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt().init();
    let app = axum::Router::new().layer(axum::middleware::from_fn(trace_requests));
    let listener = tokio::net::TcpListener::bind("0.0.0.0:3000").await.unwrap();
    axum::serve(listener, app).await.unwrap();
}

async fn item(axum::extract::Path(id): axum::extract::Path<u64>) {
    tracing::info!(id, "item");
}
