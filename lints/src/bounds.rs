//! The first and last token of an expression, found by following its outer tokens.
//!
//! syn's `Spanned::span` prints the whole node back into tokens to find its ends: on a
//! call or a `match` arm that holds a large body, and for every nested node in turn, the
//! walker paid for the subtree again and again. These functions look only at the tokens
//! at the edges; a test checks they agree with `Spanned::span` on every expression of
//! the ui-tests.

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{Attribute, Expr};

/// The span of the first token of `expr` (an outer attribute's `#` when it has one).
pub fn first(expr: &Expr) -> Span {
    if let Some(attr) = outer_attrs(expr).first() {
        return attr.pound_token.span;
    }
    match expr {
        Expr::Array(e) => e.bracket_token.span.open(),
        Expr::Assign(e) => first(&e.left),
        Expr::Async(e) => e.async_token.span,
        Expr::Await(e) => first(&e.base),
        Expr::Binary(e) => first(&e.left),
        Expr::Block(e) => match &e.label {
            Some(label) => label.name.apostrophe,
            None => e.block.brace_token.span.open(),
        },
        Expr::Break(e) => e.break_token.span,
        Expr::Call(e) => first(&e.func),
        Expr::Cast(e) => first(&e.expr),
        Expr::Closure(e) => {
            if let Some(lifetimes) = &e.lifetimes {
                lifetimes.for_token.span
            } else if let Some(token) = &e.constness {
                token.span
            } else if let Some(token) = &e.movability {
                token.span
            } else if let Some(token) = &e.asyncness {
                token.span
            } else if let Some(token) = &e.capture {
                token.span
            } else {
                e.or1_token.spans[0]
            }
        }
        Expr::Const(e) => e.const_token.span,
        Expr::Continue(e) => e.continue_token.span,
        Expr::Field(e) => first(&e.base),
        Expr::ForLoop(e) => match &e.label {
            Some(label) => label.name.apostrophe,
            None => e.for_token.span,
        },
        Expr::If(e) => e.if_token.span,
        Expr::Index(e) => first(&e.expr),
        Expr::Let(e) => e.let_token.span,
        Expr::Loop(e) => match &e.label {
            Some(label) => label.name.apostrophe,
            None => e.loop_token.span,
        },
        Expr::Match(e) => e.match_token.span,
        Expr::MethodCall(e) => first(&e.receiver),
        Expr::Paren(e) => e.paren_token.span.open(),
        Expr::Macro(e) => path_first(&e.mac.path),
        Expr::Range(e) => match (&e.start, &e.limits) {
            (Some(start), _) => first(start),
            (None, syn::RangeLimits::HalfOpen(dots)) => dots.spans[0],
            (None, syn::RangeLimits::Closed(dots)) => dots.spans[0],
        },
        Expr::Reference(e) => e.and_token.span,
        Expr::Repeat(e) => e.bracket_token.span.open(),
        Expr::Return(e) => e.return_token.span,
        Expr::Struct(e) => match &e.qself {
            Some(qself) => qself.lt_token.span,
            None => path_first(&e.path),
        },
        Expr::Try(e) => first(&e.expr),
        Expr::TryBlock(e) => e.try_token.span,
        Expr::Tuple(e) => e.paren_token.span.open(),
        Expr::Unary(e) => match e.op {
            syn::UnOp::Deref(star) => star.span,
            syn::UnOp::Not(bang) => bang.span,
            syn::UnOp::Neg(minus) => minus.span,
            _ => expr.span(),
        },
        Expr::Unsafe(e) => e.unsafe_token.span,
        Expr::While(e) => match &e.label {
            Some(label) => label.name.apostrophe,
            None => e.while_token.span,
        },
        Expr::Yield(e) => e.yield_token.span,
        // Small nodes (paths, literals, macros' paths, unary operators...): printing them
        // costs little.
        _ => expr.span(),
    }
}

