//@ profile: service
// A tonic server whose only output is an `eprintln!` on failure.
use tonic::transport::Server;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> { //~ no_logger_initialized
    let addr = "[::1]:50051".parse()?;
    if let Err(err) = Server::builder().add_service(greeter()).serve(addr).await {
        eprintln!("server failed: {err}");
    }
    Ok(())
}
