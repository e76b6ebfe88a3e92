//! logging: what the service tells its operators, and at what cost.

pub mod error_silently_discarded;
pub mod log_file_without_rotation;
pub mod no_logger_initialized;
pub mod no_request_tracing;
pub mod print_in_service;
pub mod sync_unbuffered_log_writer;
pub mod verbose_default_log_level;

use crate::context::{chain_methods, chain_root, strip_parens, Cx};
use std::collections::HashMap;

/// Crates whose builders install a global logger or subscriber when a chain ends in
/// one of [`LOGGER_INSTALL_METHODS`].
pub(crate) const LOGGER_CRATES: &[&str] = &[
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
    "simple_logger::init",
    "simple_logger::init_with_level",
    "simple_logger::init_with_env",
    "simple_logger::init_utc",
    "log4rs::config::init_config",
    "log4rs::config::init_raw_config",
    "log4rs::config::init_file",
    "syslog::init",
    "syslog::init_unix",
    "syslog::init_udp",
    "syslog::init_tcp",
    "console_subscriber::init",
    "tracing_forest::init",
    "slog::Logger::root",
    "slog_envlogger::init",
    "opentelemetry_appender_log::OpenTelemetryLogBridge::new",
];

/// True when a call to `callee` installs a global logger or subscriber.
pub fn is_logger_init_call(callee: &str) -> bool {
    LOGGER_INIT_FUNCTIONS.contains(&callee)
}

/// True for a function of a dependency whose name says it sets up logging
/// (`pingap_logger::logger_try_init`, `common::init_tracing`, `telemetry::setup_logging`):
/// the analysis cannot see into it, and its name is the author's word.
pub fn is_dependency_logger_setup(cx: &crate::context::Cx<'_>, callee: &str) -> bool {
    let Some((krate, name)) = callee
        .split_once("::")
        .map(|(k, _)| k)
        .zip(callee.rsplit("::").next())
    else {
        return false;
    };
    if cx.may_be_crate_local(callee) || matches!(krate, "std" | "core" | "alloc") {
        return false;
    }
    let name = name.to_ascii_lowercase();
    let logs = ["log", "tracing", "telemetry", "subscriber"]
        .iter()
        .any(|w| name.contains(w));
    let sets_up = ["init", "setup", "install", "configure"]
        .iter()
        .any(|w| name.contains(w));
    logs && sets_up
}

/// True when a method chain ending in `method`, rooted at a call of `root_callee` (or
/// at a value of type `root_type`), installs a global logger.
pub fn is_logger_install(method: &str, root: Option<&str>) -> bool {
    LOGGER_INSTALL_METHODS.contains(&method)
        && root.is_some_and(|path| {
            LOGGER_CRATES
                .iter()
                .any(|krate| crate::paths::first_segment(path) == *krate)
        })
}

/// What a logger writes its records into, as far as the setup code shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writer {
    /// A plain `std::fs::File` (`File::create`, `OpenOptions::..open`, `fern::log_file`).
    File,
    /// A rolling file appender; `never` when it never rotates (`rolling::never`,
    /// `Rotation::NEVER`, a `RollingFileAppender::builder()` with no rotation set).
    Rolling {
        /// The appender never rotates.
        never: bool,
    },
}

/// How a logger sink writes into its writer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SinkKind {
    /// On the thread that logs, with no buffer (`with_writer`, fern `.chain`,
    /// simplelog `WriteLogger`, env_logger `Target::Pipe`).
    Sync,
    /// Through a background thread (`tracing_appender::non_blocking`) or a drain that
    /// may be wrapped in one (slog decorators).
    Deferred,
}

/// The writer argument of a logger sink written as a call: simplelog `WriteLogger`,
/// env_logger `Target::Pipe`, `tracing_appender::non_blocking`, slog decorators.
pub fn call_sink<'e>(callee: &str, call: &'e syn::ExprCall) -> Option<(&'e syn::Expr, SinkKind)> {
    let (index, kind) = match callee {
        "simplelog::WriteLogger::new" | "simplelog::WriteLogger::init" => (2, SinkKind::Sync),
        "env_logger::Target::Pipe" | "env_logger::fmt::Target::Pipe" => (0, SinkKind::Sync),
        "tracing_appender::non_blocking"
        | "tracing_appender::non_blocking::NonBlocking::new"
        | "slog_term::PlainSyncDecorator::new"
        | "slog_term::PlainDecorator::new"
        | "slog_term::TermDecorator::new"
        | "slog_json::Json::new"
        | "slog_json::Json::default" => (0, SinkKind::Deferred),
        _ => return None,
    };
    call.args.iter().nth(index).map(|arg| (arg, kind))
}

