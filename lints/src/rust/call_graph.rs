//! The package's call graph by function name, and which functions run per request or
//! event: recorded by the evidence collector in the one traversal, whatever rules are
//! enabled, and closed over in the join by [`crate::facts::derive`].

use crate::context::{strip_parens, Cx, FnInfo, Frame, HandlerEvidence};
use crate::facts::{keys, Condition, Fact};
use std::collections::HashSet;

/// Traits whose methods a framework calls once per request or message (an actix actor's
/// `handle`, a tower or hyper `Service::call`).
const PER_MESSAGE_TRAITS: &[&str] = &[
    "actix::Handler",
    "actix::StreamHandler",
    "tower::Service",
    "tower_service::Service",
    "hyper::service::Service",
];

/// Where the walker is with respect to per-event loops, and the edges already recorded.
#[derive(Default)]
pub struct CallGraph {
    /// `(caller, callee)` pairs already recorded in this file.
    recorded: HashSet<(String, String)>,
    /// For each enclosing loop, whether it goes round once per event.
    loops: Vec<bool>,
    /// Where a thread's closure builds a current-thread runtime of its own, with where
    /// its function starts.
    own_runtimes: Vec<(u32, u32)>,
    /// Byte ranges of what such a runtime's `block_on` runs.
    dedicated: Vec<(u32, u32)>,
}

impl CallGraph {
    /// Entering a loop: `loop`/`while` go round per event, a `for` over `incoming()` too.
    pub fn enter_loop(&mut self, expr: &syn::Expr) {
        let per_event = match expr {
            syn::Expr::ForLoop(f) => crate::context::chain_methods(&f.expr)
                .iter()
                .any(|m| m.method == "incoming"),
            _ => true,
        };
        self.loops.push(per_event);
    }

    /// Leaving the innermost loop.
    pub fn leave_loop(&mut self) {
        self.loops.pop();
    }

    /// Records a call of a resolved callee that may be a function of the crate.
    pub fn on_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprCall, callee: &str) {
        let at = cx.start_byte(&call.attrs, &call.func);
        if callee == "tokio::runtime::Builder::new_current_thread" && in_thread_closure(cx) {
            self.own_runtimes.push((fn_start(cx), at));
        }
        if cx.may_be_crate_local(callee) {
            let key = callee_key(cx, callee);
            self.record_call(cx, key, at);
        }
    }

    /// Records `self.handle(req)`: a method of the crate, followed by name like a function;
    /// and what a dedicated thread's own runtime runs (`runtime.block_on(run(..))`).
    pub fn on_method_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprMethodCall) {
        let at = cx.start_byte(&call.attrs, &call.receiver);
        if call.method == "block_on"
            && in_thread_closure(cx)
            && self
                .own_runtimes
                .iter()
                .any(|&(function, built)| function == fn_start(cx) && built < at)
        {
            for arg in &call.args {
                let span = cx.expr_span(arg);
                self.dedicated.push((span.byte_start, span.byte_end));
            }
        }
        if matches!(strip_parens(&call.receiver), syn::Expr::Path(p) if p.path.is_ident("self")) {
            let key = callee_key(cx, &format!("Self::{}", call.method));
            self.record_call(cx, key, at);
        }
    }

    /// Inside a loop that goes round per event: the code runs per request, connection or
    /// message, not once per process.
    pub fn per_event(&self) -> bool {
        self.loops.iter().any(|&per_event| per_event)
    }

    /// Per event, or in a function the framework calls per request or message.
    pub fn runs_per_request(&self, cx: &Cx<'_>) -> bool {
        self.per_event()
            || matches!(cx.request_handler(), HandlerEvidence::Certain)
            || cx
                .enclosing_fn()
                .and_then(|f| f.trait_path.as_deref())
                .is_some_and(|t| PER_MESSAGE_TRAITS.contains(&t))
    }

    /// Records that the current code calls the crate function `callee`: an edge of the
    /// package's call graph (followed in the join, by name), and an entry point of the
    /// running service when called per event or by a request handler; a root of a
    /// dedicated runtime when its `block_on` runs it.
    fn record_call(&mut self, cx: &mut Cx<'_>, callee: String, at: u32) {
        if self
            .dedicated
            .iter()
            .any(|&(start, end)| start <= at && at < end)
        {
            cx.fact(Fact::named(keys::DEDICATED_ROOT, callee));
            return;
        }
        // The edge is kept even from per-request code: it tells who calls whom.
        if let Some(function) = cx.enclosing_fn() {
            let caller = fn_key(function);
            if self.recorded.insert((caller.clone(), callee.clone())) {
                cx.fact(Fact::named(keys::CALLS, format!("{caller}\t{callee}")));
            }
        }
        if self.runs_per_request(cx) && self.recorded.insert((String::new(), callee.clone())) {
            if in_request(cx) {
                cx.fact(Fact::named(keys::REQUEST_FN, callee.clone()));
            }
            cx.fact(Fact::named(keys::RUNTIME_FN, callee));
        }
    }
}

