//@ profile: service
// log4rs from a file, and simplelog as a fallback.
use simplelog::{CombinedLogger, Config, LevelFilter, TermLogger, TerminalMode, ColorChoice};

fn main() {
    if log4rs::init_file("log4rs.yml", Default::default()).is_err() {
        CombinedLogger::init(vec![TermLogger::new(LevelFilter::Info, Config::default(), TerminalMode::Mixed, ColorChoice::Auto)]).unwrap();
    }
    let listener = std::net::TcpListener::bind("0.0.0.0:8000").unwrap();
    drop(listener);
}
