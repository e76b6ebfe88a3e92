use crate::context::{method_chain, strip_parens, Cx};
use crate::finding::Finding;
use crate::rule::{hooks, Rule};
use crate::rust::logging::{in_crate, root_callee};

crate::declare_rule! {
    /// A service whose default log level is `debug` or `trace` formats and writes every
    /// debug record in production: CPU and I/O spent on logging, log volume (and the bill
    /// for shipping it) multiplied, disks filled, and the lines that matter drowned.
    ///
    /// ### Fires on
    /// ```rust,ignore
    /// tracing_subscriber::fmt().with_max_level(Level::DEBUG).init();
    /// let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("debug"));
    /// env_logger::Builder::from_env(Env::default().default_filter_or("trace")).init();
    /// fern::Dispatch::new().level(LevelFilter::Debug).chain(std::io::stdout()).apply()?;
    /// std::env::set_var("RUST_LOG", "debug");
    /// ```
    /// ### Stays silent on
    /// ```rust,ignore
    /// tracing_subscriber::fmt().with_env_filter(EnvFilter::from_default_env()).init();
    /// let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into());
    /// let filter = EnvFilter::new("info,my_service=debug");    // debug for one target only
    /// tracing_subscriber::fmt().with_max_level(config.log_level).init();
    /// let level = match args.verbose { 0 => Level::INFO, _ => Level::TRACE };   // picked by a flag
    /// ```
    pub DEF = "verbose_default_log_level", hooks::CALL | hooks::METHOD_CALL, VerboseDefaultLogLevel::default
}

/// Stateless: each level given to a logger's setup is checked where it is written.
#[derive(Default)]
pub struct VerboseDefaultLogLevel {
    /// Byte ranges of closures that run only when a supplied filter fails to parse
    /// (`EnvFilter::from_str(arg).unwrap_or_else(|_| EnvFilter::new("debug"))`): the
    /// level there answers an operator's typo, it is not what production runs with.
    invalid_input_fallbacks: Vec<(u32, u32)>,
}

/// How a logger API takes its level.
#[derive(Clone, Copy)]
enum Arg {
    /// A level constant (`Level::DEBUG`, `LevelFilter::Trace`).
    Level(usize),
    /// A directive string (`"debug"`, `"debug,hyper=info"`).
    Directive(usize),
}

/// Calls that take a default level, by resolved callee suffix within a crate.
const LEVEL_CALLS: &[(&str, &str, Arg)] = &[
    ("tracing_subscriber", "EnvFilter::new", Arg::Directive(0)),
    (
        "tracing_subscriber",
        "EnvFilter::try_new",
        Arg::Directive(0),
    ),
    ("flexi_logger", "Logger::try_with_str", Arg::Directive(0)),
    (
        "flexi_logger",
        "Logger::try_with_env_or_str",
        Arg::Directive(0),
    ),
    ("flexi_logger", "Logger::with_str", Arg::Directive(0)),
    ("flexi_logger", "Logger::with_env_or_str", Arg::Directive(0)),
    ("simplelog", "TermLogger::new", Arg::Level(0)),
    ("simplelog", "TermLogger::init", Arg::Level(0)),
    ("simplelog", "WriteLogger::new", Arg::Level(0)),
    ("simplelog", "WriteLogger::init", Arg::Level(0)),
    ("simplelog", "SimpleLogger::new", Arg::Level(0)),
    ("simplelog", "SimpleLogger::init", Arg::Level(0)),
    ("simple_logger", "init_with_level", Arg::Level(0)),
    ("log", "set_max_level", Arg::Level(0)),
    ("slog", "LevelFilter::new", Arg::Level(1)),
];

/// Builder methods that take a default level, by the crate their chain starts in.
const LEVEL_METHODS: &[(&str, &str, Arg)] = &[
    ("tracing_subscriber", "with_max_level", Arg::Level(0)),
    (
        "tracing_subscriber",
        "with_default_directive",
        Arg::Level(0),
    ),
    ("tracing_subscriber", "with_env_filter", Arg::Directive(0)),
    ("tracing_subscriber", "parse", Arg::Directive(0)),
    ("tracing_subscriber", "parse_lossy", Arg::Directive(0)),
    ("env_logger", "filter_level", Arg::Level(0)),
    ("env_logger", "filter", Arg::Level(1)),
    ("env_logger", "parse_filters", Arg::Directive(0)),
    ("env_logger", "default_filter_or", Arg::Directive(0)),
    ("fern", "level", Arg::Level(0)),
    ("simple_logger", "with_level", Arg::Level(0)),
];

