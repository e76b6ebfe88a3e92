// An axum service whose router has no timeout layer anywhere in the package.
use axum::{routing::get, Router};
use tokio::net::TcpListener;

async fn index() -> &'static str {
    "ok"
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let app = Router::new().route("/", get(index));
    let listener = TcpListener::bind("0.0.0.0:3000").await?;
    axum::serve(listener, app) //~ server_without_request_timeout
        .with_graceful_shutdown(async { let _ = tokio::signal::ctrl_c().await; })
        .await
}

pub async fn admin(app: Router) {
    let listener = TcpListener::bind("127.0.0.1:9000").await.unwrap();
    axum::serve(listener, app).await.unwrap(); //~ server_without_request_timeout
}

pub async fn legacy(app: Router) {
    let addr = std::net::SocketAddr::from(([0, 0, 0, 0], 3000));
    axum::Server::bind(&addr).serve(app.into_make_service()).await.unwrap(); //~ server_without_request_timeout
}
