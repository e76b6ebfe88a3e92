//! regex: patterns that do not compile, that a backtracking engine can spend forever on,
//! that are compiled again and again, or whose match errors are unwrapped.

use crate::context::{strip_parens, Cx};
use crate::finding::Span;
use crate::regex::Engine;
use crate::rule::StaticItem;
use std::collections::HashMap;

/// Declares a rule that judges each literal pattern of the file on its own: the rule
/// type, its `Rule` impl, and the calls of the file's `report(cx, pattern, engine, span)`.
macro_rules! literal_pattern_rule {
    ($rule:ident) => {
        /// The literal patterns of the file, judged as they are met or at the end.
        #[derive(Default)]
        pub struct $rule {
            patterns: $crate::rust::regex::LiteralPatterns,
        }

        impl $rule {
            fn report_all(cx: &mut Cx<'_>, found: Vec<(Engine, String, Span)>) {
                for (engine, pattern, span) in found {
                    report(cx, &pattern, engine, span);
                }
            }
        }

        impl $crate::rule::Rule for $rule {
            fn check_static(&mut self, cx: &mut Cx<'_>, item: &$crate::rule::StaticItem<'_>) {
                self.patterns.on_static(cx, item);
            }

            fn check_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprCall, callee: &str) {
                let found = self.patterns.on_call(cx, call, callee);
                Self::report_all(cx, found);
            }

            fn check_method_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprMethodCall) {
                let found = self.patterns.on_method_call(cx, call);
                Self::report_all(cx, found);
            }

            fn check_macro(&mut self, cx: &mut Cx<'_>, mac: &syn::Macro, path: &str) {
                let found = self.patterns.on_macro(cx, mac, path);
                Self::report_all(cx, found);
            }

            fn check_file_post(&mut self, cx: &mut Cx<'_>) {
                let found = self.patterns.at_file_end();
                Self::report_all(cx, found);
            }
        }
    };
}
use literal_pattern_rule;

pub mod catastrophic_regex;
pub mod invalid_regex;
pub mod regex_compiled_in_loop;
pub mod regex_match_unwrapped;
pub mod untrusted_regex_unbounded;

/// The constructors that take a pattern, after the crate name: `(path, is a set)`.
const CONSTRUCTORS: &[(&str, bool)] = &[
    ("Regex::new", false),
    ("bytes::Regex::new", false),
    ("RegexBuilder::new", false),
    ("bytes::RegexBuilder::new", false),
    ("RegexSet::new", true),
    ("bytes::RegexSet::new", true),
    ("RegexSetBuilder::new", true),
    ("bytes::RegexSetBuilder::new", true),
    // onig: `Regex::with_options(pattern, options, syntax)`; regress: `with_flags`.
    ("Regex::with_options", false),
    ("Regex::with_flags", false),
];

/// The engine a pattern-taking constructor compiles for (`regex::Regex::new` -> `Regex`).
pub fn constructor_engine(callee: &str) -> Option<Engine> {
    constructor(callee).map(|(engine, _)| engine)
}

fn constructor(callee: &str) -> Option<(Engine, bool)> {
    let (krate, rest) = crate::paths::split_first(callee)?;
    let engine = Engine::from_crate_name(krate)?;
    let &(_, set) = CONSTRUCTORS.iter().find(|(path, _)| *path == rest)?;
    Some((engine, set))
}

/// A regex compiled by a call: its engine and the expressions that give its patterns.
pub struct Compilation<'e> {
    /// The engine the call compiles for.
    pub engine: Engine,
    /// One expression per pattern (several for a `RegexSet` given an array literal).
    pub patterns: Vec<&'e syn::Expr>,
}

/// The compilation a call starts: `Regex::new(p)`, `RegexBuilder::new(p)`, `RegexSet::new([..])`.
pub fn compilation<'e>(call: &'e syn::ExprCall, callee: &str) -> Option<Compilation<'e>> {
    let (engine, set) = constructor(callee)?;
    let first = call.args.first()?;
    let patterns = match (set, strip_parens(first)) {
        (true, syn::Expr::Array(array)) => array.elems.iter().collect(),
        (true, syn::Expr::Reference(r)) => match strip_parens(&r.expr) {
            syn::Expr::Array(array) => array.elems.iter().collect(),
            _ => vec![first],
        },
        (true, syn::Expr::Macro(m)) if m.mac.path.is_ident("vec") => {
            return Some(Compilation {
                engine,
                patterns: Vec::new(),
            })
        }
        _ => vec![first],
    };
    Some(Compilation { engine, patterns })
}

