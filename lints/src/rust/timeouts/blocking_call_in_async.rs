use crate::context::{chain_root, ident_of, Cx, Frame};
use crate::facts::{Condition, Fact};
use crate::finding::{Finding, Span};
use crate::rule::{hooks, Rule};

crate::declare_rule! {
    /// A blocking call inside async code stops the executor thread it runs on: every
    /// other task scheduled there waits too, so one slow disk or peer stalls unrelated
    /// requests, and a few of them at once freeze the whole runtime. A `std::sync::Mutex`
    /// guard held across `.await` blocks every other task that wants the lock (and makes
    /// the future `!Send`).
    ///
    /// ### Fires on
    /// ```rust,ignore
    /// async fn handler() -> Result<String> {
    ///     std::thread::sleep(Duration::from_millis(100));
    ///     let config = std::fs::read_to_string("config.toml")?;
    ///     let body = reqwest::blocking::get(url)?.text()?;
    ///     let guard = state.lock().unwrap();
    ///     notify(&guard).await;                        // guard held across .await
    /// }
    /// ```
    /// ### Stays silent on
    /// ```rust,ignore
    /// async fn handler() -> Result<String> {
    ///     tokio::time::sleep(Duration::from_millis(100)).await;
    ///     let config = tokio::fs::read_to_string("config.toml").await?;
    ///     let data = tokio::task::spawn_blocking(|| std::fs::read("big.bin")).await??;
    ///     { let guard = state.lock().unwrap(); guard.len() };   // dropped before .await
    /// }
    /// ```
    /// Single metadata calls (`std::fs::rename`, `remove_file`, `create_dir_all`, opening a
    /// file) are one short syscall each and are not flagged. `async fn main` is not flagged, nor the functions it calls itself, nor the start-up
    /// part of the async function that starts the server (before `axum::serve`,
    /// `HttpServer::new`, a listener bind): blocking there (reading config, certificates)
    /// holds up no request.
    pub DEF = "blocking_call_in_async",
        hooks::CALL | hooks::METHOD_CALL | hooks::FN | hooks::LOCAL | hooks::AWAIT,
        BlockingCallInAsync::default
}

/// Per open function: where its body's top-level statements start, and the lock
/// guards bound by them.
#[derive(Default)]
pub struct BlockingCallInAsync {
    functions: Vec<OpenFn>,
}

#[derive(Default)]
struct OpenFn {
    top_level: Vec<usize>,
    guards: Vec<Guard>,
    /// Blocking calls directly in this body, held until we know whether a server
    /// starts after them (start-up code blocks nobody).
    pending: Vec<Finding>,
    server_start: Option<u32>,
    /// Names bound to a loopback address: a connect to it answers at once.
    loopback: std::collections::HashSet<String>,
}

struct Guard {
    var: String,
    span: Span,
    end: u32,
    dropped: bool,
    reported: bool,
}

/// Fact: `main` calls the function named in the value in its own body.
const CALLED_FROM_MAIN: &str = "called_from_main";

/// Blocking calls by resolved path, and what to use instead: sleeps, network I/O, and
/// file I/O whose time grows with the content (reads, writes, copies, directory listings,
/// recursive removal). A single metadata call (`rename`, `remove_file`, `create_dir_all`,
/// a bare `File::open`) is one short syscall, left alone.
const BLOCKING: &[(&str, &str)] = &[
    ("std::thread::sleep", "`tokio::time::sleep(d).await`"),
    ("std::fs::read", "`tokio::fs::read(..).await`"),
    (
        "std::fs::read_to_string",
        "`tokio::fs::read_to_string(..).await`",
    ),
    ("std::fs::write", "`tokio::fs::write(..).await`"),
    ("std::fs::read_dir", "`tokio::fs::read_dir(..).await`"),
    ("std::fs::copy", "`tokio::fs::copy(..).await`"),
    (
        "std::fs::remove_dir_all",
        "`tokio::fs::remove_dir_all(..).await`",
    ),
    (
        "std::net::TcpStream::connect",
        "`tokio::net::TcpStream::connect(..).await`",
    ),
    (
        "std::net::TcpStream::connect_timeout",
        "`tokio::net::TcpStream::connect(..)` in `tokio::time::timeout`",
    ),
    ("futures::executor::block_on", "`.await` the future"),
    (
        "ureq::get",
        "an async client (reqwest), or `spawn_blocking`",
    ),
    (
        "ureq::post",
        "an async client (reqwest), or `spawn_blocking`",
    ),
    (
        "ureq::put",
        "an async client (reqwest), or `spawn_blocking`",
    ),
    (
        "ureq::delete",
        "an async client (reqwest), or `spawn_blocking`",
    ),
    (
        "ureq::request",
        "an async client (reqwest), or `spawn_blocking`",
    ),
];

