//@ profile: service
//@ dep: tower-http
// tower-http's ServiceBuilderExt: request ids and a trace layer: silent.
use tower::ServiceBuilder;
use tower_http::ServiceBuilderExt;
use tower_http::request_id::MakeRequestUuid;

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt().init();
    let middleware = ServiceBuilder::new()
        .set_x_request_id(MakeRequestUuid)
        .trace_for_http()
        .propagate_x_request_id();
    let app = axum::Router::new().layer(middleware);
    let listener = tokio::net::TcpListener::bind("0.0.0.0:3000").await.unwrap();
    axum::serve(listener, app).await.unwrap();
}

async fn item(axum::extract::Path(id): axum::extract::Path<u64>) {
    tracing::info!(id, "item");
}
