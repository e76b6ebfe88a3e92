use super::{compilation, pattern_value, pcre2_build, Compilation, PatternValue};
use crate::context::{Cx, Frame, HandlerEvidence};
use crate::finding::Finding;
use crate::rule::{hooks, Rule};

crate::declare_rule! {
    /// Compiling a regex builds an automaton: microseconds to milliseconds, and
    /// allocation, each time. A constant pattern compiled in a loop or in a request
    /// handler pays that on every item or request, turning a cheap match into the
    /// hottest line of the service under load.
    ///
    /// ### Fires on
    /// ```rust,ignore
    /// for line in lines {
    ///     let date = Regex::new(r"^\d{4}-\d{2}-\d{2}").unwrap(); // compiled per line
    /// }
    /// async fn validate(Json(user): Json<User>) -> StatusCode {
    ///     let email = Regex::new(EMAIL).unwrap();                 // compiled per request
    ///     ...
    /// }
    /// ```
    /// ### Stays silent on
    /// ```rust,ignore
    /// static DATE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d{4}-\d{2}-\d{2}").unwrap());
    /// for word in words {
    ///     let exact = Regex::new(&format!("^{}$", regex::escape(word)))?; // depends on the item
    /// }
    /// ```
    pub DEF = "regex_compiled_in_loop", hooks::CALL | hooks::METHOD_CALL, RegexCompiledInLoop::default
}

/// The closures of the file that run once per item of an iterator, as byte ranges.
#[derive(Default)]
pub struct RegexCompiledInLoop {
    per_item: Vec<(u32, u32)>,
}

impl Rule for RegexCompiledInLoop {
    fn check_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprCall, callee: &str) {
        if let Some(compiled) = compilation(call, callee) {
            self.check(cx, &compiled, cx.span(call));
        }
    }

    fn check_method_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprMethodCall) {
        if ITEM_CLOSURES.contains(&call.method.to_string().as_str()) && on_iterator(call) {
            for arg in &call.args {
                let span = cx.span(arg);
                self.per_item.push((span.byte_start, span.byte_end));
            }
        }
        if let Some(compiled) = pcre2_build(cx, call) {
            self.check(cx, &compiled, cx.span(call));
        }
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
fn in_cached_initializer(cx: &Cx<'_>) -> bool {
    cx.in_static_init()
        || cx.frames_in_fn().any(|frame| match frame {
            Frame::Closure {
                arg_of: Some(callee),
                ..
            } => CACHING_INITIALIZERS.iter().any(|c| callee.ends_with(c)),
            _ => false,
        })
}

impl RegexCompiledInLoop {
    /// In a loop body, or in a closure an iterator runs per item.
    fn in_loop(&self, cx: &Cx<'_>, at: u32) -> bool {
        cx.frames_in_fn().any(|f| matches!(f, Frame::Loop))
            || self
                .per_item
                .iter()
                .any(|&(start, end)| start <= at && at < end)
    }

    fn check(&self, cx: &mut Cx<'_>, compiled: &Compilation<'_>, span: crate::finding::Span) {
        let constant = !compiled.patterns.is_empty()
            && compiled.patterns.iter().all(|p| {
                matches!(
                    pattern_value(cx, p),
                    PatternValue::Literal(..)
                        | PatternValue::Constant(_)
                        | PatternValue::ForeignConstant
                )
            });
        if !constant || in_cached_initializer(cx) {
            return;
        }
        let engine = compiled.engine.crate_name();
        let help = format!(
        "compile it once: `static RE: LazyLock<{engine}::Regex> = LazyLock::new(|| ..)`, or a field built at start-up"
    );
        if self.in_loop(cx, span.byte_start) {
            let finding = Finding::new(
                DEF.id,
                span,
                "a constant regex compiled on every iteration",
                "the same automaton is rebuilt each time round",
            )
            .with_help(help);
            cx.report(finding);
            return;
        }
        let finding = Finding::new(
            DEF.id,
            span,
            "a constant regex compiled on every request",
            "the same automaton is rebuilt for each request",
        )
        .with_help(help);
        match cx.request_handler() {
            HandlerEvidence::Certain => cx.report(finding),
            HandlerEvidence::IfRouted(condition) => cx.report(finding.when(condition)),
            HandlerEvidence::No => {}
        }
    }
}