impl Rule for BlockingCallInAsync {
    fn check_fn(&mut self, _cx: &mut Cx<'_>, body: &syn::Block) {
        // The `let` statements of the body itself, by their keyword's position (cheap:
        // the span of a whole statement is computed from all of its tokens).
        let top_level = body
            .stmts
            .iter()
            .filter_map(|s| match s {
                syn::Stmt::Local(local) => Some(local.let_token.span.byte_range().start),
                _ => None,
            })
            .collect();
        self.functions.push(OpenFn {
            top_level,
            ..OpenFn::default()
        });
    }

    fn check_fn_post(&mut self, cx: &mut Cx<'_>, _body: &syn::Block) {
        let Some(open) = self.functions.pop() else {
            return;
        };
        for finding in open.pending {
            if open
                .server_start
                .is_none_or(|start| finding.span.byte_start > start)
            {
                cx.report(finding);
            }
        }
    }

    fn check_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprCall, callee: &str) {
        if let Some(name) = callee.rsplit("::").next() {
            Self::note_main_call(cx, name);
        }
        if crate::rust::evidence::SERVER_STARTS.contains(&callee) {
            let at = cx.start_byte(&call.attrs, &call.func);
            if let Some(open) = self.functions.last_mut() {
                open.server_start.get_or_insert(at);
            }
        }
        if matches!(callee, "std::mem::drop" | "drop") {
            if let (Some(var), Some(open)) = (
                call.args.first().and_then(ident_of),
                self.functions.last_mut(),
            ) {
                open.guards
                    .iter_mut()
                    .filter(|g| g.var == var)
                    .for_each(|g| g.dropped = true);
            }
            return;
        }
        let blocking = BLOCKING
            .iter()
            .find(|(path, _)| *path == callee)
            .map(|(_, fix)| *fix)
            .or_else(|| {
                callee
                    .starts_with("reqwest::blocking::")
                    .then_some("the async `reqwest::Client`")
            });
        let Some(fix) = blocking else { return };
        let loopback = self.functions.last().is_some_and(|open| {
            call.args
                .first()
                .is_some_and(|a| crate::rust::timeouts::names_loopback(a, &open.loopback))
        });
        if loopback && callee.starts_with("std::net::") {
            return;
        }
        if !in_async_not_main(cx) {
            return;
        }
        let short = callee.trim_start_matches("std::");
        let finding = Finding::new(
            DEF.id,
            cx.span(call),
            format!("blocking call `{short}` in async code"),
            "blocks the executor thread",
        )
        .with_help(format!(
            "use {fix}, or move it into `tokio::task::spawn_blocking`"
        ));
        self.report_unless_start_up(cx, finding);
    }

    fn check_method_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprMethodCall) {
        Self::note_main_call(cx, &call.method.to_string());
        // `std::process::Command::new(..).output()` waits for the child.
        if matches!(call.method.to_string().as_str(), "output" | "status") && cx.is_chain_top() {
            if let syn::Expr::Call(root) = chain_root(&call.receiver) {
                if cx.resolve_expr(&root.func).as_deref() == Some("std::process::Command::new")
                    && in_async_not_main(cx)
                {
                    let finding = Finding::new(
                        DEF.id,
                        cx.span_between(&call.method, call),
                        "blocking `std::process::Command` in async code",
                        "waits for the child process on the executor thread",
                    )
                    .with_help("use `tokio::process::Command` and `.await` it");
                    self.report_unless_start_up(cx, finding);
                }
            }
        }
    }

    fn check_local(&mut self, cx: &mut Cx<'_>, local: &syn::Local) {
        let Some(init) = &local.init else { return };
        let names = crate::walk::pattern_names(&local.pat);
        if let Some(open) = self.functions.last_mut() {
            if crate::rust::timeouts::names_loopback(&init.expr, &open.loopback) {
                open.loopback.extend(names.iter().cloned());
            }
        }
        let [name] = names.as_slice() else { return };
        if name == "_" || !is_std_lock_guard(&init.expr) || !in_async_body(cx) {
            return;
        }
        let start = local.let_token.span.byte_range().start;
        let Some(open) = self.functions.last_mut() else {
            return;
        };
        // Only guards that live to the end of the function body: inner blocks drop theirs.
        if !open.top_level.contains(&start) {
            return;
        }
        let span = cx.expr_span(&init.expr);
        open.guards.push(Guard {
            var: name.clone(),
            span,
            end: span.byte_end,
            dropped: false,
            reported: false,
        });
    }

    fn check_await(&mut self, cx: &mut Cx<'_>, expr: &syn::ExprAwait) {
        if !in_async_body(cx) {
            return;
        }
        let at = cx.start_byte(&expr.attrs, &expr.base);
        let Some(open) = self.functions.last_mut() else {
            return;
        };
        let mut reports = Vec::new();
        for guard in open.guards.iter_mut() {
            if !guard.dropped && !guard.reported && at > guard.end {
                guard.reported = true;
                reports.push((guard.span, guard.var.clone()));
            }
        }
        for (span, var) in reports {
            let finding = Finding::new(
                DEF.id,
                span,
                format!("`std::sync` lock guard `{var}` held across an `.await`"),
                "other tasks block on this lock while this one is suspended",
            )
            .with_help("drop the guard before awaiting (scope it in a block or `drop(guard)`), or use `tokio::sync::Mutex`");
            cx.report(unless_on_own_runtime(cx, finding));
        }
    }
}

