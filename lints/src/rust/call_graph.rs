//! The package's call graph by function name, and which functions run per request or
//! event: recorded by the evidence collector in the one traversal, whatever rules are
//! enabled, and closed over in the join by [`crate::facts::derive`].

use crate::context::{strip_parens, Cx, FnInfo, HandlerEvidence};
use crate::facts::{keys, Fact};
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
    pub fn on_call(&mut self, cx: &mut Cx<'_>, callee: &str) {
        if cx.may_be_crate_local(callee) {
            let key = callee_key(cx, callee);
            self.record_call(cx, key);
        }
    }

    /// Records `self.handle(req)`: a method of the crate, followed by name like a function.
    pub fn on_method_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprMethodCall) {
        if matches!(strip_parens(&call.receiver), syn::Expr::Path(p) if p.path.is_ident("self")) {
            let key = callee_key(cx, &format!("Self::{}", call.method));
            self.record_call(cx, key);
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

    /// Records that the current code calls the crate function `callee`: an entry point
    /// of the running service when called per event or by a request handler, else an
    /// edge of the package's call graph (followed in the join, by name).
    fn record_call(&mut self, cx: &mut Cx<'_>, callee: String) {
        let caller = if self.runs_per_request(cx) {
            String::new()
        } else {
            match cx.enclosing_fn() {
                Some(function) => fn_key(function),
                None => return,
            }
        };
        if !self.recorded.insert((caller.clone(), callee.clone())) {
            return;
        }
        if caller.is_empty() {
            cx.fact(Fact::named(keys::RUNTIME_FN, callee));
        } else {
            cx.fact(Fact::named(keys::CALLS, format!("{caller}\t{callee}")));
        }
    }
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
