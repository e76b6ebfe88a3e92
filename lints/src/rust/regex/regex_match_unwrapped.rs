use super::{compilation, pattern_value, pcre2_build, Compilation, Constants, PatternValue};
use crate::context::{chain_root, ident_of, strip_parens, Cx};
use crate::finding::{Finding, Span};
use crate::regex::{analyze, parse, Budget, Engine, Verdict};
use crate::rule::{hooks, Rule, StaticItem};
use std::collections::HashMap;

crate::declare_rule! {
    /// fancy-regex and pcre2 stop a runaway backtracking match with an error (the
    /// backtrack or match limit). Unwrapping the result of `is_match`/`find`/`captures`
    /// turns that error into a panic: one crafted input crashes the handler, or the
    /// whole service under `panic = "abort"`. onig's `find`/`is_match`/`captures`
    /// panic by themselves at its retry limit, so there the call is the finding.
    ///
    /// ### Fires on
    /// ```rust,ignore
    /// static TAG: LazyLock<fancy_regex::Regex> =
    ///     LazyLock::new(|| fancy_regex::Regex::new(r"<(\w+)>.*</\1>").unwrap());
    /// if TAG.is_match(body).unwrap() { .. }               // Err at the backtrack limit -> panic
    /// let found = re.find(input.as_bytes()).expect("pcre2"); // pcre2: Err at the match limit
    /// let words = onig::Regex::new(r"^(\w+\s?)*$").unwrap();
    /// words.is_match(input);                              // panics at the retry limit
    /// ```
    /// ### Stays silent on
    /// ```rust,ignore
    /// if TAG.is_match(body)? { .. }                       // the error is handled
    /// let plain = fancy_regex::Regex::new(r"^\d+$")?;
    /// plain.is_match(text).unwrap();                      // no fancy construct: runs on the linear engine
    /// let slug = pcre2::bytes::Regex::new(r"^[a-z]+(-[a-z]+)*$")?;
    /// slug.is_match(input).unwrap();                      // unambiguous: never near the limit
    /// ```
    /// The regex is followed from a local or a `static` (also in `LazyLock`, `Lazy` or
    /// `lazy_static!`). pcre2 and onig patterns written in the file are judged by the
    /// ambiguity analysis, patterns from outside can be anything; a fancy-regex pattern
    /// counts when it has a construct that makes fancy-regex backtrack.
    pub DEF = "regex_match_unwrapped",
        hooks::FN | hooks::LOCAL | hooks::STATIC | hooks::METHOD_CALL | hooks::FILE_POST,
        RegexMatchUnwrapped::default
}

/// The regexes of the file by name, and the unwraps waiting for a static declared later.
#[derive(Default)]
pub struct RegexMatchUnwrapped {
    locals: HashMap<String, Compiled>,
    statics: HashMap<String, Compiled>,
    constants: Constants,
    pending: Vec<(String, Site)>,
}

/// A match call, or the unwrap of its result.
struct Site {
    method: String,
    span: Span,
    unwrapped: bool,
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

/// onig's searching methods, which panic at the retry limit instead of returning `Err`.
const ONIG_PANICKING: &[&str] = &[
    "is_match",
    "find",
    "captures",
    "find_iter",
    "captures_iter",
    "split",
    "splitn",
    "replace",
    "replace_all",
    "search_with_options",
    "match_with_options",
];

impl Rule for RegexMatchUnwrapped {
    fn check_fn(&mut self, _cx: &mut Cx<'_>, _body: &syn::Block) {
        self.locals.clear();
    }

    fn check_static(&mut self, cx: &mut Cx<'_>, item: &StaticItem<'_>) {
        self.constants.record(cx, item);
        if let Some(compiled) = item
            .expr
            .and_then(|e| compiled_by(cx, lazy_body(e), &self.constants))
        {
            self.statics.insert(item.ident.to_string(), compiled);
        }
    }