/// pcre2 takes its pattern at the end: `pcre2::bytes::RegexBuilder::new().build(p)`.
pub fn pcre2_build<'e>(cx: &Cx<'_>, call: &'e syn::ExprMethodCall) -> Option<Compilation<'e>> {
    if call.method != "build" || call.args.len() != 1 {
        return None;
    }
    let (_, root) = cx.chain_root_call(call)?;
    (root == "pcre2::bytes::RegexBuilder::new").then(|| Compilation {
        engine: Engine::Pcre2,
        patterns: call.args.iter().collect(),
    })
}

/// What a pattern expression is, as far as the file tells.
pub enum PatternValue {
    /// A string literal, decoded, and where it is.
    Literal(String, Span),
    /// A `const`/`static` of this file, by name (read at the end of the file).
    Constant(String),
    /// A path to a constant elsewhere (`patterns::DATE`, an upper-case name).
    ForeignConstant,
    /// User input made literal by `regex::escape` (possibly inside `format!`).
    Escaped,
    /// Anything else: a value known only at run time.
    Runtime,
}

/// Classifies a pattern expression.
pub fn pattern_value(cx: &Cx<'_>, expr: &syn::Expr) -> PatternValue {
    match strip_parens(expr) {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => PatternValue::Literal(s.value(), cx.span(s)),
        syn::Expr::Reference(r) => pattern_value(cx, &r.expr),
        syn::Expr::Path(p) if p.path.segments.len() == 1 => {
            let name = p.path.segments[0].ident.to_string();
            if is_constant_name(&name) {
                PatternValue::Constant(name)
            } else {
                PatternValue::Runtime
            }
        }
        syn::Expr::Path(p) => match p.path.segments.last() {
            Some(last) if is_constant_name(&last.ident.to_string()) => {
                PatternValue::ForeignConstant
            }
            _ => PatternValue::Runtime,
        },
        syn::Expr::MethodCall(m)
            if matches!(
                m.method.to_string().as_str(),
                "as_str" | "as_ref" | "to_string" | "to_owned" | "into"
            ) && m.args.is_empty() =>
        {
            pattern_value(cx, &m.receiver)
        }
        syn::Expr::Call(c) if is_escape(cx, c) => PatternValue::Escaped,
        syn::Expr::Macro(m) if cx.resolve_macro(&m.mac.path).ends_with("format") => {
            format_value(cx, &m.mac)
        }
        _ => PatternValue::Runtime,
    }
}

fn is_constant_name(name: &str) -> bool {
    name.chars().any(|c| c.is_ascii_uppercase()) && !name.chars().any(|c| c.is_ascii_lowercase())
}

fn is_escape(cx: &Cx<'_>, call: &syn::ExprCall) -> bool {
    cx.resolve_expr(&call.func).is_some_and(|callee| {
        callee.ends_with("::escape")
            && Engine::from_crate_name(callee.split("::").next().unwrap_or_default()).is_some()
    })
}

/// `format!("^{}$", regex::escape(name))`: escaped when every argument is escaped or a
/// literal, and no name is captured inline (`{name}`).
fn format_value(cx: &Cx<'_>, mac: &syn::Macro) -> PatternValue {
    let Ok(args) = mac.parse_body_with(
        syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated,
    ) else {
        return PatternValue::Runtime;
    };
    let mut args = args.iter();
    let Some(syn::Expr::Lit(syn::ExprLit {
        lit: syn::Lit::Str(template),
        ..
    })) = args.next()
    else {
        return PatternValue::Runtime;
    };
    let inline_capture = template
        .value()
        .split('{')
        .skip(1)
        .any(|rest| rest.starts_with(|c: char| c.is_alphabetic() || c == '_'));
    let all_safe = args.all(|arg| match strip_parens(arg) {
        syn::Expr::Call(c) => is_escape(cx, c),
        syn::Expr::Lit(_) => true,
        _ => false,
    });
    if all_safe && !inline_capture {
        PatternValue::Escaped
    } else {
        PatternValue::Runtime
    }
}

