//@ profile: service
// flexi_logger started with `?`.
use flexi_logger::Logger;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let _handle = Logger::try_with_env_or_str("info")?.start()?;
    let listener = tokio::net::TcpListener::bind("0.0.0.0:8080").await?;
    axum::serve(listener, axum::Router::new()).await?;
    Ok(())
}
