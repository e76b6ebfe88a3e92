//@ profile: other
// Not service code: a local tool that builds a permissive layer for its dev server.
fn main() {
    let _layer = tower_http::cors::CorsLayer::permissive();
}
