//! The facts every package-level decision needs, collected in the same traversal as the
//! rules and whatever rules are enabled: is a server started, is SIGTERM handled, is a
//! logger installed (and by which function), which functions are registered as handlers.

use crate::context::{chain_root, method_chain, strip_parens, Cx};
use crate::facts::{keys, Fact};
use crate::rule::{hooks, Rule};
use crate::rust::call_graph::CallGraph;
use crate::rust::logging::{is_dependency_logger_setup, is_logger_init_call, is_logger_install};

crate::declare_rule! {
    /// Collects package-level evidence (server start, SIGTERM handling, logger
    /// installation, route handlers); always runs, never reports.
    pub DEF = "evidence",
        hooks::CALL | hooks::METHOD_CALL | hooks::PATH | hooks::LOCAL | hooks::LOOP,
        Evidence::default
}

/// The evidence collector's per-file state.
#[derive(Default)]
pub struct Evidence {
    /// `let subscriber = tracing_subscriber::registry().with(..)`: bound name -> the
    /// logger-crate call the chain starts from, so `subscriber.init()` is seen.
    logger_builders: std::collections::HashMap<String, String>,
    /// The package's call graph and its per-request entry points.
    graph: CallGraph,
}

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

/// Paths that handle SIGINT (Ctrl-C), as calls or as signal constants.
const SIGINT_PATHS: &[&str] = &[
    "tokio::signal::ctrl_c",
    "tokio::signal::unix::SignalKind::interrupt",
    "ctrlc::set_handler",
    "ctrlc::try_set_handler",
    "async_ctrlc::CtrlC::new",
    "signal_hook::consts::SIGINT",
    "signal_hook::consts::signal::SIGINT",
    "signal_hook::consts::TERM_SIGNALS",
    "libc::SIGINT",
    "nix::sys::signal::SIGINT",
    "nix::sys::signal::Signal::SIGINT",
    "async_signal::Signal::Int",
];

/// Calls that raise the process's own open-files limit.
const NOFILE_RAISERS: &[&str] = &[
    "rlimit::increase_nofile_limit",
    "rlimit::setrlimit",
    "rlimit::Resource::NOFILE::set",
    "libc::setrlimit",
    "nix::sys::resource::setrlimit",
    "fdlimit::raise_fd_limit",
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
    "hyper::service::service_fn",
    "tower::service_fn",
    "tower::util::service_fn",
];

/// Warp filter combinators whose argument is called once per request.
const WARP_HANDLER_METHODS: &[&str] = &["map", "and_then", "then"];

impl Rule for Evidence {
    fn check_loop(&mut self, _cx: &mut Cx<'_>, expr: &syn::Expr) {
        self.graph.enter_loop(expr);
    }

    fn check_loop_post(&mut self, _cx: &mut Cx<'_>, _expr: &syn::Expr) {
        self.graph.leave_loop();
    }

