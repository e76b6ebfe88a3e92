use crate::context::Cx;
use crate::facts::{keys, Condition, Fact};
use crate::finding::Finding;
use crate::rule::{hooks, Rule};
use crate::rust::logging::{in_crate, LOGGER_CRATES};

crate::declare_rule! {
    /// A service that never installs a logger or tracing subscriber runs as a black box:
    /// every `log::error!` and `tracing::warn!` goes nowhere, and the first sign of an
    /// incident is a user's complaint, with nothing to read.
    ///
    /// ### Fires on
    /// ```rust,ignore
    /// #[tokio::main]
    /// async fn main() {                       // no env_logger / tracing_subscriber init anywhere
    ///     let app = Router::new().route("/", get(index));
    ///     axum::serve(listener, app).await.unwrap();
    /// }
    /// ```
    /// ### Stays silent on
    /// ```rust,ignore
    /// fn main() {
    ///     telemetry::init();                  // any file of the package: tracing_subscriber,
    ///     run_server();                       // env_logger, fern, log4rs, simplelog, slog, flexi_logger, ...
    /// }
    /// ```
    /// The whole package (and the workspace libraries it uses) is searched for an
    /// init; code that builds a subscriber or logger with any of these crates counts,
    /// and so do frameworks that install their own logger (Rocket, Shuttle, Loco).
    /// A package that never writes a log line through `log`, `tracing` or `slog` is
    /// left alone: nothing would go nowhere (its prints are `print_in_service`'s business).
    pub DEF = "no_logger_initialized", hooks::FN | hooks::CALL | hooks::MACRO, NoLoggerInitialized::default
}

/// Stateless: `fn main` is reported under the condition that no file installs a logger.
#[derive(Default)]
pub struct NoLoggerInitialized;

/// Code calls into a logger crate (builds a layer, a dispatch, a drain): its init may be
/// written in a way the evidence does not resolve, so no finding.
const LOGGER_API_USED: &str = "logger_api_used";

/// The package writes log lines through a logging facade (`log::info!`, `tracing::warn!`).
const LOG_LINES_WRITTEN: &str = "log_lines_written";

/// Facades whose macros write log lines that only an installed logger shows.
const FACADES: &[&str] = &["log", "tracing", "slog"];

/// Frameworks that install a logger or subscriber themselves.
const SELF_LOGGING_FRAMEWORKS: &[&str] = &["rocket", "shuttle_runtime", "loco_rs", "spin_sdk"];

/// Crates whose code sets up logging besides the ones that install a global logger.
const LOGGER_SETUP_CRATES: &[&str] = &[
    "tracing_appender",
    "tracing_opentelemetry",
    "tracing_bunyan_formatter",
    "slog",
    "slog_term",
    "slog_async",
    "sloggers",
    "opentelemetry_appender_tracing",
    "console_subscriber",
];

impl Rule for NoLoggerInitialized {
    fn check_macro(&mut self, cx: &mut Cx<'_>, _mac: &syn::Macro, path: &str) {
        let krate = path.split("::").next().unwrap_or_default();
        if path.contains("::") && FACADES.contains(&krate) {
            cx.fact(Fact::flag(LOG_LINES_WRITTEN));
        }
    }

    fn check_call(&mut self, cx: &mut Cx<'_>, _call: &syn::ExprCall, callee: &str) {
        let krate = callee.split("::").next().unwrap_or_default();
        if callee.contains("::")
            && (LOGGER_CRATES.contains(&krate) || LOGGER_SETUP_CRATES.contains(&krate))
        {
            cx.fact(Fact::flag(LOGGER_API_USED));
        }
    }

    fn check_fn(&mut self, cx: &mut Cx<'_>, _body: &syn::Block) {
        let Some(main) = cx.enclosing_fn().filter(|f| f.is_main) else {
            return;
        };
        let framework_logs = main
            .attrs
            .iter()
            .any(|a| SELF_LOGGING_FRAMEWORKS.iter().any(|k| in_crate(a, k)))
            || SELF_LOGGING_FRAMEWORKS
                .iter()
                .any(|k| cx.package.dependency(k).is_some());
        if framework_logs {
            return;
        }
        let finding = Finding::new(
            DEF.id,
            main.span,
            "service `main` never installs a logger or tracing subscriber",
            "no logger is initialized anywhere in this package",
        );
        let installed = Condition::Any(vec![
            Condition::has(keys::LOGGER_INIT),
            Condition::has(LOGGER_API_USED),
        ]);
        cx.report(finding.when(Condition::All(vec![
            installed.negate(),
            Condition::has(LOG_LINES_WRITTEN),
        ])));
    }
}
