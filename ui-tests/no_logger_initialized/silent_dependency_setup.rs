//@ profile: service
//@ dep: pingap_logger
// pingap: the logger is installed by a sibling crate's `logger_try_init`, which the
// analysis cannot see into; its name says what it does.
fn run() -> Result<(), String> {
    pingap_logger::logger_try_init(pingap_logger::LoggerParams::default())?;
    tracing::info!("starting");
    let listener = std::net::TcpListener::bind("0.0.0.0:6188").map_err(|e| e.to_string())?;
    for stream in listener.incoming() {
        drop(stream);
    }
    Ok(())
}

fn main() {
    if let Err(e) = run() {
        tracing::error!(error = e);
    }
}
