//! demo-billing: charges customers through a payment provider.

mod handlers;
mod payments;

use axum::routing::{get, post};
use axum::Router;
use std::sync::Arc;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    println!("starting demo-billing");
    tracing_subscriber::fmt().with_env_filter("info").init();

    let payments = Arc::new(payments::PaymentsClient::new("https://payments.internal"));
    let app = Router::new()
        .route("/health", get(handlers::health))
        .route("/charge", post(handlers::charge))
        .with_state(payments);

    let listener = tokio::net::TcpListener::bind("0.0.0.0:8080").await?;
    tracing::info!("listening on 8080");
    tokio::spawn(async {
        tokio::signal::ctrl_c().await.ok();
        println!("bye");
        std::process::exit(0);
    });
    axum::serve(listener, app).await
}
