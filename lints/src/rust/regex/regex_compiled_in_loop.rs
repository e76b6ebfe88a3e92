use super::{compilation, pattern_value, pcre2_build, Compilation, PatternValue};
use crate::context::Cx;
use crate::rule::{hooks, Rule};
use crate::rust::repeated::{in_cached_initializer, RepeatedCode, Repeats};

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

/// Where the file's code runs once per item of an iterator.
#[derive(Default)]
pub struct RegexCompiledInLoop {
    loops: RepeatedCode,
}

impl Rule for RegexCompiledInLoop {
    fn check_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprCall, callee: &str) {
        if let Some(compiled) = compilation(call, callee) {
            self.check(cx, &compiled, cx.span(call));
        }
    }

    fn check_method_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprMethodCall) {
        self.loops.on_method_call(cx, call);
        if let Some(compiled) = pcre2_build(cx, call) {
            self.check(cx, &compiled, cx.span(call));
        }
    }
}

impl RegexCompiledInLoop {
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
        let says = Repeats {
            rule: DEF.id,
            per_iteration: (
                "a constant regex compiled on every iteration",
                "the same automaton is rebuilt each time round",
            ),
            per_request: (
                "a constant regex compiled on every request",
                "the same automaton is rebuilt for each request",
            ),
            help: &help,
        };
        self.loops.report(cx, span, &says);
    }
}
