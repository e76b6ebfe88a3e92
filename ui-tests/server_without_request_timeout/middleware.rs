// A hand-written middleware bounding every request with tokio::time::timeout.
use axum::{extract::Request, middleware::Next, response::Response, Router};
use std::time::Duration;

async fn deadline(req: Request, next: Next) -> Result<Response, axum::http::StatusCode> {
    tokio::time::timeout(Duration::from_secs(20), next.run(req))
        .await
        .map_err(|_| axum::http::StatusCode::REQUEST_TIMEOUT)
}

pub async fn serve(app: Router) {
    let app = app.layer(axum::middleware::from_fn(deadline));
    let listener = tokio::net::TcpListener::bind("0.0.0.0:3000").await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
