//@ profile: other
// A command-line tool may default to debug: the rule is about services.
fn main() {
    tracing_subscriber::fmt().with_max_level(tracing::Level::DEBUG).init();
    env_logger::Builder::new().filter_level(log::LevelFilter::Trace).init();
}
