// In main, prints are how a service reports start-up failures and its banner: once per
// process, for whoever started it. `dbg!` always fires.
#[tokio::main]
async fn main() {
    println!("starting billing v{}", env!("CARGO_PKG_VERSION"));
    let config = match std::fs::read_to_string("/etc/billing.toml") {
        Ok(text) => text,
        Err(err) => {
            eprintln!("cannot read config: {err}");
            std::process::exit(2);
        }
    };
    tracing_subscriber::fmt().with_env_filter("info").init();
    println!("config has {} bytes", config.len());
    dbg!(&config); //~ print_in_service
    let listener = tokio::net::TcpListener::bind("0.0.0.0:8080").await.unwrap();
    axum::serve(listener, axum::Router::new()).await.unwrap();
}
