use super::constructor_engine;
use crate::context::{strip_parens, Cx};
use crate::finding::{Finding, Span};
use crate::regex::{parse, Engine, ParseErrorKind};
use crate::rule::{hooks, Rule, StaticItem};
use std::collections::HashMap;

crate::declare_rule! {
    /// A literal pattern that its engine rejects fails at run time, usually in a `LazyLock`
    /// or at start-up, so the service panics or refuses to start on the first deploy.
    ///
    /// ### Fires on
    /// ```rust,ignore
    /// let date = regex::Regex::new(r"(\d{4}-\d{2}").unwrap();   // unclosed group
    /// let word = regex::Regex::new(r"(?=\w)\w+").unwrap();      // the regex crate has no look-around
    /// ```
    /// ### Stays silent on
    /// ```rust,ignore
    /// let date = regex::Regex::new(r"(\d{4})-(\d{2})").unwrap();
    /// let word = fancy_regex::Regex::new(r"(?=\w)\w+").unwrap(); // fancy-regex has look-around
    /// ```
    /// Patterns built at run time are not read; constructs our grammar for pcre2, onig or
    /// regress does not know are left alone rather than guessed at.
    pub DEF = "invalid_regex", hooks::CALL | hooks::STATIC | hooks::FILE_POST, InvalidRegex::default
}

/// String constants of the file, and constructor calls that name one, decided at the end.
#[derive(Default)]
pub struct InvalidRegex {
    constants: HashMap<String, (String, Span)>,
    by_name: Vec<(String, Engine, Span)>,
}

impl Rule for InvalidRegex {
    fn check_static(&mut self, cx: &mut Cx<'_>, item: &StaticItem<'_>) {
        if let Some(syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        })) = item.expr.map(strip_parens)
        {
            self.constants
                .insert(item.ident.to_string(), (s.value(), cx.span(s)));
        }
    }

    fn check_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprCall, callee: &str) {
        let (Some(engine), Some(arg)) = (constructor_engine(callee), call.args.first()) else {
            return;
        };
        match strip_parens(arg) {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) => report(cx, &s.value(), engine, cx.span(s)),
            syn::Expr::Path(p) if p.path.segments.len() == 1 => {
                self.by_name
                    .push((p.path.segments[0].ident.to_string(), engine, cx.span(p)));
            }
            _ => {}
        }
    }

    fn check_file_post(&mut self, cx: &mut Cx<'_>) {
        for (name, engine, _) in std::mem::take(&mut self.by_name) {
            if let Some((pattern, span)) = self.constants.get(&name).cloned() {
                report(cx, &pattern, engine, span);
            }
        }
    }
}

fn report(cx: &mut Cx<'_>, pattern: &str, engine: Engine, span: Span) {
    let Err(err) = parse(pattern, engine) else {
        return;
    };
    if err.kind != ParseErrorKind::Invalid {
        return;
    }
    let message = format!(
        "this pattern does not compile with `{}`: {}",
        engine.crate_name(),
        err.message
    );
    let finding = Finding::new(DEF.id, span, message, format!("rejected at byte {} of the pattern", err.offset))
        .with_help("fix the pattern (the `regex` crate has no look-around or backreferences: use `fancy-regex` for those)");
    cx.report(finding);
}
