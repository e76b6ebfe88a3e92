//@ profile: service
// tracing-actix-web's root span per request, in another function: silent.
use actix_web::{App, HttpServer};
use tracing_actix_web::TracingLogger;

fn app() -> App<()> {
    App::new().wrap(TracingLogger::default()).route("/", actix_web::web::to(|| async { tracing::info!("hit"); "ok" }))
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    tracing_subscriber::fmt().init();
    HttpServer::new(app).bind(("0.0.0.0", 8080))?.run().await
}
