use crate::context::TIMEOUT_WRAPPERS;
use crate::context::{strip_parens, Cx};
use crate::facts::{Condition, Fact};
use crate::finding::{Finding, Span};
use crate::rule::{hooks, Rule};
use crate::rust::server::{started_by_call, started_by_chain, ServerStart};

crate::declare_rule! {
    /// A server with no request timeout lets one slow client or one stuck handler hold a
    /// connection, a task and its memory for as long as it likes: a few hundred
    /// slow-loris clients, or a dependency that stopped answering, and the server has no
    /// capacity left for anyone else.
    ///
    /// Any request-timeout layer in the package counts (tower-http `TimeoutLayer`,
    /// `tower::ServiceBuilder::timeout`, tonic's `Server::builder().timeout(..)`, hyper's
    /// `http1_header_read_timeout`, a middleware that wraps `next.run(req)` in
    /// `tokio::time::timeout`). actix-web's 5 s client request timeout is a default and
    /// stays silent unless it is set to zero.
    ///
    /// ### Fires on
    /// ```rust,ignore
    /// let app = Router::new().route("/", get(index));
    /// axum::serve(listener, app).await?;
    /// Server::builder().add_service(svc).serve(addr).await?;       // tonic
    /// warp::serve(routes).run(([0, 0, 0, 0], 8080)).await;
    /// HttpServer::new(app).client_request_timeout(Duration::ZERO); // disables the default
    /// ```
    /// ### Stays silent on
    /// ```rust,ignore
    /// let app = Router::new().route("/", get(index))
    ///     .layer(TimeoutLayer::new(Duration::from_secs(10)));
    /// axum::serve(listener, app).await?;
    /// Server::builder().timeout(Duration::from_secs(10)).add_service(svc).serve(addr).await?;
    /// HttpServer::new(app).bind(addr)?.run().await?;                // 5 s default
    /// ```
    pub DEF = "server_without_request_timeout",
        hooks::CALL | hooks::METHOD_CALL,
        ServerWithoutRequestTimeout::default
}

/// Stateless: findings are conditioned on the package having no timeout layer.
#[derive(Default)]
pub struct ServerWithoutRequestTimeout;

/// Fact: a request timeout layer or setting exists somewhere in the package.
pub const REQUEST_TIMEOUT: &str = "request_timeout";

const TIMEOUT_LAYERS: &[&str] = &[
    "tower_http::timeout::TimeoutLayer::new",
    "tower_http::timeout::TimeoutLayer::with_status_code",
    "tower_http::timeout::Timeout::new",
    "tower_http::timeout::RequestBodyTimeoutLayer::new",
    "tower::timeout::TimeoutLayer::new",
    "tower::timeout::Timeout::new",
    "tower_http::timeout::TimeoutLayer::default",
];
/// `tower::ServiceBuilder` as a chain root (its constructor) or a typed local.
const SERVICE_BUILDERS: &[&str] = &[
    "tower::ServiceBuilder::new",
    "tower::builder::ServiceBuilder::new",
    "tower::ServiceBuilder",
    "tower::builder::ServiceBuilder",
];
/// Per framework whose server chain can bound a request: the settings that do, and the fix.
const BOUNDS: &[(&str, &[&str], &str)] = &[
    (
        "hyper",
        &["http1_header_read_timeout"],
        "add `.layer(tower_http::timeout::TimeoutLayer::new(Duration::from_secs(30)))` to the service, and `.http1_header_read_timeout(..)` on the server",
    ),
    (
        "tonic",
        &["timeout"],
        "set `Server::builder().timeout(Duration::from_secs(30))`",
    ),
    (
        "warp",
        &[],
        "serve the filter through `warp::service(routes)` inside a `tower::ServiceBuilder::new().timeout(..)`, or bound each handler with `tokio::time::timeout`",
    ),
];