/// The writer argument of a logger sink written as a method: `.with_writer(W)` on a
/// tracing-subscriber builder or layer, `.chain(W)` on a fern `Dispatch`,
/// `.finish(W)` on a tracing-appender `NonBlockingBuilder`.
pub fn method_sink<'e>(
    cx: &Cx<'_>,
    call: &'e syn::ExprMethodCall,
) -> Option<(&'e syn::Expr, SinkKind)> {
    let (krate, kind) = match call.method.to_string().as_str() {
        "with_writer" => ("tracing_subscriber", SinkKind::Sync),
        "chain" => ("fern", SinkKind::Sync),
        "finish" => ("tracing_appender", SinkKind::Deferred),
        _ => return None,
    };
    let arg = call.args.first()?;
    let root = root_callee(cx, &call.receiver)?;
    in_crate(&root, krate).then_some((arg, kind))
}

/// The resolved callee a method chain starts from (`tracing_subscriber::fmt` for
/// `tracing_subscriber::fmt().with_writer(..)`), or the macro path of a macro root.
pub fn root_callee(cx: &Cx<'_>, receiver: &syn::Expr) -> Option<String> {
    match chain_root(receiver) {
        syn::Expr::Call(c) => cx.resolve_expr(&c.func),
        syn::Expr::Macro(m) => Some(cx.resolve_macro(&m.mac.path)),
        _ => None,
    }
}

/// True when `path` is `krate` or an item of it.
pub fn in_crate(path: &str, krate: &str) -> bool {
    crate::paths::first_segment(path) == krate
}

/// The `let` bindings of the current functions that hold a log file or appender, so
/// `let file = File::create(..)?; fmt().with_writer(file)` is seen.
#[derive(Default)]
pub struct WriterBindings {
    scopes: Vec<HashMap<String, Writer>>,
}

impl WriterBindings {
    /// Entry of a function body.
    pub fn enter(&mut self) {
        self.scopes.push(HashMap::new());
    }

    /// Exit of a function body.
    pub fn leave(&mut self) {
        self.scopes.pop();
    }

    /// Records `let name = <file or appender>`.
    pub fn bind(&mut self, cx: &Cx<'_>, local: &syn::Local) {
        let (syn::Pat::Ident(ident), Some(init)) = (strip_pat_type(&local.pat), &local.init) else {
            return;
        };
        if let Some(writer) = self.writer(cx, &init.expr) {
            if let Some(scope) = self.scopes.last_mut() {
                scope.insert(ident.ident.to_string(), writer);
            }
        }
    }

    /// The writer of a logger sink written as a call, with what it is, when it is a
    /// file or an appender.
    pub fn call_sink<'e>(
        &self,
        cx: &Cx<'_>,
        callee: &str,
        call: &'e syn::ExprCall,
    ) -> Option<(&'e syn::Expr, SinkKind, Writer)> {
        let (expr, kind) = call_sink(callee, call)?;
        Some((expr, kind, self.writer(cx, expr)?))
    }

    /// The writer of a logger sink written as a method, with what it is, when it is a
    /// file or an appender.
    pub fn method_sink<'e>(
        &self,
        cx: &Cx<'_>,
        call: &'e syn::ExprMethodCall,
    ) -> Option<(&'e syn::Expr, SinkKind, Writer)> {
        let (expr, kind) = method_sink(cx, call)?;
        Some((expr, kind, self.writer(cx, expr)?))
    }

    /// What `expr` writes to, through `?`, `.unwrap()`, `Arc`/`Mutex`/`Box` wrappers,
    /// `try_clone` and `|| file` closures; `None` when it is anything else (stdout,
    /// a `BufWriter`, a non-blocking writer) or cannot be told.
    pub fn writer(&self, cx: &Cx<'_>, expr: &syn::Expr) -> Option<Writer> {
        let expr = peel_writer(cx, expr);
        match expr {
            syn::Expr::Call(call) => {
                let callee = cx.resolve_expr(&call.func)?;
                match callee.as_str() {
                    "std::fs::File::create"
                    | "std::fs::File::open"
                    | "std::fs::File::create_new"
                    | "fern::log_file" => Some(Writer::File),
                    "tracing_appender::rolling::never" => Some(Writer::Rolling { never: true }),
                    "tracing_appender::rolling::daily"
                    | "tracing_appender::rolling::hourly"
                    | "tracing_appender::rolling::minutely"
                    | "file_rotate::FileRotate::new" => Some(Writer::Rolling { never: false }),
                    "tracing_appender::rolling::RollingFileAppender::new" => {
                        let never = call.args.first().is_some_and(|a| is_rotation_never(cx, a));
                        Some(Writer::Rolling { never })
                    }
                    _ => None,
                }
            }
            syn::Expr::MethodCall(call) => {
                let root = root_callee(cx, &call.receiver)?;
                match (call.method.to_string().as_str(), root.as_str()) {
                    ("open", "std::fs::OpenOptions::new" | "std::fs::File::options") => {
                        Some(Writer::File)
                    }
                    ("build", root) if is_rolling_builder(root) => Some(Writer::Rolling {
                        never: builder_never_rotates(cx, call),
                    }),
                    _ => None,
                }
            }
            syn::Expr::Path(p) if p.path.segments.len() == 1 && p.qself.is_none() => {
                let name = p.path.segments[0].ident.to_string();
                self.scopes.iter().rev().find_map(|s| s.get(&name)).copied()
            }
            _ => None,
        }
    }
}

