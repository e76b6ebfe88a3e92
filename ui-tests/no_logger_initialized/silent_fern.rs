//@ profile: service
// fern's Dispatch applied in a setup function.
fn setup_logger() -> Result<(), fern::InitError> {
    fern::Dispatch::new()
        .level(log::LevelFilter::Info)
        .chain(std::io::stdout())
        .apply()?;
    Ok(())
}

fn main() {
    setup_logger().unwrap();
    let listener = std::net::TcpListener::bind("0.0.0.0:8000").unwrap();
    drop(listener);
}
