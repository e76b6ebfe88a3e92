use crate::context::{chain_root, method_chain, Cx, Usage};
use crate::facts::{keys, Condition};
use crate::finding::{Finding, Span};
use crate::rule::{hooks, Rule};

crate::declare_rule! {
    /// A server with no shutdown path drops every request in flight when the orchestrator
    /// stops it, on each deploy, scale-in and node drain: clients see resets and 502s.
    ///
    /// ### Fires on
    /// ```rust,ignore
    /// axum::serve(listener, app).await?;
    /// Server::builder().add_service(svc).serve(addr).await?;      // tonic
    /// warp::serve(routes).run(([0, 0, 0, 0], 8080)).await;
    /// loop {                                                       // hyper accept loop
    ///     let (stream, _) = listener.accept().await?;
    ///     tokio::spawn(http1::Builder::new().serve_connection(TokioIo::new(stream), svc));
    /// }
    /// ```
    /// ### Stays silent on
    /// ```rust,ignore
    /// axum::serve(listener, app).with_graceful_shutdown(shutdown_signal()).await?;
    /// Server::builder().add_service(svc).serve_with_shutdown(addr, shutdown_signal()).await?;
    /// HttpServer::new(app).bind(addr)?.run().await?;   // actix-web handles SIGTERM itself
    /// ```
    pub DEF = "no_graceful_shutdown",
        hooks::CALL | hooks::METHOD_CALL | hooks::LOOP | hooks::MACRO | hooks::FN,
        NoGracefulShutdown::default
}

/// Per-function `axum::serve` bindings and per-loop accept-loop evidence.
#[derive(Default)]
pub struct NoGracefulShutdown {
    /// `let server = axum::serve(..)` bindings awaiting `.with_graceful_shutdown`.
    bound_servers: Vec<Vec<(String, Span, bool)>>,
    /// Open loops, innermost last.
    loops: Vec<AcceptLoop>,
    /// The current function creates a hyper `GracefulShutdown` watcher.
    graceful_watcher: Vec<bool>,
}

#[derive(Default)]
struct AcceptLoop {
    accepts: bool,
    serves_hyper: bool,
    has_select: bool,
}

/// Chains that start a server, what in them starts it without a shutdown path, and
/// what gives it one.
struct ServerChain {
    root: &'static [&'static str],
    unbounded_start: &'static [&'static str],
    graceful: &'static [&'static str],
    fix: &'static str,
}

const CHAINS: &[ServerChain] = &[
    ServerChain {
        root: &[
            "axum::Server::bind",
            "axum::Server::from_tcp",
            "hyper::Server::bind",
            "hyper::Server::builder",
            "hyper::Server::from_tcp",
        ],
        unbounded_start: &["serve"],
        graceful: &["with_graceful_shutdown"],
        fix: "chain `.with_graceful_shutdown(shutdown_signal())` before awaiting the server",
    },
    ServerChain {
        root: &["tonic::transport::Server::builder"],
        unbounded_start: &["serve", "serve_with_incoming"],
        graceful: &["serve_with_shutdown", "serve_with_incoming_shutdown"],
        fix: "use `.serve_with_shutdown(addr, shutdown_signal())`",
    },
    ServerChain {
        root: &["warp::serve"],
        unbounded_start: &["run", "bind", "run_incoming", "bind_ephemeral"],
        graceful: &[
            "bind_with_graceful_shutdown",
            "try_bind_with_graceful_shutdown",
            "serve_incoming_with_graceful_shutdown",
            "graceful",
        ],
        fix: "use `.bind_with_graceful_shutdown(addr, shutdown_signal())`",
    },
    ServerChain {
        root: &["poem::Server::new"],
        unbounded_start: &["run"],
        graceful: &["run_with_graceful_shutdown"],
        fix: "use `.run_with_graceful_shutdown(app, shutdown_signal(), Some(timeout))`",
    },
];

const HYPER_CONNECTION_BUILDERS: &[&str] = &[
    "hyper::server::conn::http1::Builder::new",
    "hyper::server::conn::http2::Builder::new",
    "hyper_util::server::conn::auto::Builder::new",
];

impl Rule for NoGracefulShutdown {
    fn check_fn(&mut self, _cx: &mut Cx<'_>, _body: &syn::Block) {
        self.bound_servers.push(Vec::new());
        self.graceful_watcher.push(false);
    }

    fn check_fn_post(&mut self, cx: &mut Cx<'_>, _body: &syn::Block) {
        self.graceful_watcher.pop();
        for (_, span, graceful) in self.bound_servers.pop().unwrap_or_default() {
            if !graceful {
                cx.report(axum_finding(span));
            }
        }
    }