/// In a request handler, or a per-message trait method (actix `Handler`, tower `Service`).
fn in_request(cx: &Cx<'_>) -> bool {
    matches!(cx.request_handler(), HandlerEvidence::Certain)
        || cx
            .enclosing_fn()
            .and_then(|f| f.trait_path.as_deref())
            .is_some_and(|t| PER_MESSAGE_TRAITS.contains(&t))
}

/// How often code must run to matter to a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Runs {
    /// Per request or message (handlers and what they call).
    PerRequest,
    /// Per request, or per turn of an event loop (what `print_in_service` cares about).
    PerEvent,
}

/// Reports a finding about code that costs something each time it runs, where it runs
/// that often: in a handler, in a function registered as one, or in a function the
/// call graph reaches from such code (`send_register_hook` called by the signup
/// handler). Nothing in `main` or outside functions.
pub fn report_per_request(cx: &mut Cx<'_>, finding: crate::finding::Finding, runs: Runs) {
    let Some(function) = cx.enclosing_fn() else {
        return;
    };
    if function.is_main {
        return;
    }
    let key = match runs {
        Runs::PerRequest => keys::REQUEST_FN,
        Runs::PerEvent => keys::RUNTIME_FN,
    };
    let runtime = Condition::has_named(key, fn_key(function));
    match cx.request_handler() {
        HandlerEvidence::Certain => cx.report(finding),
        HandlerEvidence::IfRouted(routed) => {
            cx.report(finding.when(Condition::Any(vec![routed, runtime])))
        }
        HandlerEvidence::No => cx.report(finding.when(runtime)),
    }
}

/// Where the enclosing function starts, to tell functions apart.
fn fn_start(cx: &Cx<'_>) -> u32 {
    cx.enclosing_fn().map_or(0, |f| f.span.byte_start)
}

/// Inside a closure given to a thread (`std::thread::spawn`, `thread::Builder::spawn`).
fn in_thread_closure(cx: &Cx<'_>) -> bool {
    cx.frames_in_fn().any(|frame| {
        matches!(frame, Frame::Closure { is_async: false, arg_of: Some(callee) }
            if callee == "std::thread::spawn" || callee == ".spawn")
    })
}

/// A function's name in the call graph: `Type::method` for methods (so `Settings::new`
/// and `Server::new` stay apart), the bare name for free functions.
pub fn fn_key(function: &FnInfo) -> String {
    match function.self_ty.as_deref() {
        Some(ty) => format!(
            "{}::{}",
            ty.rsplit("::").next().unwrap_or(ty),
            function.name
        ),
        None => function.name.clone(),
    }
}

/// The call-graph name of a resolved callee: `Type::method` when the path names a type
/// (`Settings::new`, `Self::handle` in an impl), else its last segment.
fn callee_key(cx: &Cx<'_>, callee: &str) -> String {
    let mut segments = callee.rsplit("::");
    let name = segments.next().unwrap_or(callee);
    match segments.next() {
        Some("Self") => match cx.enclosing_fn().and_then(|f| f.self_ty.as_deref()) {
            Some(ty) => format!("{}::{name}", ty.rsplit("::").next().unwrap_or(ty)),
            None => name.to_string(),
        },
        Some(ty) if ty.starts_with(|c: char| c.is_ascii_uppercase()) => format!("{ty}::{name}"),
        _ => name.to_string(),
    }
}
