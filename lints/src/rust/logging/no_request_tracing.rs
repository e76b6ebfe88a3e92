use crate::context::{Cx, HandlerEvidence};
use crate::facts::{keys, Condition, Fact};
use crate::finding::{Finding, Span};
use crate::rule::{hooks, Rule};
use crate::rust::server::{started_by_call, started_by_chain};

crate::declare_rule! {
    /// With no request-scoped span or request id, the log lines of a hundred concurrent
    /// requests interleave with nothing to tell them apart: the error of one failing
    /// request cannot be found among the others, nor followed to the client that sent it.
    ///
    /// Any request-tracing layer in the package counts: tower-http `TraceLayer` or
    /// request-id layers (also through `ServiceBuilderExt`), actix-web `Logger`,
    /// `tracing-actix-web`'s `TracingLogger`, warp's `trace`/`log` filters, poem's
    /// `Tracing`, a hand-written middleware that opens a `request`/`http` span, or
    /// `#[tracing::instrument]` on a request handler. Only packages whose request
    /// handlers write log lines are checked; one that installs no logger at all is left
    /// to `no_logger_initialized`.
    ///
    /// ### Fires on
    /// ```rust,ignore
    /// let app = Router::new().route("/", get(index));
    /// axum::serve(listener, app).await?;
    /// HttpServer::new(|| App::new().service(index)).bind(addr)?.run().await?;
    /// warp::serve(routes).run(([0, 0, 0, 0], 8080)).await;
    /// ```
    /// ### Stays silent on
    /// ```rust,ignore
    /// let app = Router::new().route("/", get(index)).layer(TraceLayer::new_for_http());
    /// axum::serve(listener, app).await?;
    /// HttpServer::new(|| App::new().wrap(TracingLogger::default())).bind(addr)?.run().await?;
    /// warp::serve(routes.with(warp::trace::request())).run(addr).await;
    /// ```
    /// Use instead:
    /// ```rust,ignore
    /// let app = Router::new()
    ///     .route("/", get(index))
    ///     .layer(TraceLayer::new_for_http())
    ///     .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
    ///     .layer(PropagateRequestIdLayer::x_request_id());
    /// ```
    /// Only service code is checked.
    pub DEF = "no_request_tracing",
        hooks::CALL | hooks::METHOD_CALL | hooks::MACRO | hooks::PATH | hooks::FN,
        NoRequestTracing::default
}

/// Stateless: findings are conditioned on the package having no request tracing.
#[derive(Default)]
pub struct NoRequestTracing;

/// Fact: a request-tracing layer (or a request span) exists somewhere in the package.
pub const REQUEST_TRACING: &str = "request_tracing";

/// Path prefixes of request-tracing layers and filters (resolved paths).
const TRACING_PREFIXES: &[&str] = &[
    "tower_http::trace::",
    "tower_http::request_id::",
    "actix_web::middleware::Logger",
    "tracing_actix_web::",
    "actix_request_identifier::",
    "tower_request_id::",
    "axum_tracing_opentelemetry::",
    "warp::trace",
    "warp::log",
    "poem::middleware::Tracing",
    "poem::middleware::RequestId",
    "salvo::logging::Logger",
    "tide::log::LogMiddleware",
];

/// `tower_http::ServiceBuilderExt` methods that add tracing or request ids.
const SERVICE_BUILDER_METHODS: &[&str] = &[
    "trace_for_http",
    "trace_for_grpc",
    "set_x_request_id",
    "propagate_x_request_id",
    "set_request_id",
    "propagate_request_id",
];

/// Fact: request-handling code writes log lines (so they need telling apart).
pub const REQUEST_LOGS: &str = "request_logs";

/// Crates whose `info!`/`warn!`/... macros write log records.
const LOG_CRATES: &[&str] = &["tracing", "log"];
const LOG_LEVELS: &[&str] = &["trace", "debug", "info", "warn", "error", "event"];

/// True for a log macro (`tracing::info`, `log::warn`).
fn is_log_macro(path: &str) -> bool {
    path.split_once("::")
        .is_some_and(|(krate, name)| LOG_CRATES.contains(&krate) && LOG_LEVELS.contains(&name))
}

