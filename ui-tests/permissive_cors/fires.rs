//@ profile: service
//@ bin-root: false
// CORS that admits any origin, in axum (tower-http), actix-web and warp services.
use actix_cors::Cors;
use axum::Router;
use tower_http::cors::{self, AllowOrigin, Any, CorsLayer};
use tower_http::cors::CorsLayer as Cors2;

pub fn api() -> Router {
    Router::new().layer(CorsLayer::permissive()) //~ permissive_cors
}

pub fn admin() -> Router {
    Router::new().layer(tower_http::cors::CorsLayer::very_permissive()) //~ permissive_cors
}

pub fn renamed() -> Cors2 {
    Cors2::permissive() //~ permissive_cors
}

pub fn mirrored() -> CorsLayer {
    CorsLayer::new() //~ permissive_cors
        .allow_origin(AllowOrigin::mirror_request())
        .allow_credentials(true)
}

pub fn any_with_credentials() -> CorsLayer {
    CorsLayer::new().allow_origin(Any).allow_credentials(true) //~ permissive_cors
}

pub fn module_path() -> cors::CorsLayer {
    cors::CorsLayer::new() //~ permissive_cors
        .allow_credentials(true)
        .allow_origin(cors::AllowOrigin::any())
}

pub fn actix_app() {
    let _ = actix_web::App::new().wrap(Cors::permissive()); //~ permissive_cors
}

pub fn actix_any_with_cookies() -> Cors {
    Cors::default().allow_any_origin().supports_credentials() //~ permissive_cors
}

pub fn warp_filter() {
    let _cors = warp::cors().allow_any_origin().allow_credentials(true); //~ permissive_cors
}

pub async fn in_async_block() {
    let build = async { Router::<()>::new().layer(CorsLayer::permissive()) }; //~ permissive_cors
    let _ = build.await;
}
