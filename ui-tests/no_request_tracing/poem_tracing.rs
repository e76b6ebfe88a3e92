//@ profile: service
// Nothing here is a server this rule knows, and poem's Tracing is a unit struct: silent.
use poem::{listener::TcpListener, middleware::Tracing, EndpointExt, Route, Server};

#[tokio::main]
async fn main() -> std::io::Result<()> {
    tracing_subscriber::fmt().init();
    let app = Route::new().with(Tracing);
    Server::new(TcpListener::bind("0.0.0.0:3000")).run(app).await
}
