//@ profile: service
// actix-web's access logger: silent.
use actix_web::{middleware::Logger, App, HttpServer};

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    env_logger::init();
    HttpServer::new(|| App::new().wrap(Logger::default()).route("/", actix_web::web::to(|| async { log::info!("hit"); "ok" })))
        .bind(("0.0.0.0", 8080))?
        .run()
        .await
}
