//@ profile: service
// tracing-subscriber defaults of debug/trace, and the env-driven setups that are fine.
use tracing::Level;
use tracing_subscriber::filter::LevelFilter;
use tracing_subscriber::{EnvFilter, FmtSubscriber};

pub fn max_level() {
    tracing_subscriber::fmt().with_max_level(Level::DEBUG).init(); //~ verbose_default_log_level
}

pub fn builder_trace() {
    let subscriber = FmtSubscriber::builder()
        .with_max_level(tracing::Level::TRACE) //~ verbose_default_log_level
        .finish();
    tracing::subscriber::set_global_default(subscriber).unwrap();
}

pub fn fallback_filter() -> EnvFilter {
    EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("debug")) //~ verbose_default_log_level
}

pub fn fallback_string() -> EnvFilter {
    EnvFilter::try_from_default_env().unwrap_or_else(|_| "trace".into()) //~ verbose_default_log_level
}

pub fn default_directive() -> EnvFilter {
    EnvFilter::builder()
        .with_default_directive(LevelFilter::DEBUG.into()) //~ verbose_default_log_level
        .from_env_lossy()
}

pub fn env_filter_string() {
    tracing_subscriber::fmt().with_env_filter("debug,hyper=info").init(); //~ verbose_default_log_level
}

pub fn forced_rust_log() {
    if std::env::var("RUST_LOG").is_err() {
        std::env::set_var("RUST_LOG", "debug"); //~ verbose_default_log_level
    }
    tracing_subscriber::fmt::init();
}

pub fn rust_log_default() -> String {
    std::env::var("RUST_LOG").unwrap_or_else(|_| "trace".to_string()) //~ verbose_default_log_level
}

pub fn from_env_is_fine() {
    tracing_subscriber::fmt().with_env_filter(EnvFilter::from_default_env()).init();
}

pub fn info_default_is_fine() -> EnvFilter {
    EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into())
}

pub fn own_crate_debug_is_fine() -> EnvFilter {
    EnvFilter::new("info,billing=debug")
}

pub fn configured_level(level: Level) {
    tracing_subscriber::fmt().with_max_level(level).init();
}

pub fn info_level() {
    tracing_subscriber::fmt().with_max_level(Level::INFO).init();
}

pub fn env_filter_decides() {
    tracing_subscriber::fmt()
        .with_max_level(Level::TRACE)
        .with_env_filter(EnvFilter::from_default_env())
        .init();
}

pub fn events_at_debug() {
    let level = Level::DEBUG;
    tracing::event!(Level::DEBUG, "details");
    let _ = tracing::span!(Level::TRACE, "work");
    let _ = level;
}

pub fn other_var() {
    std::env::set_var("APP_MODE", "debug");
}

#[cfg(test)]
mod tests {
    #[test]
    fn verbose_in_tests() {
        tracing_subscriber::fmt().with_max_level(tracing::Level::TRACE).init();
    }
}

pub fn by_verbosity(verbose: u8) -> EnvFilter {
    match verbose {
        0 => EnvFilter::builder().with_default_directive(LevelFilter::INFO.into()).parse_lossy(""),
        _ => EnvFilter::builder().with_default_directive(LevelFilter::TRACE.into()).parse_lossy(""),
    }
}

pub fn debug_builds() {
    if cfg!(debug_assertions) {
        tracing_subscriber::fmt().with_max_level(Level::DEBUG).init();
    } else {
        tracing_subscriber::fmt().with_env_filter(EnvFilter::from_default_env()).init();
    }
}

// The fallback runs only when the operator's own filter does not parse (martin's
// `--log-filter`): a typo answered with debug output, not the production default.
pub fn invalid_filter_fallback(filter: &str) -> EnvFilter {
    use std::str::FromStr;
    EnvFilter::from_str(filter).unwrap_or_else(|_| EnvFilter::new("debug"))
}

pub fn invalid_parse_fallback(filter: String) -> EnvFilter {
    filter.parse().unwrap_or_else(|_| EnvFilter::new("trace"))
}

pub fn literal_parse_fallback() -> EnvFilter {
    EnvFilter::try_new("warn,,").unwrap_or_else(|_| EnvFilter::new("debug")) //~ verbose_default_log_level
}