    fn check_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprCall, callee: &str) {
        if HYPER_CONNECTION_BUILDERS.contains(&callee) {
            if let Some(current) = self.loops.last_mut() {
                current.serves_hyper = true;
            }
        }
        if callee == "hyper_util::server::graceful::GracefulShutdown::new" {
            if let Some(watcher) = self.graceful_watcher.last_mut() {
                *watcher = true;
            }
        }
        if callee != "axum::serve" {
            return;
        }
        match cx.usage().clone() {
            Usage::Receiver(method) if method == "with_graceful_shutdown" => {}
            Usage::Let(names) if names.len() == 1 && !self.bound_servers.is_empty() => {
                if let Some(servers) = self.bound_servers.last_mut() {
                    servers.push((names[0].clone(), cx.span(call), false));
                }
            }
            _ => cx.report(axum_finding(cx.span(call))),
        }
    }

    fn check_method_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprMethodCall) {
        if call.method == "accept" {
            if let Some(current) = self.loops.last_mut() {
                current.accepts = true;
            }
        }
        if call.method == "with_graceful_shutdown" {
            if let (Some(var), Some(servers)) = (
                crate::context::ident_of(&call.receiver),
                self.bound_servers.last_mut(),
            ) {
                servers
                    .iter_mut()
                    .filter(|(name, _, _)| *name == var)
                    .for_each(|s| s.2 = true);
            }
        }
        if !cx.is_chain_top() {
            return;
        }
        let syn::Expr::Call(root) = chain_root(&call.receiver) else {
            return;
        };
        let callee = cx.resolve_expr(&root.func).unwrap_or_default();
        let chain = method_chain(call);
        let has = |names: &[&str]| chain.iter().any(|m| names.iter().any(|n| m.method == n));
        if callee == "actix_web::HttpServer::new" && has(&["disable_signals"]) && has(&["run"]) {
            let finding = Finding::new(DEF.id, cx.span(root), "actix-web server with its signal handling disabled", "`.disable_signals()` and no SIGTERM handler")
                .with_help("drop `.disable_signals()`, or stop the server through its `ServerHandle::stop(true)` on SIGTERM");
            cx.report(finding.when(Condition::has(keys::HANDLES_SIGTERM).negate()));
            return;
        }
        let Some(server) = CHAINS.iter().find(|c| c.root.contains(&callee.as_str())) else {
            return;
        };
        if has(server.unbounded_start) && !has(server.graceful) {
            let short = callee.rsplit("::").nth(1).unwrap_or(&callee).to_string();
            let finding = Finding::new(
                DEF.id,
                cx.span(root),
                format!("{short} server started without a graceful shutdown"),
                "in-flight requests are dropped on SIGTERM",
            )
            .with_help(server.fix);
            cx.report(finding);
        }
    }

    fn check_macro(&mut self, _cx: &mut Cx<'_>, _mac: &syn::Macro, path: &str) {
        if matches!(
            path,
            "tokio::select" | "futures::select" | "futures::select_biased"
        ) {
            if let Some(current) = self.loops.last_mut() {
                current.has_select = true;
            }
        }
    }

    fn check_loop(&mut self, _cx: &mut Cx<'_>, _expr: &syn::Expr) {
        self.loops.push(AcceptLoop::default());
    }

    fn check_loop_post(&mut self, cx: &mut Cx<'_>, expr: &syn::Expr) {
        let Some(done) = self.loops.pop() else { return };
        // A `while flag` loop has its own way out; `while let Ok(..) = accept()` does not.
        let exit_condition =
            matches!(expr, syn::Expr::While(w) if !matches!(*w.cond, syn::Expr::Let(_)));
        let watched = self.graceful_watcher.last().copied().unwrap_or(false);
        if done.accepts && done.serves_hyper && !done.has_select && !exit_condition && !watched {
            let keyword = match expr {
                syn::Expr::Loop(l) => cx.span(&l.loop_token),
                syn::Expr::While(w) => cx.span(&w.while_token),
                syn::Expr::ForLoop(f) => cx.span(&f.for_token),
                other => cx.span(other),
            };
            let finding = Finding::new(DEF.id, keyword, "hyper accept loop with no shutdown branch", "accepts forever; SIGTERM drops open connections")
                .with_help("`tokio::select!` between `listener.accept()` and a shutdown signal, and drain connections with `hyper_util::server::graceful::GracefulShutdown`");
            cx.report(finding);
        } else if let Some(outer) = self.loops.last_mut() {
            // Evidence inside an inner loop belongs to the enclosing loop too.
            outer.accepts |= done.accepts;
            outer.serves_hyper |= done.serves_hyper;
            outer.has_select |= done.has_select;
        }
    }
}

fn axum_finding(span: Span) -> Finding {
    Finding::new(
        DEF.id,
        span,
        "axum server started without a graceful shutdown",
        "in-flight requests are dropped on SIGTERM",
    )
    .with_help("chain `.with_graceful_shutdown(shutdown_signal())` on `axum::serve(..)`")
}
