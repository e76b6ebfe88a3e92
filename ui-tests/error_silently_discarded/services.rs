//@ profile: service
//@ dep: axum
//@ dep: actix-web
// Handlers of several frameworks, with renamed imports and full paths.
use actix_web::{post, web, HttpResponse};
use axum::extract::State;
use std::fs as filesystem;
use std::process::Command as Proc;

#[post("/upload")]
async fn upload(body: web::Bytes) -> HttpResponse {
    let _ = filesystem::write("/data/upload.bin", &body); //~ error_silently_discarded
    HttpResponse::Ok().finish()
}

async fn hook(State(dir): State<String>) -> &'static str {
    let _ = Proc::new("/usr/local/bin/on-push").arg(&dir).spawn(); //~ error_silently_discarded
    let _ = ::tokio::fs::write(format!("{dir}/last"), b"1").await; //~ error_silently_discarded
    "ok"
}

async fn hook_logged(State(dir): State<String>) -> &'static str {
    if let Err(e) = Proc::new("/usr/local/bin/on-push").arg(&dir).spawn() {
        tracing::error!(error = %e, "hook failed");
    }
    "ok"
}

#[tokio::main]
async fn main() {
    let app = axum::Router::new()
        .route("/hook", axum::routing::post(hook))
        .route("/hook2", axum::routing::post(hook_logged));
    let listener = tokio::net::TcpListener::bind("0.0.0.0:3000").await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