impl Rule for VerboseDefaultLogLevel {
    fn check_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprCall, callee: &str) {
        if callee == "std::env::set_var" {
            let rust_log = call
                .args
                .first()
                .is_some_and(|a| string_lit(a).as_deref() == Some("RUST_LOG"));
            if let (true, Some(value)) = (rust_log, call.args.iter().nth(1)) {
                check_arg(cx, value, Arg::Directive(0), "`RUST_LOG` set to");
            }
            return;
        }
        let at = cx.start_byte(&call.attrs, &call.func);
        if self
            .invalid_input_fallbacks
            .iter()
            .any(|&(start, end)| start <= at && at < end)
        {
            return;
        }
        if cx.in_branch() {
            // A level picked in an `if`/`match` (a verbosity flag, a debug build) is a
            // choice among levels, not the default.
            return;
        }
        let Some((_, _, arg)) = LEVEL_CALLS
            .iter()
            .find(|(krate, suffix, _)| in_crate(callee, krate) && callee.ends_with(suffix))
        else {
            return;
        };
        let (index, arg) = match *arg {
            Arg::Level(i) => (i, Arg::Level(0)),
            Arg::Directive(i) => (i, Arg::Directive(0)),
        };
        if let Some(value) = call.args.iter().nth(index) {
            check_arg(cx, value, arg, "default log level");
        }
    }

    fn check_method_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprMethodCall) {
        if let Some(closure) = invalid_input_fallback(cx, call) {
            let span = cx.span(closure);
            self.invalid_input_fallbacks
                .push((span.byte_start, span.byte_end));
        }
        if !cx.is_chain_top() || cx.in_branch() {
            return;
        }
        let Some(root) = root_callee(cx, &call.receiver) else {
            return;
        };
        let chain = method_chain(call);
        if is_env_default(&root, &call.receiver) {
            // `try_from_default_env().unwrap_or_else(|_| "debug".into())`: the fallback
            // is what production runs with when RUST_LOG is unset.
            for m in &chain {
                if matches!(
                    m.method.to_string().as_str(),
                    "unwrap_or_else" | "unwrap_or" | "or_else" | "or"
                ) {
                    if let Some(value) = m.args.first() {
                        check_arg(cx, value, Arg::Directive(0), "default log level");
                    }
                }
            }
            return;
        }
        let krate = root.split("::").next().unwrap_or_default();
        let env_filtered = chain
            .iter()
            .any(|m| m.method == "with_env_filter" || m.method == "with_filter");
        for m in &chain {
            let name = m.method.to_string();
            if krate == "log4rs" && name == "build" && root.ends_with("Root::builder") {
                if let Some(value) = m.args.first() {
                    check_arg(cx, value, Arg::Level(0), "default log level");
                }
                continue;
            }
            let Some((_, _, arg)) = LEVEL_METHODS
                .iter()
                .find(|(k, method, _)| *k == krate && *method == name)
            else {
                continue;
            };
            if name == "with_max_level" && env_filtered {
                continue;
            }
            // env_logger's `filter(None, level)` is the default; `filter(Some(module), ..)` is not.
            let for_module = m
                .args
                .first()
                .is_none_or(|a| cx.resolve_expr(a).as_deref() != Some("None"));
            if name == "filter" && for_module {
                continue;
            }
            let (index, arg) = match *arg {
                Arg::Level(i) => (i, Arg::Level(0)),
                Arg::Directive(i) => (i, Arg::Directive(0)),
            };
            if let Some(value) = m.args.iter().nth(index) {
                check_arg(cx, value, arg, "default log level");
            }
        }
    }
}