    fn check_local(&mut self, cx: &mut Cx<'_>, local: &syn::Local) {
        let (syn::Pat::Ident(name), Some(init)) = (&local.pat, &local.init) else {
            return;
        };
        match compiled_by(cx, &init.expr, &self.constants) {
            Some(compiled) => {
                self.locals.insert(name.ident.to_string(), compiled);
            }
            None => {
                self.locals.remove(&name.ident.to_string());
            }
        }
    }

    fn check_method_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprMethodCall) {
        // `re.is_match(t).unwrap()` for fancy-regex and pcre2; `re.is_match(t)` for onig.
        let unwrapped = matches!(call.method.to_string().as_str(), "unwrap" | "expect");
        let matched = match strip_parens(&call.receiver) {
            syn::Expr::MethodCall(matched) if unwrapped => matched,
            _ if unwrapped => return,
            _ => call,
        };
        let method = matched.method.to_string();
        if !MATCHES.contains(&method.as_str()) && !ONIG_PANICKING.contains(&method.as_str()) {
            return;
        }
        let Some(name) = ident_of(&matched.receiver) else {
            return;
        };
        let site = Site {
            method,
            span: cx.span(call),
            unwrapped,
        };
        match self.locals.get(&name).or_else(|| self.statics.get(&name)) {
            Some(&compiled) => report(cx, compiled, &site),
            None if !name.starts_with("self.") => self.pending.push((name, site)),
            None => {}
        }
    }

    fn check_file_post(&mut self, cx: &mut Cx<'_>) {
        for (name, site) in std::mem::take(&mut self.pending) {
            if let Some(&compiled) = self.statics.get(&name) {
                report(cx, compiled, &site);
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
fn compiled_by(cx: &Cx<'_>, init: &syn::Expr, constants: &Constants) -> Option<Compiled> {
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
    let pattern = match compiled.patterns.first().map(|p| pattern_value(cx, p)) {
        Some(PatternValue::Literal(text, _)) => Some(text),
        Some(PatternValue::Constant(name)) => constants.get(&name).map(|(text, _)| text.clone()),
        Some(PatternValue::Runtime) => None,
        _ => return None,
    };
    let backtracks = match (compiled.engine, pattern) {
        // A pattern from outside can be anything.
        (Engine::Pcre2 | Engine::Onig | Engine::FancyRegex, None) => {
            compiled.engine != Engine::FancyRegex
        }
        (Engine::FancyRegex, Some(text)) => {
            parse(&text, Engine::FancyRegex).is_ok_and(|p| p.backtracks())
        }
        // pcre2 and onig backtrack on every pattern, but only an ambiguous one (or one
        // the analysis cannot decide) comes near the limit.
        (engine @ (Engine::Pcre2 | Engine::Onig), Some(text)) => match parse(&text, engine) {
            Ok(parsed) => !matches!(analyze(&parsed, engine, Budget::default()), Verdict::Safe),
            Err(_) => false,
        },
        _ => return None,
    };
    Some(Compiled {
        engine: compiled.engine,
        backtracks,
    })
}

fn report(cx: &mut Cx<'_>, compiled: Compiled, site: &Site) {
    let onig = compiled.engine == Engine::Onig;
    if !compiled.backtracks || onig == site.unwrapped {
        return;
    }
    let method = &site.method;
    let finding = if onig {
        Finding::new(
            DEF.id,
            site.span,
            format!("onig's `{method}` panics when a backtracking pattern reaches the retry limit"),
            "an input that reaches the retry limit panics here",
        )
        .with_help("call `search_with_param` with a `MatchParam` retry limit and handle its `Err`, or use the linear-time `regex` crate")
    } else {
        let limit = match compiled.engine {
            Engine::Pcre2 => "match limit",
            _ => "backtrack limit",
        };
        Finding::new(
            DEF.id,
            site.span,
            format!(
                "the `{method}` result of a backtracking `{}` pattern is unwrapped",
                compiled.engine.crate_name()
            ),
            format!("an input that reaches the {limit} panics here"),
        )
        .with_help(format!(
            "handle the error: `match re.{method}(..) {{ Ok(..) => .., Err(err) => /* treat as no match, log it */ }}`, or `?`"
        ))
    };
    cx.report(finding);
}
