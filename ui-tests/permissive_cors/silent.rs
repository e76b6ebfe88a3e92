//@ profile: service
//@ bin-root: false
// Explicit origin lists, credential-less public APIs, look-alikes, and test code.
use actix_cors::Cors;
use axum::http::HeaderValue;
use tower_http::cors::{Any, CorsLayer};

pub fn listed() -> CorsLayer {
    CorsLayer::new()
        .allow_origin("https://app.example.com".parse::<HeaderValue>().unwrap())
        .allow_credentials(true)
}

pub fn listed_many() -> CorsLayer {
    let origins = ["https://a.example.com".parse::<HeaderValue>().unwrap()];
    CorsLayer::new().allow_origin(origins).allow_credentials(true)
}

// A public API with no cookies: any origin, no credentials.
pub fn public_api() -> CorsLayer {
    CorsLayer::new().allow_origin(Any).allow_methods(Any)
}

pub fn credentials_off() -> CorsLayer {
    CorsLayer::new().allow_origin(Any).allow_credentials(false)
}

pub fn actix_listed() -> Cors {
    Cors::default()
        .allowed_origin("https://app.example.com")
        .supports_credentials()
}

pub fn actix_public() -> Cors {
    Cors::default().allow_any_origin().allowed_methods(vec!["GET"])
}

pub fn warp_listed() {
    let _ = warp::cors().allow_origin("https://app.example.com").allow_credentials(true);
}

// A type of this crate with the same method names.
pub struct Policy;
impl Policy {
    pub fn permissive() -> Policy {
        Policy
    }
    pub fn allow_any_origin(self) -> Policy {
        self
    }
    pub fn supports_credentials(self) -> Policy {
        self
    }
}
pub fn own_policy() -> Policy {
    Policy::permissive().allow_any_origin().supports_credentials()
}

#[cfg(test)]
mod tests {
    #[test]
    fn permissive_in_tests() {
        let _ = tower_http::cors::CorsLayer::permissive();
    }
}
