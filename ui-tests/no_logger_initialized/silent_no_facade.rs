//@ profile: service
// A tonic server that writes no log line through `log`/`tracing`/`slog` (its only output
// is an `eprintln!`): no line would go nowhere; its prints are `print_in_service`'s.
use tonic::transport::Server;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let addr = "[::1]:50051".parse()?;
    if let Err(err) = Server::builder().add_service(greeter()).serve(addr).await {
        eprintln!("server failed: {err}");
    }
    Ok(())
}
