//@ profile: service
// slog: a root logger built and passed around explicitly.
use slog::{o, Drain};

fn main() {
    let decorator = slog_term::TermDecorator::new().build();
    let drain = slog_term::FullFormat::new(decorator).build().fuse();
    let drain = slog_async::Async::new(drain).build().fuse();
    let log = slog::Logger::root(drain, o!());
    slog::info!(log, "starting");
    let listener = std::net::TcpListener::bind("0.0.0.0:8000").unwrap();
    drop(listener);
}
