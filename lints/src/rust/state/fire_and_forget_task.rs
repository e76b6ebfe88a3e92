use crate::context::{Cx, Frame, HandlerEvidence, Usage};
use crate::finding::{Finding, Span};
use crate::rule::{hooks, Rule};

crate::declare_rule! {
    /// Work a request starts in a detached task dies with the process: a restart or a
    /// deploy loses it halfway with no record, nobody waits for it at shutdown, and its
    /// panic or error is silently dropped with the handle.
    ///
    /// ### Fires on
    /// ```rust,ignore
    /// async fn signup(State(app): State<App>, Json(user): Json<User>) -> StatusCode {
    ///     tokio::spawn(send_welcome_email(user.email));      // handle dropped
    ///     let _ = tokio::task::spawn(audit(user.id));        // handle dropped
    ///     std::thread::spawn(move || rebuild_index());       // detached thread
    ///     StatusCode::CREATED
    /// }
    /// ```
    /// ### Stays silent on
    /// ```rust,ignore
    /// app.tasks.spawn(send_welcome_email(user.email));      // a JoinSet / TaskTracker
    /// let handle = tokio::spawn(work()); handle.await?;      // joined
    /// app.jobs.push(tokio::spawn(work()));                   // stored
    /// loop {                                                  // per-connection task of an accept loop
    ///     let (socket, _) = listener.accept().await?;
    ///     tokio::spawn(handle_connection(socket));
    /// }
    /// ```
    pub DEF = "fire_and_forget_task", hooks::CALL | hooks::PATH | hooks::FN | hooks::LOCAL, FireAndForgetTask::default
}

/// Per function: spawn handles bound to a name and not used yet.
#[derive(Default)]
pub struct FireAndForgetTask {
    functions: Vec<Vec<Pending>>,
    /// Per function: names bound to the ends of a channel made in it.
    channels: Vec<Vec<String>>,
}

struct Pending {
    var: String,
    finding: Finding,
    used: bool,
}

/// Channel constructors: a task fed or read through one is tied to its other end.
const CHANNELS: &[&str] = &[
    "tokio::sync::mpsc::channel",
    "tokio::sync::mpsc::unbounded_channel",
    "tokio::sync::oneshot::channel",
    "tokio::sync::watch::channel",
    "futures::channel::mpsc::channel",
    "futures::channel::mpsc::unbounded",
    "futures::channel::oneshot::channel",
    "std::sync::mpsc::channel",
    "std::sync::mpsc::sync_channel",
    "flume::bounded",
    "flume::unbounded",
    "async_channel::bounded",
    "async_channel::unbounded",
];

/// Functions that start a task or thread and return a handle that detaches on drop.
const SPAWNS: &[&str] = &[
    "tokio::spawn",
    "tokio::task::spawn",
    "tokio::task::spawn_local",
    "tokio::task::spawn_blocking",
    "std::thread::spawn",
    "async_std::task::spawn",
    "async_std::task::spawn_local",
    "actix_rt::spawn",
    "actix_web::rt::spawn",
    "smol::spawn",
];

impl Rule for FireAndForgetTask {
    fn check_fn(&mut self, _cx: &mut Cx<'_>, _body: &syn::Block) {
        self.functions.push(Vec::new());
        self.channels.push(Vec::new());
    }

    fn check_local(&mut self, cx: &mut Cx<'_>, local: &syn::Local) {
        let Some(init) = &local.init else { return };
        let syn::Expr::Call(call) = crate::context::strip_parens(&init.expr) else {
            return;
        };
        let is_channel = cx
            .resolve_expr(&call.func)
            .is_some_and(|p| CHANNELS.contains(&p.as_str()));
        if let (true, Some(names)) = (is_channel, self.channels.last_mut()) {
            names.extend(
                crate::walk::pattern_names(&local.pat)
                    .into_iter()
                    .filter(|n| n != "_"),
            );
        }
    }

    fn check_fn_post(&mut self, cx: &mut Cx<'_>, _body: &syn::Block) {
        self.channels.pop();
        for pending in self.functions.pop().unwrap_or_default() {
            if !pending.used {
                cx.report(pending.finding);
            }
        }
    }

    fn check_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprCall, callee: &str) {
        if !SPAWNS.contains(&callee) || inside_spawned_task(cx) || serves_connection(call) {
            return;
        }
        let feeds_channel = self.channels.last().is_some_and(|names| {
            names
                .iter()
                .any(|n| call.args.iter().any(|a| crate::context::mentions(a, n)))
        });
        if feeds_channel {
            return; // the task produces the streamed response (or a reply) through a channel
        }
        let condition = match cx.request_handler() {
            HandlerEvidence::No => return,
            HandlerEvidence::Certain => None,
            HandlerEvidence::IfRouted(condition) => Some(condition),
        };
        let dropped_now = match cx.usage() {
            Usage::Statement => true,
            Usage::Let(names) => names.len() == 1 && names[0].starts_with('_'),
            _ => false,
        };
        let bound = match cx.usage() {
            Usage::Let(names) if names.len() == 1 && !dropped_now => Some(names[0].clone()),
            _ => None,
        };
        if !dropped_now && bound.is_none() {
            return; // awaited, stored, returned or handed on
        }
        let mut finding = finding(cx.span(&call.func), callee);
        if let Some(condition) = condition {
            finding = finding.when(condition);
        }
        match (bound, self.functions.last_mut()) {
            (Some(var), Some(pending)) => pending.push(Pending {
                var,
                finding,
                used: false,
            }),
            _ => cx.report(finding),
        }
    }

    fn check_path(&mut self, _cx: &mut Cx<'_>, expr: &syn::ExprPath) {
        let Some(ident) = expr.path.get_ident() else {
            return;
        };
        let Some(pending) = self.functions.last_mut() else {
            return;
        };
        if let Some(p) = pending.iter_mut().rev().find(|p| ident == p.var.as_str()) {
            p.used = true;
        }
    }
}

/// True inside a task spawned by this function: only the outermost spawn is judged.
fn inside_spawned_task(cx: &Cx<'_>) -> bool {
    cx.frames_in_fn().any(|f| match f {
        Frame::Async {
            arg_of: Some(callee),
        }
        | Frame::Closure {
            arg_of: Some(callee),
            ..
        } => SPAWNS.contains(&callee.as_str()),
        _ => false,
    })
}

/// Names that show a task serving an upgraded connection (a WebSocket, HTTP upgrade):
/// the connection's own task, which lives exactly as long as the connection.
const CONNECTION_WORDS: &[&str] = &[
    "upgrade",
    "on_upgrade",
    "upgraded",
    "accept_async",
    "accept_hdr_async",
    "WebSocketStream",
    "serve_connection",
];

fn serves_connection(call: &syn::ExprCall) -> bool {
    call.args.iter().any(|arg| {
        CONNECTION_WORDS
            .iter()
            .any(|w| crate::context::mentions(arg, w))
    })
}

fn finding(span: Span, callee: &str) -> Finding {
    let what = if callee.starts_with("std::thread") {
        "thread"
    } else {
        "task"
    };
    Finding::new(
        DEF.id,
        span,
        format!("request handler starts a detached {what} (`{callee}`)"),
        "handle dropped: the work is lost on restart and its failure is never seen",
    )
}