impl BlockingCallInAsync {
    /// Reports a blocking call, except one directly in the body of the function that
    /// starts the server, before it starts: start-up code holds up no request.
    /// So is the body of a function `main` calls (`Config::parse().await`):
    /// the finding holds only if no `main` of the package calls it.
    fn report_unless_start_up(&mut self, cx: &mut Cx<'_>, finding: Finding) {
        let direct = cx
            .frames_in_fn()
            .all(|f| matches!(f, Frame::Loop | Frame::Macro(_)));
        let name = cx
            .enclosing_fn()
            .map(|f| f.name.clone())
            .unwrap_or_default();
        let finding = if direct {
            finding.when(Condition::has_named(CALLED_FROM_MAIN, name).negate())
        } else {
            finding
        };
        let finding = unless_on_own_runtime(cx, finding);
        match self.functions.last_mut() {
            Some(open) if direct => open.pending.push(finding),
            _ => cx.report(finding),
        }
    }

    /// Records the functions `main` calls (start-up code, also through closures such as
    /// `CONFIG.get_or_try_init(|| async { Config::parse().await })`).
    fn note_main_call(cx: &mut Cx<'_>, name: &str) {
        if cx.enclosing_fn().is_some_and(|f| f.is_main) {
            cx.fact(Fact::named(CALLED_FROM_MAIN, name));
        }
    }
}

/// Keeps a finding only if its function may run on a shared runtime: code that runs only
/// under a dedicated thread's own current-thread runtime blocks no other task.
fn unless_on_own_runtime(cx: &Cx<'_>, finding: Finding) -> Finding {
    let Some(function) = cx.enclosing_fn() else {
        return finding;
    };
    let shared = Condition::has_named(
        crate::facts::keys::DEDICATED_ONLY,
        crate::rust::call_graph::fn_key(function),
    )
    .negate();
    let condition = match finding.condition.clone() {
        Some(existing) => Condition::All(vec![existing, shared]),
        None => shared,
    };
    finding.when(condition)
}

/// `x.lock().unwrap()`, `x.write().expect(..)`: only `std::sync` locks return a
/// `LockResult` from a zero-argument `lock`/`read`/`write` (tokio's are awaited,
/// parking_lot's return the guard).
fn is_std_lock_guard(expr: &syn::Expr) -> bool {
    let syn::Expr::MethodCall(outer) = crate::context::strip_parens(expr) else {
        return false;
    };
    if !matches!(outer.method.to_string().as_str(), "unwrap" | "expect") {
        return false;
    }
    matches!(crate::context::strip_parens(&outer.receiver), syn::Expr::MethodCall(inner)
        if inner.args.is_empty() && matches!(inner.method.to_string().as_str(), "lock" | "read" | "write"))
}

/// Directly in the body of an `async fn` (not in a nested closure or async block).
fn in_async_body(cx: &Cx<'_>) -> bool {
    cx.frames_in_fn()
        .all(|f| matches!(f, Frame::Loop | Frame::Macro(_)))
        && cx.enclosing_fn().is_some_and(|f| f.is_async && !f.is_main)
}

/// On an executor thread, and not in `async fn main` itself.
fn in_async_not_main(cx: &Cx<'_>) -> bool {
    if !cx.in_async() {
        return false;
    }
    let directly_in_main = cx.enclosing_fn().is_some_and(|f| f.is_main)
        && cx
            .frames_in_fn()
            .all(|f| matches!(f, Frame::Loop | Frame::Macro(_)));
    !directly_in_main
}
