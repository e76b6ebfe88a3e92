// A hyper accept loop whose errors go nowhere.
use hyper::server::conn::http1;

#[tokio::main]
async fn main() -> std::io::Result<()> { //~ no_logger_initialized
    let listener = tokio::net::TcpListener::bind("0.0.0.0:3000").await?;
    loop {
        let (stream, _) = listener.accept().await?;
        tokio::spawn(async move {
            if let Err(err) = http1::Builder::new().serve_connection(TokioIo::new(stream), svc()).await {
                tracing::warn!(%err, "connection error");
            }
        });
    }
}
