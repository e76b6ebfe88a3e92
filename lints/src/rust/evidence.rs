//! The facts every package-level decision needs, collected in the same traversal as the
//! rules and whatever rules are enabled: is a server started, is SIGTERM handled, is a
//! logger installed (and by which function), which functions are registered as handlers.

use crate::context::{chain_root, method_chain, strip_parens, Cx};
use crate::facts::{keys, Fact};
use crate::rule::{hooks, Rule};
use crate::rust::logging::{is_logger_init_call, is_logger_install};

crate::declare_rule! {
    /// Collects package-level evidence (server start, SIGTERM handling, logger
    /// installation, route handlers); always runs, never reports.
    pub DEF = "evidence", hooks::CALL | hooks::METHOD_CALL | hooks::PATH, Evidence::default
}

/// The evidence collector's per-file state (none: every fact is local to a node).
#[derive(Default)]
pub struct Evidence;

/// Calls that start a server or accept connections: evidence of service code.
pub const SERVER_STARTS: &[&str] = &[
    "axum::serve",
    "axum::Server::bind",
    "axum::Server::from_tcp",
    "hyper::Server::bind",
    "hyper::Server::builder",
    "hyper::Server::from_tcp",
    "hyper::server::conn::http1::Builder::new",
    "hyper::server::conn::http2::Builder::new",
    "hyper_util::server::conn::auto::Builder::new",
    "actix_web::HttpServer::new",
    "tonic::transport::Server::builder",
    "warp::serve",
    "poem::Server::new",
    "rocket::build",
    "rocket::custom",
    "salvo::Server::new",
    "tide::new",
    "tide::with_state",
    "pingora::server::Server::new",
    "pingora_core::server::Server::new",
    "tokio::net::TcpListener::bind",
    "std::net::TcpListener::bind",
    "async_std::net::TcpListener::bind",
];

/// Paths whose use means SIGTERM is handled.
const SIGTERM_PATHS: &[&str] = &[
    "tokio::signal::unix::SignalKind::terminate",
    "signal_hook::consts::SIGTERM",
    "signal_hook::consts::signal::SIGTERM",
    "signal_hook::consts::TERM_SIGNALS",
    "signal_hook::consts::terminate",
    "libc::SIGTERM",
    "nix::sys::signal::SIGTERM",
    "nix::sys::signal::Signal::SIGTERM",
    "async_signal::Signal::Term",
];

/// Route registration functions whose argument is a request handler.
const ROUTE_FUNCTIONS: &[&str] = &[
    "axum::routing::get",
    "axum::routing::post",
    "axum::routing::put",
    "axum::routing::delete",
    "axum::routing::patch",
    "axum::routing::head",
    "axum::routing::options",
    "axum::routing::any",
    "axum::routing::on",
    "axum::routing::get_service",
];

impl Rule for Evidence {
    fn check_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprCall, callee: &str) {
        if SERVER_STARTS.contains(&callee) {
            cx.fact(Fact::named(keys::SERVER_START, callee));
        }
        if SIGTERM_PATHS.contains(&callee) || callee == "tokio::signal::unix::SignalKind::from_raw"
        {
            cx.fact(Fact::flag(keys::HANDLES_SIGTERM));
        }
        if matches!(callee, "ctrlc::set_handler" | "ctrlc::try_set_handler")
            && cx.package.has_feature("ctrlc", "termination")
        {
            cx.fact(Fact::flag(keys::HANDLES_SIGTERM));
        }
        if is_logger_init_call(callee) {
            logger_installed(cx);
        }
        if ROUTE_FUNCTIONS.contains(&callee) {
            for arg in &call.args {
                handler_argument(cx, arg);
            }
        }
    }

    fn check_method_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprMethodCall) {
        let method = call.method.to_string();
        let root = chain_root(&call.receiver);
        let root_path = match root {
            syn::Expr::Call(c) => cx.resolve_expr(&c.func),
            other => cx.receiver_type(other),
        };
        if is_logger_install(&method, root_path.as_deref()) {
            logger_installed(cx);
        }
        let outermost = cx.is_chain_top();
        if outermost && root_path.as_deref() == Some("actix_web::HttpServer::new") {
            // actix-web installs its own SIGTERM handler unless told not to.
            let disabled = method_chain(call)
                .iter()
                .any(|m| m.method == "disable_signals");
            if !disabled {
                cx.fact(Fact::flag(keys::HANDLES_SIGTERM));
            }
        }
        let routes_on_router = root_path
            .as_deref()
            .is_some_and(|p| ROUTE_FUNCTIONS.contains(&p));
        let actix_to = method == "to"
            && root_path
                .as_deref()
                .is_some_and(|p| p.starts_with("actix_web::"));
        if routes_on_router || actix_to {
            for arg in &call.args {
                handler_argument(cx, arg);
            }
        }
    }

    fn check_path(&mut self, cx: &mut Cx<'_>, expr: &syn::ExprPath) {
        let Some(last) = expr.path.segments.last() else {
            return;
        };
        if !matches!(
            last.ident.to_string().as_str(),
            "SIGTERM" | "TERM_SIGNALS" | "Term" | "terminate"
        ) {
            return;
        }
        let path = cx.resolve(&expr.path);
        if SIGTERM_PATHS.contains(&path.as_str()) {
            cx.fact(Fact::flag(keys::HANDLES_SIGTERM));
        }
    }
}

fn logger_installed(cx: &mut Cx<'_>) {
    cx.fact(Fact::flag(keys::LOGGER_INIT));
    if let Some(name) = cx.enclosing_fn().map(|f| f.name.clone()) {
        cx.fact(Fact::named(keys::LOGGER_INIT_FN, name));
    }
}

/// Records the function named by a route argument (`get(list_users)`) as a handler.
fn handler_argument(cx: &mut Cx<'_>, arg: &syn::Expr) {
    if let syn::Expr::Path(p) = strip_parens(arg) {
        if let Some(last) = p.path.segments.last() {
            cx.fact(Fact::named(keys::ROUTE_HANDLER, last.ident.to_string()));
        }
    }
}
