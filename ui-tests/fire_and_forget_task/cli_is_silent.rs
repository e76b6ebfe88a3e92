//@ profile: other
// Not a service.
pub async fn handler(axum::extract::Json(e): axum::extract::Json<String>) {
    tokio::spawn(async move { drop(e) });
}
