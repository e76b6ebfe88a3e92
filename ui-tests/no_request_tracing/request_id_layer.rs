//@ profile: service
// A request-id layer by full path, on a tonic server: silent.
#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt().init();
    tonic::transport::Server::builder()
        .layer(tower_http::request_id::SetRequestIdLayer::x_request_id(MakeId))
        .add_service(svc())
        .serve("0.0.0.0:50051".parse()?)
        .await?;
    Ok(())
}

async fn item(axum::extract::Path(id): axum::extract::Path<u64>) {
    tracing::info!(id, "item");
}
