//@ profile: service
// env_logger installed by a function of another module of the package.
mod telemetry {
    use env_logger::Env;

    pub fn init() {
        env_logger::Builder::from_env(Env::default().default_filter_or("info")).init();
    }
}

fn main() {
    telemetry::init();
    let listener = std::net::TcpListener::bind("0.0.0.0:8000").unwrap();
    drop(listener);
}
