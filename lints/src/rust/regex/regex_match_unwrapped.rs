use super::{compilation, pattern_value, pcre2_build, Compilation, PatternValue};
use crate::context::{chain_root, ident_of, strip_parens, Cx};
use crate::finding::{Finding, Span};
use crate::regex::{parse, Engine};
use crate::rule::{hooks, Rule, StaticItem};
use std::collections::HashMap;

crate::declare_rule! {
    /// fancy-regex and pcre2 stop a runaway backtracking match with an error (the
    /// backtrack or match limit). Unwrapping the result of `is_match`/`find`/`captures`
    /// turns that error into a panic: one crafted input crashes the handler, or the
    /// whole service under `panic = "abort"`.
    ///
    /// ### Fires on
    /// ```rust,ignore
    /// static TAG: LazyLock<fancy_regex::Regex> =
    ///     LazyLock::new(|| fancy_regex::Regex::new(r"<(\w+)>.*</\1>").unwrap());
    /// if TAG.is_match(body).unwrap() { .. }               // Err at the backtrack limit -> panic
    /// let found = re.find(input.as_bytes()).expect("pcre2"); // pcre2: Err at the match limit
    /// ```
    /// ### Stays silent on
    /// ```rust,ignore
    /// if TAG.is_match(body)? { .. }                       // the error is handled
    /// let plain = fancy_regex::Regex::new(r"^\d+$")?;
    /// plain.is_match(text).unwrap();                      // no fancy construct: runs on the linear engine
    /// ```
    /// The regex is followed from a local or a `static` (also in `LazyLock`, `Lazy` or
    /// `lazy_static!`); a fancy-regex pattern that is not written in the file is not judged.
    pub DEF = "regex_match_unwrapped",
        hooks::FN | hooks::LOCAL | hooks::STATIC | hooks::METHOD_CALL | hooks::FILE_POST,
        RegexMatchUnwrapped::default
}

/// The regexes of the file by name, and the unwraps waiting for a static declared later.
#[derive(Default)]
pub struct RegexMatchUnwrapped {
    locals: HashMap<String, Compiled>,
    statics: HashMap<String, Compiled>,
    pending: Vec<(String, String, Span)>,
}

/// What a name holds: a regex of `engine`, and whether it can hit the backtrack limit.
#[derive(Clone, Copy)]
struct Compiled {
    engine: Engine,
    backtracks: bool,
}

/// The matching methods of fancy-regex and pcre2 that return a `Result`.
const MATCHES: &[&str] = &[
    "is_match",
    "is_match_at",
    "find",
    "find_at",
    "find_from_pos",
    "captures",
    "captures_at",
    "captures_from_pos",
    "captures_read",
    "captures_read_at",
];

impl Rule for RegexMatchUnwrapped {
    fn check_fn(&mut self, _cx: &mut Cx<'_>, _body: &syn::Block) {
        self.locals.clear();
    }

    fn check_static(&mut self, cx: &mut Cx<'_>, item: &StaticItem<'_>) {
        if let Some(compiled) = item.expr.and_then(|e| compiled_by(cx, lazy_body(e))) {
            self.statics.insert(item.ident.to_string(), compiled);
        }
    }

    fn check_local(&mut self, cx: &mut Cx<'_>, local: &syn::Local) {
        let (syn::Pat::Ident(name), Some(init)) = (&local.pat, &local.init) else {
            return;
        };
        match compiled_by(cx, &init.expr) {
            Some(compiled) => {
                self.locals.insert(name.ident.to_string(), compiled);
            }
            None => {
                self.locals.remove(&name.ident.to_string());
            }
        }
    }

    fn check_method_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprMethodCall) {
        if !matches!(call.method.to_string().as_str(), "unwrap" | "expect") {
            return;
        }
        let syn::Expr::MethodCall(matched) = strip_parens(&call.receiver) else {
            return;
        };
        let method = matched.method.to_string();
        if !MATCHES.contains(&method.as_str()) {
            return;
        }
        let Some(name) = ident_of(&matched.receiver) else {
            return;
        };
        let span = cx.span(call);
        match self.locals.get(&name).or_else(|| self.statics.get(&name)) {
            Some(&compiled) => report(cx, compiled, &method, span),
            None if !name.starts_with("self.") => self.pending.push((name, method, span)),
            None => {}
        }
    }

    fn check_file_post(&mut self, cx: &mut Cx<'_>) {
        for (name, method, span) in std::mem::take(&mut self.pending) {
            if let Some(&compiled) = self.statics.get(&name) {
                report(cx, compiled, &method, span);
            }
        }
    }
}

/// The closure body of `LazyLock::new(|| ..)`/`Lazy::new(|| ..)`, or the expression itself.
fn lazy_body(expr: &syn::Expr) -> &syn::Expr {
    if let syn::Expr::Call(call) = strip_parens(expr) {
        if let (Some(syn::Expr::Closure(closure)), syn::Expr::Path(p)) =
            (call.args.first(), strip_parens(&call.func))
        {
            let lazy = p.path.segments.iter().any(|s| {
                matches!(
                    s.ident.to_string().as_str(),
                    "LazyLock" | "Lazy" | "LazyCell"
                )
            });
            if lazy {
                return &closure.body;
            }
        }
    }
    expr
}

/// The regex an initializer compiles (`Regex::new(p).unwrap()`, `RegexBuilder::new().build(p)?`),
/// of fancy-regex or pcre2.
fn compiled_by(cx: &Cx<'_>, init: &syn::Expr) -> Option<Compiled> {
    let pcre2 = crate::context::chain_methods(init)
        .into_iter()
        .find_map(|m| pcre2_build(cx, m));
    let compiled: Compilation<'_> = match (pcre2, chain_root(init)) {
        (Some(compiled), _) => compiled,
        (None, syn::Expr::Call(call)) => {
            let callee = cx.resolve_expr(&call.func)?;
            compilation(call, &callee)?
        }
        _ => return None,
    };
    let backtracks = match compiled.engine {
        Engine::Pcre2 => true,
        Engine::FancyRegex => match compiled.patterns.first().map(|p| pattern_value(cx, p)) {
            Some(PatternValue::Literal(text, _)) => {
                parse(&text, Engine::FancyRegex).is_ok_and(|p| p.backtracks())
            }
            _ => false,
        },
        _ => return None,
    };
    Some(Compiled {
        engine: compiled.engine,
        backtracks,
    })
}

fn report(cx: &mut Cx<'_>, compiled: Compiled, method: &str, span: Span) {
    if !compiled.backtracks {
        return;
    }
    let limit = match compiled.engine {
        Engine::Pcre2 => "match limit",
        _ => "backtrack limit",
    };
    let finding = Finding::new(
        DEF.id,
        span,
        format!(
            "the `{method}` result of a backtracking `{}` pattern is unwrapped",
            compiled.engine.crate_name()
        ),
        format!("an input that reaches the {limit} panics here"),
    )
    .with_help(format!(
        "handle the error: `match re.{method}(..) {{ Ok(..) => .., Err(err) => /* treat as no match, log it */ }}`, or `?`"
    ));
    cx.report(finding);
}