/// The fix for an axum server.
const AXUM_FIX: &str =
    "add `.layer(tower_http::timeout::TimeoutLayer::new(Duration::from_secs(30)))` to the router";

fn no_timeout_layer() -> Condition {
    Condition::has(REQUEST_TIMEOUT).negate()
}

fn finding(span: Span, name: &str, fix: &str) -> Finding {
    Finding::new(
        DEF.id,
        span,
        format!("{name} server with no request timeout"),
        "slow clients and stuck handlers hold connections forever",
    )
    .with_help(fix.to_string())
    .when(no_timeout_layer())
}

impl Rule for ServerWithoutRequestTimeout {
    fn check_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprCall, callee: &str) {
        if TIMEOUT_LAYERS.contains(&callee) {
            cx.fact(Fact::flag(REQUEST_TIMEOUT));
        } else if TIMEOUT_WRAPPERS.contains(&callee) && call.args.iter().any(wraps_service_call) {
            // A middleware bounding `next.run(req)` / `inner.call(req)` by hand.
            cx.fact(Fact::flag(REQUEST_TIMEOUT));
        } else if let Some(framework) = started_by_call(cx, callee) {
            cx.report(finding(cx.span(call), framework, AXUM_FIX));
        }
    }

    fn check_method_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprMethodCall) {
        let root_path = cx.chain_root_path(call).unwrap_or_default();
        if call.method == "timeout" && SERVICE_BUILDERS.contains(&root_path.as_str()) {
            cx.fact(Fact::flag(REQUEST_TIMEOUT));
        }
        if call.method == "timeout" && root_path == "tonic::transport::Server::builder" {
            cx.fact(Fact::flag(REQUEST_TIMEOUT));
        }
        let Some(server) = started_by_chain(cx, call) else {
            return;
        };
        match server.framework {
            "axum" => cx.report(finding(cx.span(server.root), "axum", AXUM_FIX)),
            "actix-web" => actix_timeout_disabled(cx, &server),
            framework => {
                let Some((_, bounds, fix)) = BOUNDS.iter().find(|(f, _, _)| *f == framework) else {
                    return;
                };
                if !server.calls(bounds) {
                    cx.report(finding(cx.span(server.root), framework, fix));
                }
            }
        }
    }
}

/// actix-web's 5 s request timeout set to zero on the server chain.
fn actix_timeout_disabled(cx: &mut Cx<'_>, server: &ServerStart<'_>) {
    for m in &server.chain {
        let setting = m.method == "client_request_timeout" || m.method == "client_timeout";
        if setting && m.args.first().is_some_and(is_zero) {
            let f = Finding::new(
                DEF.id,
                cx.span_between(&m.method, *m),
                "actix-web server with its request timeout disabled",
                "zero means no timeout",
            )
            .with_help("remove the call to keep the 5 s default, or pass a bound: `.client_request_timeout(Duration::from_secs(10))`");
            cx.report(f);
        }
    }
}

/// `next.run(req)`, `inner.call(req)`, `svc.oneshot(req)` (awaited or not).
fn wraps_service_call(arg: &syn::Expr) -> bool {
    let mut expr = strip_parens(arg);
    if let syn::Expr::Await(a) = expr {
        expr = strip_parens(&a.base);
    }
    matches!(expr, syn::Expr::MethodCall(m) if matches!(m.method.to_string().as_str(), "run" | "call" | "oneshot"))
}

/// `0`, `Duration::ZERO`, `Duration::from_secs(0)`, `Duration::from_millis(0)`.
fn is_zero(expr: &syn::Expr) -> bool {
    match strip_parens(expr) {
        syn::Expr::Lit(l) => matches!(&l.lit, syn::Lit::Int(i) if i.base10_digits() == "0"),
        syn::Expr::Path(p) => p.path.segments.last().is_some_and(|s| s.ident == "ZERO"),
        syn::Expr::Call(c) => c.args.len() == 1 && c.args.first().is_some_and(is_zero),
        _ => false,
    }
}
