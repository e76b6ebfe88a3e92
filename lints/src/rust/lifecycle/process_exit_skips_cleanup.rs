use crate::context::{chain_root, ident_of, strip_parens, Cx, Frame, HandlerEvidence, Usage};
use crate::facts::{Condition, Fact};
use crate::finding::Finding;
use crate::rule::{hooks, Rule};

crate::declare_rule! {
    /// `std::process::exit` ends the process on the spot: no destructor runs, so
    /// buffered writers are not flushed, `tracing_appender` guards do not drain their
    /// queue (the error logged just before the exit is lost), temporary files stay and
    /// in-flight requests are cut. Called deep in the code, the caller cannot clean up.
    ///
    /// ### Fires on
    /// ```rust,ignore
    /// tokio::spawn(async move {
    ///     if let Err(err) = worker.run().await { error!(%err); std::process::exit(1) } // cuts the requests
    /// });
    /// fn load_config() -> Config {   // when the package logs through `tracing_appender::non_blocking`
    ///     let Ok(text) = std::fs::read_to_string("app.toml") else {
    ///         tracing::error!("no config");
    ///         std::process::exit(1);                 // outside main
    ///     };
    ///     toml::from_str(&text).unwrap()
    /// }
    /// fn main() {
    ///     let (writer, _guard) = tracing_appender::non_blocking(std::io::stdout());
    ///     // ...
    ///     std::process::exit(code);                  // the guard never drains the queue
    /// }
    /// ```
    /// ### Stays silent on
    /// ```rust,ignore
    /// fn main() {
    ///     if let Err(err) = run() {
    ///         eprintln!("error: {err}");
    ///         std::process::exit(1);                 // main, nothing buffered
    ///     }
    ///     let mut out = BufWriter::new(std::io::stdout());
    ///     report(&mut out);
    ///     out.flush().ok();
    ///     std::process::exit(0);                     // flushed first
    /// }
    /// fn parse_args() -> Args {                      // start-up code or a CLI command, and
    ///     usage(); std::process::exit(2)             // no background log writer in the package
    /// }
    /// tokio::spawn(async move {                      // the server itself has failed:
    ///     if let Err(err) = server.await { error!(%err); std::process::exit(1) } // nothing in flight
    /// });
    /// ```
    pub DEF = "process_exit_skips_cleanup",
        hooks::CALL | hooks::METHOD_CALL | hooks::LOCAL | hooks::FN | hooks::AWAIT,
        ProcessExitSkipsCleanup::default
}

/// In `main`: the buffers created so far and not yet flushed or dropped.
#[derive(Default)]
pub struct ProcessExitSkipsCleanup {
    /// `(binding, what it is)` of buffered writers and log guards alive in `main`.
    pending: Vec<(String, &'static str)>,
    /// Bindings of the current function that hold a started server future.
    servers: Vec<String>,
    /// Byte ranges of the futures and closures spawned as tasks in the current function.
    tasks: Vec<(u32, u32)>,
    /// `(task, where)` a spawned task awaited its server future: an exit after it, in
    /// the same task, reacts to the server's own end.
    server_ends: Vec<((u32, u32), u32)>,
}

/// Calls that create a buffer whose content is lost unless it is flushed or dropped.
const BUFFERED: &[(&str, &str)] = &[
    ("std::io::BufWriter::new", "a `BufWriter`"),
    ("std::io::BufWriter::with_capacity", "a `BufWriter`"),
    ("std::io::LineWriter::new", "a `LineWriter`"),
    (
        "tracing_appender::non_blocking",
        "a `tracing_appender` worker guard",
    ),
    (
        "tracing_appender::non_blocking::NonBlocking::new",
        "a `tracing_appender` worker guard",
    ),
];

/// The package writes its logs through a background thread or queue: an exit anywhere
/// loses the records not yet written.
const DEFERRED_LOGS: &str = "deferred_log_writer";

/// Calls that put a queue between the logger and its output.
const DEFERRED_LOG_WRITERS: &[&str] = &[
    "tracing_appender::non_blocking",
    "tracing_appender::non_blocking::NonBlocking::new",
    "tracing_appender::non_blocking::NonBlockingBuilder::default",
    "slog_async::Async::new",
    "slog_async::Async::default",
];

/// Closure callees that run the closure right away, in the caller's flow.
const INLINE_COMBINATORS: &[&str] = &[
    ".unwrap_or_else",
    ".map_err",
    ".or_else",
    ".map",
    ".and_then",
    ".ok_or_else",
    ".inspect_err",
    ".map_or_else",
    ".unwrap_or",
];

impl Rule for ProcessExitSkipsCleanup {
    fn check_fn(&mut self, cx: &mut Cx<'_>, _body: &syn::Block) {
        if cx.enclosing_fn().is_some_and(|f| f.is_main) {
            self.pending.clear();
        }
        self.servers.clear();
        self.tasks.clear();
        self.server_ends.clear();
    }

