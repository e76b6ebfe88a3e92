//@ profile: service
// Handlers instrumented with a span each: silent.
use actix_web::{get, web, App, HttpServer};
use tracing::instrument;

#[get("/users/{id}")]
#[instrument(skip(db))]
async fn user(id: web::Path<u64>, db: web::Data<Db>) -> String {
    tracing::info!("looking up");
    id.to_string()
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    tracing_subscriber::fmt().init();
    HttpServer::new(|| App::new().service(user)).bind(("0.0.0.0", 8080))?.run().await
}
