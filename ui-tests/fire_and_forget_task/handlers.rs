//@ profile: service
// Detached work started by request handlers (axum extractors, actix routes, routed fns).
use axum::extract::{Json, State};
use axum::routing::post;
use axum::Router;
use std::thread;
use tokio::task;

#[derive(Clone)]
pub struct App;

pub async fn signup(State(app): State<App>, Json(email): Json<String>) -> &'static str {
    tokio::spawn(send_welcome(email.clone())); //~ fire_and_forget_task
    let _ = task::spawn(audit(email.clone())); //~ fire_and_forget_task
    thread::spawn(move || rebuild_index()); //~ fire_and_forget_task
    let _ignored = tokio::task::spawn_blocking(|| rebuild_index()); //~ fire_and_forget_task
    drop(app);
    "ok"
}

pub async fn bound_but_never_used(Json(email): Json<String>) -> &'static str {
    let handle = tokio::spawn(send_welcome(email)); //~ fire_and_forget_task
    "ok"
}

#[actix_web::post("/orders")]
async fn create_order(body: String) -> String {
    actix_web::rt::spawn(async move { //~ fire_and_forget_task
        notify(body).await;
    });
    String::new()
}

// Not typed as a handler, but registered as a route below.
async fn reindex() -> &'static str {
    std::thread::spawn(rebuild_index); //~ fire_and_forget_task
    "started"
}

pub fn router() -> Router<App> {
    Router::new()
        .route("/reindex", post(reindex))
        .route("/ping", post(|| async {
            tokio::spawn(async { rebuild_index() }); //~ fire_and_forget_task
            "pong"
        }))
}

async fn send_welcome(_email: String) {}
async fn audit(_email: String) {}
async fn notify(_body: String) {}
fn rebuild_index() {}

pub async fn serve() {
    let listener = tokio::net::TcpListener::bind("0.0.0.0:80").await.unwrap();
    axum::serve(listener, router().with_state(App)).with_graceful_shutdown(async {}).await.unwrap();
}

// Found in rustus: a webhook sent from the upload handler on a detached local task.
pub async fn write_bytes(request: actix_web::HttpRequest, state: actix_web::web::Data<App>) -> String {
    let headers = request.headers().clone();
    tokio::task::spawn_local(async move { //~ fire_and_forget_task
        notify(format!("{headers:?}")).await;
    });
    drop(state);
    String::new()
}

// A tonic RPC that starts unrelated background work.
pub struct Grpc;
#[tonic::async_trait]
impl Service for Grpc {
    async fn close(&self, request: tonic::Request<String>) -> Result<tonic::Response<()>, tonic::Status> {
        tokio::spawn(audit(request.into_inner())); //~ fire_and_forget_task
        Ok(tonic::Response::new(()))
    }
}
pub trait Service {}