    fn check_await(&mut self, cx: &mut Cx<'_>, expr: &syn::ExprAwait) {
        let awaits_server = match strip_parens(&expr.base) {
            syn::Expr::MethodCall(call) => {
                crate::rust::server::started_by_chain(cx, call).is_some()
            }
            syn::Expr::Call(call) => cx
                .resolve_expr(&call.func)
                .is_some_and(|callee| crate::rust::server::started_by_call(cx, &callee).is_some()),
            base => ident_of(base).is_some_and(|name| self.servers.contains(&name)),
        };
        let span = cx.span(expr);
        if let (true, Some(task)) = (awaits_server, self.task_at(span.byte_start)) {
            self.server_ends.push((task, span.byte_end));
        }
    }

    fn check_local(&mut self, cx: &mut Cx<'_>, local: &syn::Local) {
        if !in_main_flow(cx) {
            return;
        }
        let Some(init) = &local.init else { return };
        let Some(what) = buffered(cx, &init.expr) else {
            return;
        };
        // `let (writer, _guard) = non_blocking(..)`: the guard is what must be dropped.
        let names = crate::walk::pattern_names(&local.pat);
        match names.last() {
            Some(name) if name != "_" => self.pending.push((name.clone(), what)),
            _ => {}
        }
    }

    fn check_method_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprMethodCall) {
        if SPAWNS.contains(&format!(".{}", call.method).as_str()) {
            self.note_task(cx, call.args.iter());
        }
        if let Usage::Let(names) = cx.usage() {
            // `let server = Server::builder(..).serve(..)`, then
            // `let server = server.with_graceful_shutdown(..)`.
            let from_server = crate::rust::server::started_by_chain(cx, call).is_some()
                || ident_of(chain_root(&call.receiver))
                    .is_some_and(|root| self.servers.contains(&root));
            if from_server {
                self.servers.extend(names.iter().cloned());
            }
        }
        if self.pending.is_empty() || !in_main_flow(cx) {
            return;
        }
        self.forget_moved(call.args.iter());
        if !matches!(call.method.to_string().as_str(), "flush" | "into_inner") {
            return;
        }
        match ident_of(&call.receiver) {
            Some(name) => self.pending.retain(|(n, _)| *n != name),
            // `log::logger().flush()` and the like flush the logger's buffers.
            None => self.pending.retain(|(_, what)| !what.contains("guard")),
        }
    }

    fn check_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprCall, callee: &str) {
        if SPAWNS.contains(&callee) {
            self.note_task(cx, call.args.iter());
        }
        if DEFERRED_LOG_WRITERS.contains(&callee) {
            cx.fact(Fact::flag(DEFERRED_LOGS));
        }
        if callee != "std::process::exit" {
            // `drop(out)`, or `out` moved into a call that drops it when done.
            if !self.pending.is_empty() && in_main_flow(cx) {
                self.forget_moved(call.args.iter());
            }
            return;
        }
        let span = cx.span(call);
        if !in_main_flow(cx) {
            self.exit_away_from_main(cx, span);
            return;
        }
        if let Some((name, what)) = self.pending.first() {
            let finding = Finding::new(
                DEF.id,
                span,
                format!("`process::exit` while {what} (`{name}`) is still unflushed"),
                "exit does not run destructors: the buffered output is lost",
            )
            .with_help(format!(
                "`drop({name})` or flush it before exiting, or return an `ExitCode` from `main`"
            ));
            cx.report(finding);
        }
    }
}

