// Servers with a request timeout somewhere in the package, and actix-web's default.
use axum::{routing::get, Router};
use std::time::Duration;
use tower_http::timeout::TimeoutLayer;

async fn index() -> &'static str {
    "ok"
}

fn router() -> Router {
    Router::new()
        .route("/", get(index))
        .layer(TimeoutLayer::new(Duration::from_secs(10)))
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind("0.0.0.0:3000").await?;
    axum::serve(listener, router()).await
}

pub async fn actix_default() -> std::io::Result<()> {
    actix_web::HttpServer::new(|| actix_web::App::new())
        .bind(("0.0.0.0", 8080))?
        .run()
        .await
}

pub async fn actix_explicit() -> std::io::Result<()> {
    actix_web::HttpServer::new(|| actix_web::App::new())
        .client_request_timeout(Duration::from_secs(10))
        .bind(("0.0.0.0", 8080))?
        .run()
        .await
}