/// The string constants of a file, to read patterns given by name.
#[derive(Default)]
pub struct Constants(HashMap<String, (String, Span)>);

impl Constants {
    /// Records a `const`/`static` holding a string literal.
    pub fn record(&mut self, cx: &Cx<'_>, item: &StaticItem<'_>) {
        if let Some(syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        })) = item.expr.map(strip_parens)
        {
            self.0
                .insert(item.ident.to_string(), (s.value(), cx.span(s)));
        }
    }

    /// The value and place of a constant.
    pub fn get(&self, name: &str) -> Option<&(String, Span)> {
        self.0.get(name)
    }
}

/// Literal patterns given to constructors in one file: those written in place are
/// known at once, those named by a constant once the file has been read.
#[derive(Default)]
pub struct LiteralPatterns {
    constants: Constants,
    by_name: Vec<(String, Engine)>,
}

impl LiteralPatterns {
    /// Records a string constant.
    pub fn on_static(&mut self, cx: &Cx<'_>, item: &StaticItem<'_>) {
        self.constants.record(cx, item);
    }

    /// The literal patterns of a compilation known now: `(engine, pattern, span)`.
    pub fn on_compilation(
        &mut self,
        cx: &Cx<'_>,
        compiled: &Compilation<'_>,
    ) -> Vec<(Engine, String, Span)> {
        let mut known = Vec::new();
        for pattern in &compiled.patterns {
            match pattern_value(cx, pattern) {
                PatternValue::Literal(text, span) => known.push((compiled.engine, text, span)),
                PatternValue::Constant(name) => self.by_name.push((name, compiled.engine)),
                _ => {}
            }
        }
        known
    }

    /// The literal patterns a call compiles, known now (see [`compilation`]).
    pub fn on_call(
        &mut self,
        cx: &Cx<'_>,
        call: &syn::ExprCall,
        callee: &str,
    ) -> Vec<(Engine, String, Span)> {
        compilation(call, callee)
            .map(|compiled| self.on_compilation(cx, &compiled))
            .unwrap_or_default()
    }

    /// The literal pattern of pcre2's `RegexBuilder::build(p)`, known now.
    pub fn on_method_call(
        &mut self,
        cx: &Cx<'_>,
        call: &syn::ExprMethodCall,
    ) -> Vec<(Engine, String, Span)> {
        pcre2_build(cx, call)
            .map(|compiled| self.on_compilation(cx, &compiled))
            .unwrap_or_default()
    }

    /// The literal pattern of a macro that compiles it once with the `regex` crate:
    /// `lazy_regex::regex!("..")` and its siblings, or a crate's own `regex!` (the
    /// once_cell recipe) when the package depends on `regex` and on no other engine.
    pub fn on_macro(
        &mut self,
        cx: &Cx<'_>,
        mac: &syn::Macro,
        path: &str,
    ) -> Vec<(Engine, String, Span)> {
        let own_regex_macro = matches!(path, "regex" | "crate::regex")
            && cx.package.dependency("regex").is_some()
            && Engine::ALL
                .iter()
                .filter(|e| **e != Engine::Regex)
                .all(|e| cx.package.dependency(e.crate_name()).is_none());
        let lazy_regex = path
            .strip_prefix("lazy_regex::")
            .is_some_and(|name| name.contains("regex"));
        if !own_regex_macro && !lazy_regex {
            return Vec::new();
        }
        let Ok(args) = mac.parse_body_with(
            syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated,
        ) else {
            return Vec::new();
        };
        match args.first().map(|arg| pattern_value(cx, arg)) {
            Some(PatternValue::Literal(text, span)) => vec![(Engine::Regex, text, span)],
            _ => Vec::new(),
        }
    }

    /// The patterns named by a constant of the file, once it has been read.
    pub fn at_file_end(&mut self) -> Vec<(Engine, String, Span)> {
        std::mem::take(&mut self.by_name)
            .into_iter()
            .filter_map(|(name, engine)| {
                let (text, span) = self.constants.get(&name)?.clone();
                Some((engine, text, span))
            })
            .collect()
    }
}
