//@ profile: service
// Servers of several frameworks with a logger but no request-scoped tracing.
use actix_web::HttpServer as Srv;
use axum::{routing::get, Router};
use tonic::transport::Server as Grpc;

async fn index(axum::extract::Path(id): axum::extract::Path<u64>) -> &'static str {
    tracing::info!(id, "loading the item");
    "ok"
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt().init();
    let app = Router::new().route("/", get(index));
    let listener = tokio::net::TcpListener::bind("0.0.0.0:3000").await?;
    axum::serve(listener, app.clone()).await?; //~ no_request_tracing
    let listener = tokio::net::TcpListener::bind("0.0.0.0:3001").await?;
    axum::serve(listener, app) //~ no_request_tracing
        .with_graceful_shutdown(async {})
        .await?;
    Ok(())
}

pub async fn actix_full_path() -> std::io::Result<()> {
    actix_web::HttpServer::new(|| actix_web::App::new()) //~ no_request_tracing
        .bind(("0.0.0.0", 8080))?
        .run()
        .await
}

pub async fn actix_renamed() -> std::io::Result<()> {
    Srv::new(|| actix_web::App::new()).bind(("0.0.0.0", 8081))?.run().await //~ no_request_tracing
}

pub async fn hyper_server(make_svc: MakeSvc) {
    let addr = ([0, 0, 0, 0], 8082).into();
    hyper::Server::bind(&addr).serve(make_svc).await.unwrap(); //~ no_request_tracing
}

pub async fn grpc(svc: GreeterServer<MyGreeter>) -> Result<(), tonic::transport::Error> {
    Grpc::builder() //~ no_request_tracing
        .add_service(svc)
        .serve("0.0.0.0:50051".parse().unwrap())
        .await
}

pub async fn warp_server() {
    let routes = warp::path("hello").map(|| "hello");
    warp::serve(routes).run(([0, 0, 0, 0], 8083)).await; //~ no_request_tracing
}

pub fn spawned(app: Router) {
    tokio::spawn(async move {
        let listener = tokio::net::TcpListener::bind("0.0.0.0:3002").await.unwrap();
        axum::serve(listener, app).await.unwrap(); //~ no_request_tracing
    });
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn serves() {
        let app = axum::Router::new();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        axum::serve(listener, app).await.unwrap();
    }
}