    fn check_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprCall, callee: &str) {
        self.graph.on_call(cx, call, callee);
        if SERVER_STARTS.contains(&callee) {
            cx.fact(Fact::named(keys::SERVER_START, callee));
        }
        if SIGTERM_PATHS.contains(&callee) || callee == "tokio::signal::unix::SignalKind::from_raw"
        {
            cx.fact(Fact::flag(keys::HANDLES_SIGTERM));
        }
        if SIGINT_PATHS.contains(&callee) {
            cx.fact(Fact::flag(keys::HANDLES_SIGINT));
        }
        if matches!(callee, "ctrlc::set_handler" | "ctrlc::try_set_handler")
            && cx.package.has_feature("ctrlc", "termination")
        {
            cx.fact(Fact::flag(keys::HANDLES_SIGTERM));
        }
        if is_logger_init_call(callee) || is_dependency_logger_setup(cx, callee) {
            logger_installed(cx);
        }
        if NOFILE_RAISERS.contains(&callee) {
            cx.fact(Fact::flag(keys::RAISES_NOFILE));
        }
        if ROUTE_FUNCTIONS.contains(&callee) {
            for arg in &call.args {
                handler_argument(cx, arg);
            }
        }
    }

    fn check_method_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprMethodCall) {
        self.graph.on_method_call(cx, call);
        // Each chain is looked at once, from its outermost call: linear in its length.
        if !cx.is_chain_top() {
            return;
        }
        let root_path = match chain_root(&call.receiver) {
            syn::Expr::Call(c) => cx.resolve_expr(&c.func),
            syn::Expr::Macro(m) => Some(cx.resolve_macro(&m.mac.path)),
            other => cx.receiver_type(other).or_else(|| {
                let name = crate::context::ident_of(other)?;
                self.logger_builders.get(&name).cloned()
            }),
        };
        let chain = method_chain(call);
        if chain
            .iter()
            .any(|m| is_logger_install(&m.method.to_string(), root_path.as_deref()))
        {
            logger_installed(cx);
        }
        if root_path.as_deref() == Some("actix_web::HttpServer::new") {
            // actix-web installs its own SIGTERM handler unless told not to.
            if !chain.iter().any(|m| m.method == "disable_signals") {
                cx.fact(Fact::flag(keys::HANDLES_SIGTERM));
                cx.fact(Fact::flag(keys::HANDLES_SIGINT));
            }
            // actix-web drains for 30 s unless `.shutdown_timeout(secs)` says otherwise.
            let secs = chain
                .iter()
                .find(|m| m.method == "shutdown_timeout")
                .and_then(|m| match m.args.first() {
                    Some(syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Int(n),
                        ..
                    })) => n.base10_parse::<u64>().ok(),
                    _ => None,
                })
                .unwrap_or(30);
            cx.fact(Fact::named(keys::SHUTDOWN_TIMEOUT, secs.to_string()));
        }
        let root = root_path.as_deref().unwrap_or_default();
        let on_router = ROUTE_FUNCTIONS.contains(&root);
        for m in chain {
            let method = m.method.to_string();
            let actix_to = method == "to" && root.starts_with("actix_web::");
            let warp_filter =
                WARP_HANDLER_METHODS.contains(&method.as_str()) && root.starts_with("warp::");
            if on_router || actix_to || warp_filter {
                m.args.iter().for_each(|arg| handler_argument(cx, arg));
            }
        }
    }

    fn check_local(&mut self, cx: &mut Cx<'_>, local: &syn::Local) {
        let (syn::Pat::Ident(ident), Some(init)) = (&local.pat, &local.init) else {
            return;
        };
        let syn::Expr::Call(call) = chain_root(&init.expr) else {
            return;
        };
        if let Some(callee) = cx.resolve_expr(&call.func) {
            if is_logger_install("init", Some(&callee)) {
                self.logger_builders.insert(ident.ident.to_string(), callee);
            }
        }
    }

    fn check_path(&mut self, cx: &mut Cx<'_>, expr: &syn::ExprPath) {
        let Some(last) = expr.path.segments.last() else {
            return;
        };
        // `db::Db::new`, `crate::server::run`: which modules this code uses. A single
        // name is a local or comes from a `use`, which the use map already records.
        if expr.path.segments.len() > 1 {
            let resolved = cx.resolve(&expr.path);
            cx.note_reference(&resolved);
        }
        const SIGNAL_NAMES: &[&str] = &[
            "SIGTERM",
            "TERM_SIGNALS",
            "Term",
            "terminate",
            "SIGINT",
            "Int",
            "interrupt",
        ];
        if !SIGNAL_NAMES.iter().any(|name| last.ident == name) {
            return;
        }
        let path = cx.resolve(&expr.path);
        if SIGTERM_PATHS.contains(&path.as_str()) {
            cx.fact(Fact::flag(keys::HANDLES_SIGTERM));
        }
        if SIGINT_PATHS.contains(&path.as_str()) {
            cx.fact(Fact::flag(keys::HANDLES_SIGINT));
        }
    }
}

/// The resolved callee at the root of a method chain, or the type of a typed variable.
pub fn chain_root_path(cx: &Cx<'_>, call: &syn::ExprMethodCall) -> Option<String> {
    match chain_root(&call.receiver) {
        syn::Expr::Call(c) => cx.resolve_expr(&c.func),
        other => cx.receiver_type(other),
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