impl ProcessExitSkipsCleanup {
    /// An exit in a helper, a callback or a task: certain harm when it cuts the other
    /// tasks of a running service (from a spawned task or a request handler); elsewhere
    /// (start-up helpers, CLI commands) only when log records wait in a background
    /// writer somewhere in the package.
    fn exit_away_from_main(&self, cx: &mut Cx<'_>, span: crate::finding::Span) {
        let task = self.task_at(span.byte_start);
        let server_ended = self
            .server_ends
            .iter()
            .any(|&(t, end)| Some(t) == task && end <= span.byte_start);
        let serving = (in_spawned_task(cx) && !server_ended)
            || cx.request_handler() == HandlerEvidence::Certain;
        let (message, label) = if serving {
            (
                "`process::exit` in a spawned task or request handler skips every destructor",
                "in-flight requests and tasks are cut with no shutdown",
            )
        } else {
            (
                "`process::exit` outside `main` while logs go through a background writer",
                "the records still queued (this error's among them) are lost",
            )
        };
        let finding = Finding::new(DEF.id, span, message, label).with_help(
            "return an error (or an exit code) up to `main` and exit there, after flushing the logger",
        );
        cx.report(if serving {
            finding
        } else {
            finding.when(Condition::has(DEFERRED_LOGS))
        });
    }

    /// Remembers where the task bodies passed to a spawn call lie.
    fn note_task<'e>(&mut self, cx: &Cx<'_>, args: impl Iterator<Item = &'e syn::Expr>) {
        for arg in args {
            let span = cx.span(arg);
            self.tasks.push((span.byte_start, span.byte_end));
        }
    }

    /// The innermost spawned task body around a byte offset.
    fn task_at(&self, at: u32) -> Option<(u32, u32)> {
        self.tasks
            .iter()
            .filter(|&&(start, end)| start <= at && at < end)
            .min_by_key(|&&(start, end)| end - start)
            .copied()
    }

    /// Forgets the buffers passed by value: the callee owns them and drops them.
    fn forget_moved<'e>(&mut self, args: impl Iterator<Item = &'e syn::Expr>) {
        for arg in args {
            if let syn::Expr::Path(p) = crate::context::strip_parens(arg) {
                if let Some(name) = p.path.get_ident().map(|i| i.to_string()) {
                    self.pending.retain(|(n, _)| *n != name);
                }
            }
        }
    }
}

/// True when the code runs as part of `main`'s own flow: in `main`, or in a closure
/// `main` runs right away (`.unwrap_or_else(|e| ..)`), not in a spawned task, a signal
/// handler or another function.
fn in_main_flow(cx: &Cx<'_>) -> bool {
    for frame in cx.frames() {
        match frame {
            Frame::Fn(info) => return info.is_main,
            Frame::Async {
                arg_of: Some(callee),
            } if BLOCK_ON.contains(&callee.as_str()) => {}
            Frame::Async { .. } => return false,
            Frame::Closure { arg_of, .. }
                if !arg_of
                    .as_deref()
                    .is_some_and(|c| INLINE_COMBINATORS.contains(&c)) =>
            {
                return false
            }
            _ => {}
        }
    }
    false
}

/// True inside a spawned task (`tokio::spawn(async { .. })`, `JoinSet::spawn`): it
/// runs beside the other tasks of a running service, which an exit cuts short.
fn in_spawned_task(cx: &Cx<'_>) -> bool {
    for frame in cx.frames() {
        match frame {
            Frame::Async {
                arg_of: Some(callee),
            }
            | Frame::Closure {
                is_async: true,
                arg_of: Some(callee),
            } if SPAWNS.contains(&callee.as_str()) => return true,
            Frame::Fn(_) => return false,
            _ => {}
        }
    }
    false
}

/// Callees whose future argument runs as a task of its own.
const SPAWNS: &[&str] = &[
    "tokio::spawn",
    "tokio::task::spawn",
    "tokio::task::spawn_local",
    "actix_rt::spawn",
    "actix_web::rt::spawn",
    "async_std::task::spawn",
    "smol::spawn",
    ".spawn",
    ".spawn_local",
];

/// Callees that run an async block to completion on the calling thread.
const BLOCK_ON: &[&str] = &[
    ".block_on",
    "futures::executor::block_on",
    "futures_lite::future::block_on",
    "async_std::task::block_on",
    "pollster::block_on",
    "tokio_test::block_on",
];

/// What buffer an initializer creates (`BufWriter::new(..)`, `non_blocking(..)`).
fn buffered(cx: &Cx<'_>, expr: &syn::Expr) -> Option<&'static str> {
    let root = crate::context::chain_root(expr);
    let syn::Expr::Call(call) = root else {
        return None;
    };
    let callee = cx.resolve_expr(&call.func)?;
    BUFFERED
        .iter()
        .find(|(path, _)| *path == callee)
        .map(|(_, what)| *what)
}
