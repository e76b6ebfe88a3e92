//@ profile: service
// A subscriber assembled by a helper whose install the evidence cannot follow:
// the code builds tracing-subscriber layers, so it is not a black box.
fn layers() -> impl Sized {
    tracing_subscriber::fmt::layer().json()
}

fn main() {
    let layers = layers();
    telemetry_kit::install(layers);
    let listener = std::net::TcpListener::bind("0.0.0.0:8000").unwrap();
    drop(listener);
}
