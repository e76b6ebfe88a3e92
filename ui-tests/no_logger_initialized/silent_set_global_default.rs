//@ profile: service
// A subscriber made elsewhere and installed with `set_global_default`.
use tracing::subscriber::set_global_default;
use tracing_subscriber::FmtSubscriber;

fn subscriber() -> FmtSubscriber {
    FmtSubscriber::new()
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    set_global_default(subscriber()).expect("subscriber");
    actix_web::HttpServer::new(|| actix_web::App::new()).bind(("0.0.0.0", 8080))?.run().await
}
