//@ profile: service
// Found in nostr-rs-relay: a hyper handler that spawns the task serving the upgraded
// WebSocket connection (the connection's own task), and what that task spawns.
use hyper::upgrade;
use hyper::{Body, Request, Response};
use std::convert::Infallible;

async fn handle_web_request(mut request: Request<Body>) -> Result<Response<Body>, Infallible> {
    tokio::spawn(async move {
        if let Ok(upgraded) = upgrade::on(&mut request).await {
            tokio::spawn(serve_socket(upgraded));
        }
    });
    Ok(Response::new(Body::empty()))
}

async fn with_detached_audit(request: Request<Body>) -> Result<Response<Body>, Infallible> {
    tokio::spawn(async move { //~ fire_and_forget_task
        audit(request.uri().to_string()).await;
        tokio::spawn(audit(String::new()));
    });
    Ok(Response::new(Body::empty()))
}

async fn serve_socket(_u: hyper::upgrade::Upgraded) {}
async fn audit(_s: String) {}

pub async fn run() {
    let listener = tokio::net::TcpListener::bind("0.0.0.0:80").await.unwrap();
    drop(listener);
    let _ = handle_web_request;
    let _ = with_detached_audit;
}
