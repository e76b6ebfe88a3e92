// tonic's own per-request timeout.
use std::time::Duration;
use tonic::transport::Server;

pub async fn grpc(addr: std::net::SocketAddr, svc: GreeterServer<MyGreeter>) -> Result<(), tonic::transport::Error> {
    Server::builder()
        .timeout(Duration::from_secs(30))
        .add_service(svc)
        .serve(addr)
        .await
}

pub struct GreeterServer<T>(T);
pub struct MyGreeter;
