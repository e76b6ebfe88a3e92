//@ profile: service
// A tonic server that logs through `tracing` but never installs a subscriber: every line
// is dropped.
use tonic::transport::Server;
use tracing::{error, info};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> { //~ no_logger_initialized
    let addr = "[::1]:50051".parse()?;
    info!(%addr, "starting");
    if let Err(err) = Server::builder().add_service(greeter()).serve(addr).await {
        error!(%err, "server failed");
    }
    Ok(())
}
