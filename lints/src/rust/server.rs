//! The HTTP servers a package starts, as the server-level rules see them: which call
//! starts one, of which framework, and the builder chain that configures it.

use crate::context::{chain_root, method_chain, Cx};

/// An HTTP server started by a method chain (`Server::builder()...serve(addr)`).
pub struct ServerStart<'e> {
    /// The framework: `axum`, `actix-web`, `hyper`, `tonic` or `warp`.
    pub framework: &'static str,
    /// The expression the chain starts from (where a finding points).
    pub root: &'e syn::Expr,
    /// The calls of the chain, outermost first.
    pub chain: Vec<&'e syn::ExprMethodCall>,
}

impl ServerStart<'_> {
    /// True when a call of the chain is named one of `names`.
    pub fn calls(&self, names: &[&str]) -> bool {
        self.chain
            .iter()
            .any(|m| names.iter().any(|n| m.method == n))
    }
}

/// Chains that start an HTTP server: the resolved roots and the calls that start it.
const CHAINS: &[(&str, &[&str], &[&str])] = &[
    (
        "hyper",
        &[
            "axum::Server::bind",
            "axum::Server::from_tcp",
            "hyper::Server::bind",
            "hyper::Server::builder",
            "hyper::Server::from_tcp",
            "hyper::server::Server::bind",
            "hyper::server::Server::builder",
            "hyper::server::Server::from_tcp",
        ],
        &["serve"],
    ),
    (
        "tonic",
        &["tonic::transport::Server::builder"],
        &[
            "serve",
            "serve_with_shutdown",
            "serve_with_incoming",
            "serve_with_incoming_shutdown",
        ],
    ),
    (
        "warp",
        &["warp::serve"],
        &[
            "run",
            "bind",
            "bind_with_graceful_shutdown",
            "try_bind_with_graceful_shutdown",
            "run_incoming",
            "bind_ephemeral",
            "graceful",
        ],
    ),
];

/// The framework of a server started by a plain call (`axum::serve(listener, app)`
/// with nothing chained on it), when the call is the top of its chain.
pub fn started_by_call(cx: &Cx<'_>, callee: &str) -> Option<&'static str> {
    (callee == "axum::serve" && cx.is_chain_top()).then_some("axum")
}

/// The server a method chain starts, looked at from its outermost call only.
pub fn started_by_chain<'e>(cx: &Cx<'_>, call: &'e syn::ExprMethodCall) -> Option<ServerStart<'e>> {
    if !cx.is_chain_top() {
        return None;
    }
    let root = chain_root(&call.receiver);
    let root_path = cx.chain_root_path(call)?;
    let framework = match root_path.as_str() {
        "axum::serve" => "axum",
        "actix_web::HttpServer::new" => "actix-web",
        path => {
            let syn::Expr::Call(_) = root else {
                return None;
            };
            CHAINS.iter().find(|(_, roots, _)| roots.contains(&path))?.0
        }
    };
    let start = ServerStart {
        framework,
        root,
        chain: method_chain(call),
    };
    let started = match CHAINS.iter().find(|(name, _, _)| *name == framework) {
        Some((_, _, starts)) => start.calls(starts),
        None => true,
    };
    started.then_some(start)
}