/// Span macros whose name says a hand-written middleware opens a span per request.
const SPAN_MACROS: &[&str] = &[
    "tracing::span",
    "tracing::info_span",
    "tracing::debug_span",
    "tracing::trace_span",
    "tracing::warn_span",
    "tracing::error_span",
];

fn is_tracing_path(path: &str) -> bool {
    TRACING_PREFIXES.iter().any(|p| path.starts_with(p))
}

/// The fix for a server of `framework`.
fn fix(framework: &str) -> &'static str {
    match framework {
        "actix-web" => "wrap the app: `App::new().wrap(tracing_actix_web::TracingLogger::default())` (or `actix_web::middleware::Logger::default()`)",
        "warp" => "add `.with(warp::trace::request())` to the filter",
        "tonic" => "add `.layer(tower_http::trace::TraceLayer::new_for_grpc())` to `Server::builder()`",
        _ => "add `.layer(tower_http::trace::TraceLayer::new_for_http())`, with `SetRequestIdLayer::x_request_id(MakeRequestUuid)` and `PropagateRequestIdLayer::x_request_id()` for a request id",
    }
}

fn report(cx: &mut Cx<'_>, span: Span, framework: &str) {
    let f = Finding::new(
        DEF.id,
        span,
        format!("{framework} server with no request-scoped tracing"),
        "log lines of concurrent requests cannot be told apart",
    )
    .with_help(fix(framework))
    // With no logger at all, `no_logger_initialized` is the finding to fix first; with
    // no log line written by a request handler, there is nothing to tell apart.
    .when(Condition::All(vec![
        Condition::has(keys::LOGGER_INIT),
        Condition::has(REQUEST_LOGS),
        Condition::has(REQUEST_TRACING).negate(),
    ]));
    cx.report(f);
}

/// True when a span macro names its span after a request (`info_span!("request", ..)`).
fn names_request_span(mac: &syn::Macro) -> bool {
    let tokens = mac.tokens.to_string().to_ascii_lowercase();
    let name = tokens.split('"').nth(1).unwrap_or_default();
    ["request", "http", "req"].iter().any(|w| name.contains(w))
}

impl Rule for NoRequestTracing {
    fn check_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprCall, callee: &str) {
        if is_tracing_path(callee) {
            cx.fact(Fact::flag(REQUEST_TRACING));
        } else if let Some(framework) = started_by_call(cx, callee) {
            let span = cx.span(call);
            report(cx, span, framework);
        }
    }

    fn check_method_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprMethodCall) {
        let method = call.method.to_string();
        if SERVICE_BUILDER_METHODS.contains(&method.as_str())
            && cx.package.dependency("tower_http").is_some()
        {
            cx.fact(Fact::flag(REQUEST_TRACING));
        }
        if let Some(server) = started_by_chain(cx, call) {
            let span = cx.span(server.root);
            report(cx, span, server.framework);
        }
    }

    fn check_macro(&mut self, cx: &mut Cx<'_>, mac: &syn::Macro, path: &str) {
        if SPAN_MACROS.contains(&path) && names_request_span(mac) {
            cx.fact(Fact::flag(REQUEST_TRACING));
        }
        if is_log_macro(path) && cx.request_handler() == HandlerEvidence::Certain {
            cx.fact(Fact::flag(REQUEST_LOGS));
        }
    }

    fn check_path(&mut self, cx: &mut Cx<'_>, expr: &syn::ExprPath) {
        // Unit-struct middlewares: `.with(Tracing)`, `.wrap(Logger)`.
        let Some(last) = expr.path.segments.last() else {
            return;
        };
        if matches!(
            last.ident.to_string().as_str(),
            "Tracing" | "Logger" | "TracingLogger" | "RequestId" | "LogMiddleware"
        ) && is_tracing_path(&cx.resolve(&expr.path))
        {
            cx.fact(Fact::flag(REQUEST_TRACING));
        }
    }

    fn check_fn(&mut self, cx: &mut Cx<'_>, _body: &syn::Block) {
        let instrumented = cx
            .enclosing_fn()
            .is_some_and(|f| f.attrs.iter().any(|a| a == "tracing::instrument"));
        if instrumented && cx.request_handler() == HandlerEvidence::Certain {
            cx.fact(Fact::flag(REQUEST_TRACING));
        }
    }
}