fn strip_pat_type(pat: &syn::Pat) -> &syn::Pat {
    match pat {
        syn::Pat::Type(t) => strip_pat_type(&t.pat),
        other => other,
    }
}

/// Wrappers that hand their argument on unchanged as far as the writes go.
const WRITER_WRAPPERS: &[&str] = &[
    "std::sync::Arc::new",
    "std::sync::Mutex::new",
    "std::sync::RwLock::new",
    "std::boxed::Box::new",
    "parking_lot::Mutex::new",
    "Arc::new",
    "Mutex::new",
    "Box::new",
    "Some",
];

fn peel_writer<'e>(cx: &Cx<'_>, mut expr: &'e syn::Expr) -> &'e syn::Expr {
    for _ in 0..16 {
        expr = match strip_parens(expr) {
            syn::Expr::Try(t) => &t.expr,
            syn::Expr::Reference(r) => &r.expr,
            syn::Expr::MethodCall(m)
                if matches!(
                    m.method.to_string().as_str(),
                    "unwrap" | "expect" | "try_clone" | "into" | "clone" | "unwrap_or_else"
                ) =>
            {
                &m.receiver
            }
            syn::Expr::Call(c)
                if c.args.len() == 1
                    && cx
                        .resolve_expr(&c.func)
                        .is_some_and(|f| WRITER_WRAPPERS.contains(&f.as_str())) =>
            {
                &c.args[0]
            }
            syn::Expr::Closure(c) if c.inputs.is_empty() => &c.body,
            syn::Expr::Block(b) if b.block.stmts.len() == 1 => match &b.block.stmts[0] {
                syn::Stmt::Expr(e, None) => e,
                _ => return expr,
            },
            other => return other,
        };
    }
    expr
}

/// True for the callees a `RollingFileAppender` builder chain starts from.
pub fn is_rolling_builder(root: &str) -> bool {
    matches!(
        root,
        "tracing_appender::rolling::RollingFileAppender::builder"
            | "tracing_appender::rolling::Builder::new"
            | "tracing_appender::rolling::Builder::default"
    )
}

/// A `RollingFileAppender` builder never rotates unless `.rotation(..)` says otherwise.
pub fn builder_never_rotates(cx: &Cx<'_>, build: &syn::ExprMethodCall) -> bool {
    let rotation = chain_methods(&build.receiver)
        .into_iter()
        .find(|m| m.method == "rotation");
    match rotation {
        Some(m) => m.args.first().is_some_and(|a| is_rotation_never(cx, a)),
        None => true,
    }
}

/// True for `Rotation::NEVER`.
pub fn is_rotation_never(cx: &Cx<'_>, expr: &syn::Expr) -> bool {
    cx.resolve_expr(expr)
        .is_some_and(|p| in_crate(&p, "tracing_appender") && p.ends_with("Rotation::NEVER"))
}

/// At the top of a flexi_logger builder chain that logs to a file: the `log_to_file`
/// call and the whole chain, outermost first.
pub fn flexi_file_chain<'c>(
    cx: &Cx<'_>,
    call: &'c syn::ExprMethodCall,
) -> Option<(&'c syn::ExprMethodCall, Vec<&'c syn::ExprMethodCall>)> {
    if !cx.is_chain_top() {
        return None;
    }
    let chain = crate::context::method_chain(call);
    let to_file = *chain.iter().find(|m| m.method == "log_to_file")?;
    let root = root_callee(cx, &call.receiver)?;
    in_crate(&root, "flexi_logger").then_some((to_file, chain))
}
