// tonic, warp, hyper 0.14 and actix-web servers with no request timeout.
use actix_web::{App, HttpServer};
use std::time::Duration;
use tonic::transport::Server;

pub async fn grpc(addr: std::net::SocketAddr, svc: GreeterServer<MyGreeter>) -> Result<(), tonic::transport::Error> {
    Server::builder().add_service(svc).serve(addr).await //~ server_without_request_timeout
}

pub async fn grpc_full_path(addr: std::net::SocketAddr, svc: GreeterServer<MyGreeter>) {
    tonic::transport::Server::builder() //~ server_without_request_timeout
        .concurrency_limit_per_connection(32)
        .add_service(svc)
        .serve_with_shutdown(addr, async {})
        .await
        .unwrap();
}

pub async fn rest(routes: warp::filters::BoxedFilter<(String,)>) {
    warp::serve(routes).run(([0, 0, 0, 0], 8080)).await; //~ server_without_request_timeout
}

pub async fn hyper_014(make_svc: MakeSvc) {
    let addr = ([127, 0, 0, 1], 3000).into();
    hyper::Server::bind(&addr).serve(make_svc).await.unwrap(); //~ server_without_request_timeout
}

pub async fn actix_disabled() -> std::io::Result<()> {
    HttpServer::new(|| App::new())
        .client_request_timeout(Duration::ZERO) //~ server_without_request_timeout
        .bind(("0.0.0.0", 8080))?
        .run()
        .await
}

pub async fn actix_disabled_old_name() -> std::io::Result<()> {
    actix_web::HttpServer::new(|| actix_web::App::new())
        .client_timeout(0) //~ server_without_request_timeout
        .bind("0.0.0.0:8081")?
        .run()
        .await
}

pub struct GreeterServer<T>(T);
pub struct MyGreeter;
pub struct MakeSvc;
