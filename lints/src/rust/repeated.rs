//! Code that runs many times: loop bodies, closures an iterator calls per item, and
//! the one-time initializers that are the cure (`LazyLock::new(|| ..)`).

use crate::context::{Cx, Frame};
use crate::finding::{Finding, Span};

/// What a rule says about repeated code: `(message, label)` per iteration and per
/// request, and the fix.
pub struct Repeats<'a> {
    /// The rule id.
    pub rule: &'static str,
    /// Message and label when the code is in a loop or a per-item closure.
    pub per_iteration: (&'a str, &'a str),
    /// Message and label when the code runs per request.
    pub per_request: (&'a str, &'a str),
    /// The concrete fix.
    pub help: &'a str,
}

/// Where a file's closures run once per item of an iterator, as byte ranges, recorded
/// from the method calls that take them.
#[derive(Default)]
pub struct RepeatedCode {
    per_item: Vec<(u32, u32)>,
}

impl RepeatedCode {
    /// Records the closures of `xs.iter().map(..)`-style calls.
    pub fn on_method_call(&mut self, cx: &Cx<'_>, call: &syn::ExprMethodCall) {
        if ITEM_CLOSURES.iter().any(|m| call.method == m) && on_iterator(call) {
            for arg in &call.args {
                let span = cx.expr_span(arg);
                self.per_item.push((span.byte_start, span.byte_end));
            }
        }
    }

    /// Reports code that costs something each time it runs: in a loop or per-item
    /// closure at once, else where it runs per request (see
    /// [`crate::rust::call_graph::report_per_request`]).
    pub fn report(&self, cx: &mut Cx<'_>, span: Span, says: &Repeats<'_>) {
        let (message, label) = if self.in_loop(cx, span.byte_start) {
            says.per_iteration
        } else {
            says.per_request
        };
        let finding = Finding::new(says.rule, span, message, label).with_help(says.help);
        if self.in_loop(cx, span.byte_start) {
            cx.report(finding);
        } else {
            crate::rust::call_graph::report_per_request(
                cx,
                finding,
                crate::rust::call_graph::Runs::PerRequest,
            );
        }
    }

    /// In a loop body of the current function, or in a closure an iterator runs per item.
    pub fn in_loop(&self, cx: &Cx<'_>, at: u32) -> bool {
        cx.frames_in_fn().any(|f| matches!(f, Frame::Loop))
            || self
                .per_item
                .iter()
                .any(|&(start, end)| start <= at && at < end)
    }
}

/// Adapters whose closure runs once per item: `.map` and `.filter` only when the
/// chain is an iterator (an `Option`'s `.map` or `.and_then` runs once).
const ITEM_CLOSURES: &[&str] = &[
    "map",
    "filter",
    "for_each",
    "filter_map",
    "flat_map",
    "fold",
    "any",
    "all",
    "find",
    "find_map",
    "position",
    "take_while",
    "skip_while",
    "map_while",
    "scan",
    "try_for_each",
    "try_fold",
    "retain",
    "inspect",
];

/// Methods that turn a value into an iterator, or adapt one.
const ITERATORS: &[&str] = &[
    "iter",
    "iter_mut",
    "into_iter",
    "lines",
    "split",
    "split_whitespace",
    "chars",
    "bytes",
    "windows",
    "chunks",
    "enumerate",
    "zip",
    "keys",
    "values",
    "drain",
    "par_iter",
    "into_par_iter",
];

/// True when the method is called on an iterator chain (`xs.iter().map(..)`, `(0..n).map(..)`).
fn on_iterator(call: &syn::ExprMethodCall) -> bool {
    crate::context::chain_methods(&call.receiver)
        .iter()
        .any(|m| ITERATORS.contains(&m.method.to_string().as_str()))
        || matches!(
            crate::context::chain_root(&call.receiver),
            syn::Expr::Range(_)
        )
}

/// Calls whose closure runs once and caches its value.
const CACHING_INITIALIZERS: &[&str] = &[
    "LazyLock::new",
    "LazyCell::new",
    "Lazy::new",
    ".get_or_init",
    ".get_or_try_init",
    ".call_once",
    ".get_or_insert_with",
    ".or_insert_with",
];

/// Inside a one-time initializer (`LazyLock::new(|| ..)`, `OnceLock::get_or_init`).
pub fn in_cached_initializer(cx: &Cx<'_>) -> bool {
    cx.in_static_init()
        || cx.frames_in_fn().any(|frame| match frame {
            Frame::Closure {
                arg_of: Some(callee),
                ..
            } => CACHING_INITIALIZERS.iter().any(|c| callee.ends_with(c)),
            _ => false,
        })
}
