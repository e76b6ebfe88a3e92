//@ profile: service
//@ bin-root: false
// actix-web: route attributes, `.to(handler)` registrations, app data and match info.
use actix_web::{get, post, web, HttpRequest, HttpResponse, Responder};
use std::sync::RwLock;

pub struct AppState {
    settings: RwLock<String>,
}

#[get("/files/{name}")]
async fn download(path: web::Path<String>, data: web::Data<AppState>) -> impl Responder {
    let raw = std::fs::read(format!("/data/{}", path.into_inner())).unwrap(); //~ unwrap_in_request_path
    let settings = data.settings.read().unwrap();
    HttpResponse::Ok().body(format!("{} {}", raw.len(), settings))
}

#[post("/echo/{id}")]
async fn echo(req: HttpRequest, body: web::Bytes) -> impl Responder {
    let state = req.app_data::<web::Data<AppState>>().unwrap();
    let id = req.match_info().get("id").unwrap();
    let text = String::from_utf8(body.to_vec()).unwrap(); //~ unwrap_in_request_path
    let agent = req.headers().get("user-agent").expect("user agent"); //~ unwrap_in_request_path
    let _ = (state.settings.read(), id, agent);
    HttpResponse::Ok().body(text)
}

async fn login(body: String) -> HttpResponse {
    let form: std::collections::HashMap<String, String> =
        serde_urlencoded::from_str(&body).unwrap(); //~ unwrap_in_request_path
    HttpResponse::Ok().body(format!("{}", form.len()))
}

async fn health() -> HttpResponse {
    let version = option_env!("VERSION").unwrap_or("dev");
    HttpResponse::Ok().body(version)
}

pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.service(download)
        .service(echo)
        .route("/login", web::post().to(login))
        .route("/health", web::get().to(health));
}

pub fn read_settings(path: &str) -> String {
    std::fs::read_to_string(path).unwrap()
}
