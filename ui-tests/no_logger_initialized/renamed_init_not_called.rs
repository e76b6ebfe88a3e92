//@ profile: service
// A renamed `log` import and a `LevelFilter` set without any logger to filter.
use log as logging;

fn main() { //~ no_logger_initialized
    logging::set_max_level(logging::LevelFilter::Info);
    logging::info!("boot");
    let listener = std::net::TcpListener::bind("0.0.0.0:8000").unwrap();
    drop(listener);
}