/// The span of the last token of `expr`.
pub fn last(expr: &Expr) -> Span {
    match expr {
        Expr::Array(e) => e.bracket_token.span.close(),
        Expr::Assign(e) => last(&e.right),
        Expr::Async(e) => e.block.brace_token.span.close(),
        Expr::Await(e) => e.await_token.span,
        Expr::Binary(e) => last(&e.right),
        Expr::Block(e) => e.block.brace_token.span.close(),
        Expr::Break(e) => match (&e.expr, &e.label) {
            (Some(value), _) => last(value),
            (None, Some(label)) => label.ident.span(),
            (None, None) => e.break_token.span,
        },
        Expr::Call(e) => e.paren_token.span.close(),
        Expr::Closure(e) => last(&e.body),
        Expr::Const(e) => e.block.brace_token.span.close(),
        Expr::Continue(e) => match &e.label {
            Some(label) => label.ident.span(),
            None => e.continue_token.span,
        },
        Expr::Field(e) => match &e.member {
            syn::Member::Named(ident) => ident.span(),
            syn::Member::Unnamed(index) => index.span,
        },
        Expr::ForLoop(e) => e.body.brace_token.span.close(),
        Expr::If(e) => match &e.else_branch {
            Some((_, otherwise)) => last(otherwise),
            None => e.then_branch.brace_token.span.close(),
        },
        Expr::Index(e) => e.bracket_token.span.close(),
        Expr::Let(e) => last(&e.expr),
        Expr::Loop(e) => e.body.brace_token.span.close(),
        Expr::Macro(e) => match &e.mac.delimiter {
            syn::MacroDelimiter::Paren(p) => p.span.close(),
            syn::MacroDelimiter::Brace(b) => b.span.close(),
            syn::MacroDelimiter::Bracket(b) => b.span.close(),
        },
        Expr::Match(e) => e.brace_token.span.close(),
        Expr::MethodCall(e) => e.paren_token.span.close(),
        Expr::Paren(e) => e.paren_token.span.close(),
        Expr::Range(e) => match (&e.end, &e.limits) {
            (Some(end), _) => last(end),
            (None, syn::RangeLimits::HalfOpen(dots)) => dots.spans[1],
            (None, syn::RangeLimits::Closed(dots)) => dots.spans[2],
        },
        Expr::Reference(e) => last(&e.expr),
        Expr::Repeat(e) => e.bracket_token.span.close(),
        Expr::Return(e) => match &e.expr {
            Some(value) => last(value),
            None => e.return_token.span,
        },
        Expr::Struct(e) => e.brace_token.span.close(),
        Expr::Try(e) => e.question_token.span,
        Expr::TryBlock(e) => e.block.brace_token.span.close(),
        Expr::Tuple(e) => e.paren_token.span.close(),
        Expr::Unary(e) => last(&e.expr),
        Expr::Unsafe(e) => e.block.brace_token.span.close(),
        Expr::While(e) => e.body.brace_token.span.close(),
        Expr::Yield(e) => match &e.expr {
            Some(value) => last(value),
            None => e.yield_token.span,
        },
        _ => expr.span(),
    }
}

/// The first and last token of an `if` expression.
pub fn if_expr(expr: &syn::ExprIf) -> (Span, Span) {
    let start = match expr.attrs.first() {
        Some(attr) => attr.pound_token.span,
        None => expr.if_token.span,
    };
    let end = match &expr.else_branch {
        Some((_, otherwise)) => last(otherwise),
        None => expr.then_branch.brace_token.span.close(),
    };
    (start, end)
}

/// The first and last token of a `match` arm.
pub fn arm(arm: &syn::Arm) -> (Span, Span) {
    let start = match arm.attrs.first() {
        Some(attr) => attr.pound_token.span,
        None => arm.pat.span(),
    };
    let end = match &arm.comma {
        Some(comma) => comma.span,
        None => last(&arm.body),
    };
    (start, end)
}

