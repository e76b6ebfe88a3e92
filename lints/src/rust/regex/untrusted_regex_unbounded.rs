use super::{compilation, pattern_value, PatternValue};
use crate::context::{method_chain, Cx, HandlerEvidence};
use crate::finding::{Finding, Span};
use crate::regex::Engine;
use crate::rule::{hooks, Rule};

crate::declare_rule! {
    /// A pattern taken from a request is code the client runs on the server. With no
    /// compile-size limit a pattern like `\w{1000}{1000}` costs seconds and gigabytes to
    /// compile, and an engine with no backtracking limit per search (onig, regress)
    /// lets one pattern spin a core for minutes.
    ///
    /// ### Fires on
    /// ```rust,ignore
    /// async fn search(Query(q): Query<Search>) -> Json<Vec<Hit>> {
    ///     let re = regex::Regex::new(&q.pattern)?;                // default limits only
    ///     let re = regress::Regex::new(&q.pattern)?;              // no limit at all
    /// }
    /// ```
    /// ### Stays silent on
    /// ```rust,ignore
    /// let re = regex::RegexBuilder::new(&q.pattern)
    ///     .size_limit(1 << 20).dfa_size_limit(1 << 20).build()?;  // bounded
    /// let re = regex::Regex::new(&format!("^{}$", regex::escape(&q.name)))?; // a literal
    /// let re = fancy_regex::Regex::new(&q.pattern)?;              // backtrack limit by default
    /// ```
    /// Only request handlers are looked at: patterns from the service's own
    /// configuration are written by its operators. fancy-regex and pcre2 stop a runaway
    /// match at their default limits, so they are left to `regex_match_unwrapped`.
    pub DEF = "untrusted_regex_unbounded",
        hooks::CALL | hooks::METHOD_CALL,
        UntrustedRegexUnbounded::default
}

/// Decides at each constructor call; keeps no state.
#[derive(Default)]
pub struct UntrustedRegexUnbounded;

/// The builder calls that bound what compiling a pattern may cost.
const SIZE_LIMITS: &[&str] = &["size_limit", "dfa_size_limit"];

impl Rule for UntrustedRegexUnbounded {
    fn check_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprCall, callee: &str) {
        let Some(compiled) = compilation(call, callee) else {
            return;
        };
        // A builder is judged at its `build()`, where its limits are known.
        if callee.ends_with("Builder::new") {
            return;
        }
        let untrusted = compiled
            .patterns
            .iter()
            .any(|p| matches!(pattern_value(cx, p), PatternValue::Runtime));
        if !untrusted {
            return;
        }
        let why = match compiled.engine {
            Engine::Regex => {
                "compiled with no `size_limit`: the client decides the cost of compiling it"
            }
            Engine::Onig => "onig has a retry limit per match attempt, none per search",
            Engine::Regress => "regress has no backtracking limit at all",
            _ => return,
        };
        report(cx, cx.span(call), compiled.engine, why);
    }

    fn check_method_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprMethodCall) {
        if call.method != "build" {
            return;
        }
        let Some((root, callee)) = cx.chain_root_call(call) else {
            return;
        };
        let Some(compiled) = compilation(root, &callee) else {
            return;
        };
        if compiled.engine != Engine::Regex || !callee.ends_with("Builder::new") {
            return;
        }
        let limited = method_chain(call)
            .iter()
            .any(|m| SIZE_LIMITS.iter().any(|limit| m.method == limit));
        let untrusted = compiled
            .patterns
            .iter()
            .any(|p| matches!(pattern_value(cx, p), PatternValue::Runtime));
        if untrusted && !limited {
            let why = "built with no `size_limit`: the client decides the cost of compiling it";
            report(cx, cx.span(root), compiled.engine, why);
        }
    }
}

fn report(cx: &mut Cx<'_>, span: Span, engine: Engine, why: &str) {
    let help = match engine {
        Engine::Regex => "use `regex::RegexBuilder::new(p).size_limit(1 << 20).dfa_size_limit(1 << 20).build()`, or `regex::escape` the input if it is meant literally",
        _ => "compile client patterns with the `regex` crate (linear time) and a `size_limit`, or `regex::escape` the input",
    };
    let finding = Finding::new(
        DEF.id,
        span,
        format!(
            "a pattern from the request compiled by `{}` with no bound",
            engine.crate_name()
        ),
        why,
    )
    .with_help(help);
    match cx.request_handler() {
        HandlerEvidence::Certain => cx.report(finding),
        HandlerEvidence::IfRouted(condition) => cx.report(finding.when(condition)),
        HandlerEvidence::No => {}
    }
}
