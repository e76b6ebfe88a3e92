//@ profile: service
// actix-web with `log` macros and its Logger middleware, but no `env_logger::init()`.
use actix_web::{middleware::Logger, web, App, HttpServer};

#[actix_web::main]
async fn main() -> std::io::Result<()> { //~ no_logger_initialized
    log::info!("starting");
    HttpServer::new(|| App::new().wrap(Logger::default()).route("/", web::get().to(|| async { "hi" })))
        .bind(("0.0.0.0", 8080))?
        .run()
        .await
}