/// The first token of a path: its leading `::` or its first segment.
fn path_first(path: &syn::Path) -> Span {
    match (&path.leading_colon, path.segments.first()) {
        (Some(colons), _) => colons.spans[0],
        (None, Some(segment)) => segment.ident.span(),
        (None, None) => path.span(),
    }
}

fn outer_attrs(expr: &Expr) -> &[Attribute] {
    match expr {
        Expr::Array(e) => &e.attrs,
        Expr::Assign(e) => &e.attrs,
        Expr::Async(e) => &e.attrs,
        Expr::Await(e) => &e.attrs,
        Expr::Binary(e) => &e.attrs,
        Expr::Block(e) => &e.attrs,
        Expr::Break(e) => &e.attrs,
        Expr::Call(e) => &e.attrs,
        Expr::Cast(e) => &e.attrs,
        Expr::Closure(e) => &e.attrs,
        Expr::Const(e) => &e.attrs,
        Expr::Continue(e) => &e.attrs,
        Expr::Field(e) => &e.attrs,
        Expr::ForLoop(e) => &e.attrs,
        Expr::If(e) => &e.attrs,
        Expr::Index(e) => &e.attrs,
        Expr::Let(e) => &e.attrs,
        Expr::Loop(e) => &e.attrs,
        Expr::Match(e) => &e.attrs,
        Expr::MethodCall(e) => &e.attrs,
        Expr::Paren(e) => &e.attrs,
        Expr::Range(e) => &e.attrs,
        Expr::Reference(e) => &e.attrs,
        Expr::Repeat(e) => &e.attrs,
        Expr::Return(e) => &e.attrs,
        Expr::Try(e) => &e.attrs,
        Expr::TryBlock(e) => &e.attrs,
        Expr::Tuple(e) => &e.attrs,
        Expr::Unsafe(e) => &e.attrs,
        Expr::While(e) => &e.attrs,
        Expr::Yield(e) => &e.attrs,
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use syn::visit::Visit;

    /// Compares both ends with `Spanned::span` on every expression and arm visited.
    struct Compare {
        checked: usize,
        mismatches: Vec<String>,
    }

    fn at(span: Span, end: bool) -> (usize, usize) {
        let point = if end { span.end() } else { span.start() };
        (point.line, point.column)
    }

    impl Compare {
        fn check(&mut self, what: &str, span: Span, start: Span, end: Span) {
            self.checked += 1;
            let expected = (at(span, false), at(span, true));
            let found = (at(start, false), at(end, true));
            if expected != found {
                self.mismatches
                    .push(format!("{what}: syn {expected:?}, bounds {found:?}"));
            }
        }
    }

    impl<'ast> Visit<'ast> for Compare {
        fn visit_expr(&mut self, expr: &'ast Expr) {
            let kind = format!("{:?}", std::mem::discriminant(expr));
            self.check(&kind, expr.span(), first(expr), last(expr));
            syn::visit::visit_expr(self, expr);
        }
        fn visit_arm(&mut self, node: &'ast syn::Arm) {
            let (start, end) = arm(node);
            self.check("arm", node.span(), start, end);
            syn::visit::visit_arm(self, node);
        }
    }

    #[test]
    fn bounds_agree_with_syn_on_every_expression_of_the_ui_tests() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui-tests");
        let mut compare = Compare {
            checked: 0,
            mismatches: Vec::new(),
        };
        let mut stack = vec![root];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("ui-tests readable") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).expect("utf-8");
                    if let Ok(file) = syn::parse_file(&text) {
                        let before = compare.mismatches.len();
                        compare.visit_file(&file);
                        for m in &mut compare.mismatches[before..] {
                            *m = format!("{}: {m}", path.display());
                        }
                    }
                }
            }
        }
        assert!(compare.checked > 10_000, "only {} nodes", compare.checked);
        assert!(
            compare.mismatches.is_empty(),
            "{} of {}:\n{}",
            compare.mismatches.len(),
            compare.checked,
            compare.mismatches[..compare.mismatches.len().min(20)].join("\n")
        );
    }
}
