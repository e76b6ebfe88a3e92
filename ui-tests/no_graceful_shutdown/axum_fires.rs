// axum and hyper 0.14 servers with no shutdown path.
use axum::{routing::get, Router};
use tokio::net::TcpListener;

async fn health() -> &'static str {
    "ok"
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let app = Router::new().route("/health", get(health));
    let listener = TcpListener::bind("0.0.0.0:8080").await?;
    axum::serve(listener, app).await?; //~ no_graceful_shutdown
    Ok(())
}

pub async fn bound_to_a_variable(listener: TcpListener, app: Router) -> std::io::Result<()> {
    let server = axum::serve(listener, app); //~ no_graceful_shutdown
    server.await
}

pub async fn axum_06(app: Router) {
    let addr = std::net::SocketAddr::from(([0, 0, 0, 0], 3000));
    axum::Server::bind(&addr).serve(app.into_make_service()).await.unwrap(); //~ no_graceful_shutdown
}

pub async fn hyper_014(make_svc: MakeSvc) -> Result<(), hyper::Error> {
    use hyper::Server as HyperServer;
    let addr = ([127, 0, 0, 1], 3000).into();
    HyperServer::bind(&addr).serve(make_svc).await //~ no_graceful_shutdown
}

pub async fn in_spawned_task(listener: TcpListener, app: Router) {
    tokio::spawn(async move {
        axum::serve(listener, app).await.ok(); //~ no_graceful_shutdown
    });
}
