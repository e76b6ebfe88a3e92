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

/// Decides at each constructor call; keeps no state.
#[derive(Default)]
pub struct RegexCompiledInLoop;

impl Rule for RegexCompiledInLoop {
    fn check_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprCall, callee: &str) {
        if let Some(compiled) = compilation(call, callee) {
            check(cx, &compiled, cx.span(call));
        }
    }

    fn check_method_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprMethodCall) {
        if let Some(compiled) = pcre2_build(cx, call) {
            check(cx, &compiled, cx.span(call));
        }
    }
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

fn check(cx: &mut Cx<'_>, compiled: &Compilation<'_>, span: crate::finding::Span) {
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
    if cx.in_loop() {
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
