//! logging: what the service tells its operators, and at what cost.

pub mod print_in_service;

/// Crates whose builders install a global logger or subscriber when a chain ends in
/// one of [`LOGGER_INSTALL_METHODS`].
const LOGGER_CRATES: &[&str] = &[
    "tracing_subscriber",
    "env_logger",
    "fern",
    "simple_logger",
    "stderrlog",
    "flexi_logger",
    "pretty_env_logger",
    "log4rs",
    "simplelog",
    "systemd_journal_logger",
    "tracing_journald",
    "slog_envlogger",
    "femme",
    "tracing_log",
];

/// Methods that install a built logger (`.init()`, fern's `.apply()`, flexi_logger's `.start()`).
const LOGGER_INSTALL_METHODS: &[&str] = &[
    "init",
    "try_init",
    "apply",
    "start",
    "install",
    "set_global_default",
];

/// Functions that install a global logger by themselves.
const LOGGER_INIT_FUNCTIONS: &[&str] = &[
    "env_logger::init",
    "env_logger::try_init",
    "env_logger::init_from_env",
    "env_logger::try_init_from_env",
    "pretty_env_logger::init",
    "pretty_env_logger::try_init",
    "pretty_env_logger::init_timed",
    "tracing_subscriber::fmt::init",
    "tracing_subscriber::fmt::try_init",
    "tracing::subscriber::set_global_default",
    "tracing_subscriber::util::SubscriberInitExt::init",
    "log::set_logger",
    "log::set_boxed_logger",
    "log4rs::init_file",
    "log4rs::init_config",
    "log4rs::init_raw_config",
    "simplelog::TermLogger::init",
    "simplelog::WriteLogger::init",
    "simplelog::CombinedLogger::init",
    "simplelog::SimpleLogger::init",
    "slog_scope::set_global_logger",
    "slog_stdlog::init",
    "tracing_log::LogTracer::init",
    "systemd_journal_logger::init",
    "femme::start",
    "femme::with_level",
];

/// True when a call to `callee` installs a global logger or subscriber.
pub fn is_logger_init_call(callee: &str) -> bool {
    LOGGER_INIT_FUNCTIONS.contains(&callee)
}

/// True when a method chain ending in `method`, rooted at a call of `root_callee` (or
/// at a value of type `root_type`), installs a global logger.
pub fn is_logger_install(method: &str, root: Option<&str>) -> bool {
    LOGGER_INSTALL_METHODS.contains(&method)
        && root.is_some_and(|path| {
            LOGGER_CRATES
                .iter()
                .any(|krate| path.split("::").next() == Some(krate))
        })
}
