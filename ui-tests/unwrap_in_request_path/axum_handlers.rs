//@ profile: service
//@ bin-root: false
// axum handlers: extractor parameters, router closures and registered functions.
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Response, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

#[derive(Clone)]
pub struct AppState {
    pool: sqlx::PgPool,
    cache: Arc<Mutex<HashMap<String, String>>>,
    config: HashMap<String, String>,
}

pub async fn get_user(Path(id): Path<String>, State(state): State<AppState>) -> String {
    let id: i64 = id.parse().unwrap(); //~ unwrap_in_request_path
    let row = sqlx::query("select name from users where id = $1")
        .bind(id)
        .fetch_one(&state.pool)
        .await
        .unwrap(); //~ unwrap_in_request_path
    let cached = state.cache.lock().unwrap().get("k").cloned();
    let region = state.config.get("region").unwrap().clone();
    format!("{row:?} {cached:?} {region}")
}

pub async fn webhook(headers: HeaderMap, body: Bytes) -> StatusCode {
    let signature = headers.get("x-signature").unwrap(); //~ unwrap_in_request_path
    let event: serde_json::Value = serde_json::from_slice(&body).expect("valid json"); //~ unwrap_in_request_path
    let _ = (signature, event);
    StatusCode::OK
}

pub async fn search(Query(params): Query<HashMap<String, String>>) -> String {
    params.get("q").unwrap().clone() //~ unwrap_in_request_path
}

pub async fn create(Json(input): Json<serde_json::Value>) -> Response<String> {
    let addr: SocketAddr = "127.0.0.1:8080".parse().unwrap();
    let text = serde_json::to_string(&input).unwrap();
    let first = vec![1, 2, 3].first().copied().unwrap();
    Response::builder()
        .status(201)
        .body(format!("{addr} {text} {first}"))
        .unwrap()
}

pub async fn plain(body: String) -> String {
    let n: u32 = body.trim().parse().unwrap(); //~ unwrap_in_request_path
    n.to_string()
}

pub fn helper_not_routed(text: &str) -> u32 {
    text.parse().unwrap()
}

pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/users/:id", get(get_user))
        .route("/hook", post(webhook).get(search))
        .route("/plain", post(plain))
        .route(
            "/version",
            get(|| async { std::fs::read_to_string("/etc/version").unwrap() }), //~ unwrap_in_request_path
        )
        .with_state(state)
}

#[tokio::main]
async fn main() {
    let port: u16 = std::env::var("PORT").unwrap().parse().unwrap();
    let config = std::fs::read_to_string("/etc/app.toml").expect("config");
    let listener = tokio::net::TcpListener::bind(("0.0.0.0", port)).await.unwrap();
    let _ = config;
    axum::serve(listener, Router::new()).await.unwrap();
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn parses() {
        let body = serde_json::from_str::<serde_json::Value>("{}").unwrap();
        assert!(body.is_object());
    }
}

pub async fn clacks(request: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    let mut response = next.run(request).await;
    let value = "GNU Terry Pratchett";
    response.headers_mut().insert("x-clacks-overhead", value.parse().unwrap());
    response
}

// kellnr: a content type picked among literals cannot fail to parse; a header built
// from the request path can.
pub async fn download_archive(
    axum::extract::Path((date, filename)): axum::extract::Path<(String, String)>,
) -> axum::http::HeaderMap {
    let ext = std::path::Path::new(&filename).extension().and_then(|e| e.to_str()).unwrap_or("");
    let content_type = if ext == "xz" {
        "application/x-xz"
    } else if ext == "gz" {
        "application/gzip"
    } else {
        "application/octet-stream"
    };
    let kind = match ext {
        "xz" => "xz",
        _ => "raw",
    };
    let mut headers = axum::http::HeaderMap::new();
    headers.insert(axum::http::header::CONTENT_TYPE, content_type.parse().unwrap());
    headers.insert("x-kind", kind.parse().unwrap());
    headers.insert(
        axum::http::header::CONTENT_DISPOSITION,
        format!("attachment; filename=\"{date}/{filename}\"").parse().unwrap(), //~ unwrap_in_request_path
    );
    headers
}
