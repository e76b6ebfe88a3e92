//@ profile: service
// Shuttle's runtime sets up tracing before calling `main`.
#[shuttle_runtime::main]
async fn main() -> shuttle_axum::ShuttleAxum {
    Ok(axum::Router::new().into())
}