/// The closure of `parse(supplied).unwrap_or_else(|_| ..)` when `supplied` is a value
/// given at run time (a flag, a config field), not a literal: the closure runs only
/// when that value is malformed.
fn invalid_input_fallback<'e>(cx: &Cx<'_>, call: &'e syn::ExprMethodCall) -> Option<&'e syn::Expr> {
    if !matches!(
        call.method.to_string().as_str(),
        "unwrap_or_else" | "or_else"
    ) {
        return None;
    }
    let supplied = match strip_parens(&call.receiver) {
        syn::Expr::Call(parse) => {
            let callee = cx.resolve_expr(&parse.func)?;
            let parses = in_crate(&callee, "tracing_subscriber")
                && ["EnvFilter::from_str", "EnvFilter::try_new"]
                    .iter()
                    .any(|suffix| callee.ends_with(suffix));
            parses.then(|| parse.args.first()).flatten()?
        }
        syn::Expr::MethodCall(parse) if parse.method == "parse" => &parse.receiver,
        _ => return None,
    };
    if string_lit(peel(cx, supplied)).is_some() {
        return None;
    }
    call.args
        .first()
        .filter(|arg| matches!(strip_parens(arg), syn::Expr::Closure(_)))
}

/// A chain that reads the level from the environment and falls back on its argument:
/// `EnvFilter::try_from_default_env()`, `std::env::var("RUST_LOG")`.
fn is_env_default(root: &str, receiver: &syn::Expr) -> bool {
    if in_crate(root, "tracing_subscriber")
        && (root.ends_with("EnvFilter::try_from_default_env")
            || root.ends_with("EnvFilter::try_from_env"))
    {
        return true;
    }
    if root != "std::env::var" {
        return false;
    }
    match crate::context::chain_root(receiver) {
        syn::Expr::Call(c) => c
            .args
            .first()
            .is_some_and(|a| string_lit(a).as_deref() == Some("RUST_LOG")),
        _ => false,
    }
}

fn check_arg(cx: &mut Cx<'_>, value: &syn::Expr, arg: Arg, what: &str) {
    let value = peel(cx, value);
    let level = match arg {
        Arg::Level(_) => verbose_level(cx, value),
        Arg::Directive(_) => string_lit(value).and_then(|s| verbose_directive(&s)),
    };
    if let Some(level) = level {
        let finding = Finding::new(
            DEF.id,
            cx.span(value),
            format!("{what} `{level}` hard-coded for production"),
            "every debug record is built and written unless RUST_LOG is set",
        );
        cx.report(finding);
    }
}

/// Peels `.into()`, `.to_string()`, `String::from(..)`, `Some(..)`, `|_| ..` closures and
/// wrappers down to the level or the directive string.
fn peel<'e>(cx: &Cx<'_>, mut expr: &'e syn::Expr) -> &'e syn::Expr {
    for _ in 0..8 {
        expr = match strip_parens(expr) {
            syn::Expr::MethodCall(m)
                if matches!(
                    m.method.to_string().as_str(),
                    "into" | "to_string" | "to_owned"
                ) && m.args.is_empty() =>
            {
                &m.receiver
            }
            syn::Expr::Closure(c) => &c.body,
            syn::Expr::Reference(r) => &r.expr,
            syn::Expr::Call(c) if c.args.len() == 1 => {
                let callee = cx.resolve_expr(&c.func).unwrap_or_default();
                // `EnvFilter::new("debug")` is not peeled: the call itself is checked.
                if !matches!(
                    callee.as_str(),
                    "Some" | "String::from" | "std::string::String::from"
                ) {
                    return expr;
                }
                &c.args[0]
            }
            other => return other,
        };
    }
    expr
}

/// `debug` or `trace` for a level constant of the log, tracing or slog crates.
fn verbose_level(cx: &Cx<'_>, expr: &syn::Expr) -> Option<&'static str> {
    let path = cx.resolve_expr(expr)?;
    let mut segments = path.rsplit("::");
    let (last, ty) = (segments.next()?, segments.next()?);
    if !matches!(ty, "Level" | "LevelFilter") {
        return None;
    }
    match last {
        "DEBUG" | "Debug" => Some("debug"),
        "TRACE" | "Trace" => Some("trace"),
        _ => None,
    }
}

/// `debug`/`trace` when a directive string's default (an entry with no target) is one.
fn verbose_directive(text: &str) -> Option<&'static str> {
    text.split(',')
        .map(|d| d.trim().to_ascii_lowercase())
        .filter(|d| !d.contains('='))
        .find_map(|d| match d.as_str() {
            "debug" => Some("debug"),
            "trace" => Some("trace"),
            _ => None,
        })
}

fn string_lit(expr: &syn::Expr) -> Option<String> {
    match strip_parens(expr) {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => Some(s.value()),
        _ => None,
    }
}
