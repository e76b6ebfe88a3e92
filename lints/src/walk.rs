//! The one traversal of a file: keeps the context (frames, usages, locals, scopes) and
//! hands each node to the rules that subscribed to its kind.

use crate::context::{chain_root, strip_parens, Cx, FnInfo, Frame, MatchArm, Usage};
use crate::rule::{hooks, Hooks, Rule, StaticItem, StaticKind};
use std::collections::HashMap;
use std::time::{Duration, Instant};
use syn::parse::{ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::visit::{self, Visit};
use syn::{Attribute, Expr, Item, Stmt, Token};

/// Walks one file, dispatching to `rules`.
pub struct Walker<'c, 'a> {
    cx: &'c mut Cx<'a>,
    rules: Vec<Box<dyn Rule>>,
    by_hook: [Vec<usize>; hooks::COUNT],
    next_usage: Usage,
    pending_arg_of: Option<String>,
    fn_body_next: bool,
    impls: Vec<(Option<String>, Option<String>)>,
    /// Time spent in each rule's hooks, when `--timings` asked for it.
    rule_times: Option<Vec<Duration>>,
}

macro_rules! dispatch {
    ($self:ident, $hook:expr, |$rule:ident, $cx:ident| $call:expr) => {
        for &index in &$self.by_hook[$hook.trailing_zeros() as usize] {
            let $rule = &mut $self.rules[index];
            let $cx = &mut *$self.cx;
            match &mut $self.rule_times {
                None => $call,
                Some(times) => {
                    let started = Instant::now();
                    $call;
                    times[index] += started.elapsed();
                }
            }
        }
    };
}

impl<'c, 'a> Walker<'c, 'a> {
    /// A walker running `rules` (one instance each, with their subscribed hooks).
    pub fn new(cx: &'c mut Cx<'a>, rules: Vec<(Hooks, Box<dyn Rule>)>) -> Self {
        let mut by_hook: [Vec<usize>; hooks::COUNT] = Default::default();
        let mut instances = Vec::with_capacity(rules.len());
        for (index, (subscribed, rule)) in rules.into_iter().enumerate() {
            for (bit, list) in by_hook.iter_mut().enumerate() {
                if subscribed & (1 << bit) != 0 {
                    list.push(index);
                }
            }
            instances.push(rule);
        }
        Walker {
            cx,
            rules: instances,
            by_hook,
            next_usage: Usage::Other,
            pending_arg_of: None,
            fn_body_next: false,
            impls: Vec::new(),
            rule_times: None,
        }
    }

    /// Measures the time each rule spends in its hooks (returned by [`Walker::run`]).
    pub fn with_rule_times(mut self) -> Self {
        self.rule_times = Some(vec![Duration::ZERO; self.rules.len()]);
        self
    }

    /// Walks the whole file, then runs the end-of-file hooks; returns each rule's time
    /// when measured, in the order the rules were given.
    pub fn run(mut self, file: &syn::File) -> Option<Vec<Duration>> {
        if !is_test_code(&file.attrs) {
            self.cx.locals.push(HashMap::new());
            for item in &file.items {
                self.visit_item(item);
            }
        }
        dispatch!(self, hooks::FILE_POST, |rule, cx| rule.check_file_post(cx));
        self.rule_times
    }

    fn child(&mut self, usage: Usage, expr: &Expr) {
        self.next_usage = usage;
        self.visit_expr(expr);
    }

    fn on_call(&mut self, call: &syn::ExprCall) {
        let callee = self.cx.resolve_expr(&call.func).unwrap_or_default();
        dispatch!(self, hooks::CALL, |rule, cx| rule
            .check_call(cx, call, &callee));
        self.visit_expr(&call.func);
        for arg in &call.args {
            self.arg(arg, &callee);
        }
    }

    fn arg(&mut self, arg: &Expr, callee: &str) {
        if is_plain_literal(arg) {
            return;
        }
        if matches!(strip_parens(arg), Expr::Closure(_) | Expr::Async(_)) {
            self.pending_arg_of = Some(callee.to_string());
        }
        self.child(Usage::Arg(callee.to_string()), arg);
    }

    fn on_method_call(&mut self, call: &syn::ExprMethodCall) {
        dispatch!(self, hooks::METHOD_CALL, |rule, cx| rule
            .check_method_call(cx, call));
        let method = call.method.to_string();
        let callee = (!call.args.is_empty()).then(|| self.method_callee(call, &method));
        self.child(Usage::Receiver(method), &call.receiver);
        for arg in &call.args {
            self.arg(arg, callee.as_deref().unwrap_or_default());
        }
    }

    /// The callee a method's arguments are recorded under: `.map`, or
    /// `warp::Filter::map` for the combinators of a warp filter chain, whose closures
    /// run once per request (not per item, as an iterator's).
    fn method_callee(&self, call: &syn::ExprMethodCall, method: &str) -> String {
        if matches!(method, "map" | "and_then" | "then") {
            let root = match chain_root(&call.receiver) {
                Expr::Call(c) => self.cx.resolve_expr(&c.func),
                Expr::Macro(m) => Some(self.cx.resolve_macro(&m.mac.path)),
                _ => None,
            };
            if root.is_some_and(|p| p.starts_with("warp::")) {
                return format!("warp::Filter::{method}");
            }
        }
        format!(".{method}")
    }

    /// Walks code guarded by `condition` (an `if` condition, a `match` scrutinee; a
    /// `while` condition is a loop's, not a one-time check).
    fn guarded_by(&mut self, condition: &Expr, body: impl FnOnce(&mut Self)) {
        let span = self.cx.expr_span(condition);
        self.cx.conditions.push((span.byte_start, span.byte_end));
        body(self);
        self.cx.conditions.pop();
    }

    /// Walks code that runs only in some cases (`if` branches, `match` arms).
    fn in_branch(&mut self, body: impl FnOnce(&mut Self)) {
        if let Some(depth) = self.cx.branches.last_mut() {
            *depth += 1;
        }
        body(self);
        if let Some(depth) = self.cx.branches.last_mut() {
            *depth -= 1;
        }
    }

    fn in_frame(&mut self, frame: Frame, body: impl FnOnce(&mut Self)) {
        self.cx.frames.push(frame);
        body(self);
        self.cx.frames.pop();
    }

    fn on_loop(&mut self, expr: &Expr) {
        dispatch!(self, hooks::LOOP, |rule, cx| rule.check_loop(cx, expr));
        match expr {
            Expr::ForLoop(f) => {
                self.visit_expr(&f.expr);
                self.in_frame(Frame::Loop, |w| w.visit_block(&f.body));
            }
            Expr::While(w) => self.in_frame(Frame::Loop, |walker| {
                walker.visit_expr(&w.cond);
                walker.visit_block(&w.body);
            }),
            Expr::Loop(l) => self.in_frame(Frame::Loop, |w| w.visit_block(&l.body)),
            _ => {}
        }
        dispatch!(self, hooks::LOOP, |rule, cx| rule.check_loop_post(cx, expr));
    }

    fn on_fn(&mut self, attrs: &[Attribute], sig: &syn::Signature, body: &syn::Block) {
        let info = self.fn_info(attrs, sig);
        self.cx.item.push(info.name.clone());
        self.cx.frames.push(Frame::Fn(Box::new(info)));
        let params = self.params(sig);
        self.cx.locals.push(params);
        self.cx.branches.push(0);
        let outer_conditions = std::mem::take(&mut self.cx.conditions);
        dispatch!(self, hooks::FN, |rule, cx| rule.check_fn(cx, body));
        self.fn_body_next = true;
        self.visit_block(body);
        dispatch!(self, hooks::FN, |rule, cx| rule.check_fn_post(cx, body));
        self.cx.conditions = outer_conditions;
        self.cx.branches.pop();
        self.cx.locals.pop();
        self.cx.frames.pop();
        self.cx.item.pop();
    }

    fn fn_info(&self, attrs: &[Attribute], sig: &syn::Signature) -> FnInfo {
        let (self_ty, trait_path) = self.impls.last().cloned().unwrap_or_default();
        let top_level =
            self.cx.module == 0 && self.impls.is_empty() && self.cx.enclosing_fn().is_none();
        let name = sig.ident.to_string();
        FnInfo {
            is_main: top_level && name == "main" && self.cx.is_bin_root,
            name,
            is_async: sig.asyncness.is_some(),
            is_unsafe: sig.unsafety.is_some(),
            self_ty,
            trait_path,
            params: self.params(sig).into_iter().collect(),
            attrs: attrs.iter().map(|a| self.cx.resolve(a.path())).collect(),
            span: self.cx.span(&sig.ident),
        }
    }

    fn params(&self, sig: &syn::Signature) -> HashMap<String, String> {
        let mut out = HashMap::new();
        for input in &sig.inputs {
            if let syn::FnArg::Typed(typed) = input {
                let ty = self.cx.resolve_type(&typed.ty).unwrap_or_default();
                for name in pattern_names(&typed.pat) {
                    out.insert(name, ty.clone());
                }
            }
        }
        out
    }

    fn on_local(&mut self, local: &syn::Local) {
        dispatch!(self, hooks::LOCAL, |rule, cx| rule.check_local(cx, local));
        let names = pattern_names(&local.pat);
        if let Some(init) = &local.init {
            self.child(Usage::Let(names.clone()), &init.expr);
            if let Some((_, diverge)) = &init.diverge {
                self.visit_expr(diverge);
            }
        }
        let declared = match &local.pat {
            syn::Pat::Type(t) => self.cx.resolve_type(&t.ty),
            _ => None,
        };
        let ty = declared.or_else(|| {
            local
                .init
                .as_ref()
                .and_then(|i| self.cx.infer_type(&i.expr))
        });
        if let (Some(ty), [name]) = (ty, names.as_slice()) {
            if let Some(scope) = self.cx.locals.last_mut() {
                scope.insert(name.clone(), ty);
            }
        }
    }

    /// `Ok(file)` matched on `File::create(p)`: records `file` with the type the
    /// scrutinee is known to hold, as `let file = File::create(p)?` would.
    fn bind_ok(&mut self, pat: &syn::Pat, scrutinee: &Expr) {
        let syn::Pat::TupleStruct(t) = pat else {
            return;
        };
        let mut elems = t.elems.iter();
        let (Some(syn::Pat::Ident(name)), None) = (elems.next(), elems.next()) else {
            return;
        };
        if !t.path.is_ident("Ok") || name.subpat.is_some() {
            return;
        }
        if let Some(ty) = self.cx.infer_type(scrutinee) {
            if let Some(scope) = self.cx.locals.last_mut() {
                scope.insert(name.ident.to_string(), ty);
            }
        }
    }

    fn on_static(&mut self, item: &StaticItem<'_>) {
        dispatch!(self, hooks::STATIC, |rule, cx| rule.check_static(cx, item));
        if let Some(expr) = item.expr {
            self.cx.item.push(item.ident.to_string());
            self.in_frame(Frame::StaticInit, |w| w.visit_expr(expr));
            self.cx.item.pop();
        }
    }

    fn on_macro(&mut self, mac: &syn::Macro) {
        let path = self.cx.resolve_macro(&mac.path);
        dispatch!(self, hooks::MACRO, |rule, cx| rule
            .check_macro(cx, mac, &path));
        let name = crate::paths::last_segment(&path);
        if OPAQUE_MACROS.contains(&name) {
            return;
        }
        match name {
            "select" => {
                if let Ok(exprs) = parse_select.parse2(mac.tokens.clone()) {
                    self.in_frame(Frame::Macro(path), |w| {
                        exprs.iter().for_each(|e| w.visit_expr(e))
                    });
                }
            }
            "lazy_static" | "thread_local" => {
                let kind = if name == "lazy_static" {
                    StaticKind::LazyStatic
                } else {
                    StaticKind::ThreadLocal
                };
                if let Ok(items) = parse_static_macro.parse2(mac.tokens.clone()) {
                    for (ident, ty, expr) in &items {
                        self.on_static(&StaticItem {
                            ident,
                            ty,
                            expr: Some(expr),
                            mutable: false,
                            kind,
                        });
                    }
                }
            }
            _ => {
                // No expression holds a `;` outside brackets: a body with one at its top
                // level is statements or a DSL, never a list of expressions (parsing it as
                // one first would copy every token of it for nothing).
                let parser = Punctuated::<Expr, Token![,]>::parse_terminated;
                if !has_semicolon(&mac.tokens) {
                    // Otherwise neither a list of expressions nor statements: a DSL,
                    // left alone.
                    if let Ok(exprs) = parser.parse2(mac.tokens.clone()) {
                        self.in_frame(Frame::Macro(path), |w| {
                            exprs.iter().for_each(|e| w.visit_expr(e))
                        });
                    }
                } else if let Ok(stmts) = syn::Block::parse_within.parse2(mac.tokens.clone()) {
                    self.in_frame(Frame::Macro(path), |w| {
                        stmts.iter().for_each(|s| w.visit_stmt(s))
                    });
                }
            }
        }
    }
}

/// True when a macro body has a `;` at its top level (statements, not an expression list).
fn has_semicolon(tokens: &proc_macro2::TokenStream) -> bool {
    tokens
        .clone()
        .into_iter()
        .any(|t| matches!(t, proc_macro2::TokenTree::Punct(p) if p.as_char() == ';'))
}

/// Macros whose bodies are not code that runs here (quoted code, literals, DSLs).
const OPAQUE_MACROS: &[&str] = &[
    "macro_rules",
    "quote",
    "quote_spanned",
    "parse_quote",
    "parse_quote_spanned",
    "include_str",
    "include_bytes",
    "include",
    "concat",
    "stringify",
    "env",
    "option_env",
    "cfg",
    "compile_error",
    "html",
    "rsx",
    "view",
    "json",
    "proptest",
    "cfg_if",
];

impl<'ast> Visit<'ast> for Walker<'_, '_> {
    fn visit_item(&mut self, item: &'ast Item) {
        if item_attrs(item).is_some_and(is_test_code) {
            return;
        }
        match item {
            Item::Fn(f) => self.on_fn(&f.attrs, &f.sig, &f.block),
            Item::Static(s) => self.on_static(&StaticItem {
                ident: &s.ident,
                ty: &s.ty,
                expr: Some(&s.expr),
                mutable: matches!(s.mutability, syn::StaticMutability::Mut(_)),
                kind: StaticKind::Static,
            }),
            Item::Const(c) => self.on_static(&StaticItem {
                ident: &c.ident,
                ty: &c.ty,
                expr: Some(&c.expr),
                mutable: false,
                kind: StaticKind::Const,
            }),
            Item::Mod(m) => {
                let Some((_, items)) = &m.content else { return };
                let start = m.ident.span().start();
                let saved = self.cx.module;
                self.cx.module = self
                    .cx
                    .imports
                    .module_at
                    .get(&(start.line, start.column))
                    .copied()
                    .unwrap_or(saved);
                self.cx.item.push(m.ident.to_string());
                items.iter().for_each(|i| self.visit_item(i));
                self.cx.item.pop();
                self.cx.module = saved;
            }
            Item::Impl(imp) => {
                let self_ty = self.cx.resolve_type(&imp.self_ty);
                let trait_path = imp.trait_.as_ref().map(|(_, p, _)| self.cx.resolve(p));
                let short = self_ty
                    .as_deref()
                    .and_then(|t| t.rsplit("::").next())
                    .unwrap_or("impl")
                    .to_string();
                self.impls.push((self_ty, trait_path));
                self.cx.item.push(short);
                for impl_item in &imp.items {
                    self.visit_impl_item(impl_item);
                }
                self.cx.item.pop();
                self.impls.pop();
            }
            Item::Macro(m) => self.on_macro(&m.mac),
            Item::Use(_) | Item::ExternCrate(_) => {}
            other => visit::visit_item(self, other),
        }
    }

    fn visit_impl_item(&mut self, item: &'ast syn::ImplItem) {
        match item {
            syn::ImplItem::Fn(f) if !is_test_code(&f.attrs) => {
                self.on_fn(&f.attrs, &f.sig, &f.block)
            }
            syn::ImplItem::Const(c) if !is_test_code(&c.attrs) => self.on_static(&StaticItem {
                ident: &c.ident,
                ty: &c.ty,
                expr: Some(&c.expr),
                mutable: false,
                kind: StaticKind::Const,
            }),
            syn::ImplItem::Macro(m) => self.on_macro(&m.mac),
            _ => {}
        }
    }

    fn visit_trait_item(&mut self, item: &'ast syn::TraitItem) {
        if let syn::TraitItem::Fn(f) = item {
            if let (Some(body), false) = (&f.default, is_test_code(&f.attrs)) {
                self.on_fn(&f.attrs, &f.sig, body);
            }
        }
    }

    fn visit_block(&mut self, block: &'ast syn::Block) {
        let fn_body = std::mem::take(&mut self.fn_body_next);
        self.cx.blocks_entered += 1;
        self.cx.block_path.push(self.cx.blocks_entered);
        let uses: Vec<&syn::ItemUse> = block
            .stmts
            .iter()
            .filter_map(|s| match s {
                Stmt::Item(Item::Use(u)) => Some(u),
                _ => None,
            })
            .collect();
        let scoped = !uses.is_empty();
        if scoped {
            let mut scope = crate::imports::ModuleScope::default();
            for u in uses {
                let inner = crate::imports::block_scope(u);
                scope.names.extend(inner.names);
                scope.globs.extend(inner.globs);
            }
            self.cx.blocks.push(scope);
        }
        let last = block.stmts.len().saturating_sub(1);
        for (index, stmt) in block.stmts.iter().enumerate() {
            match stmt {
                Stmt::Expr(expr, None) if index == last => {
                    self.child(if fn_body { Usage::Return } else { Usage::Tail }, expr)
                }
                other => self.visit_stmt(other),
            }
        }
        if scoped {
            self.cx.blocks.pop();
        }
        self.cx.block_path.pop();
    }

    fn visit_stmt(&mut self, stmt: &'ast Stmt) {
        match stmt {
            Stmt::Local(local) if !is_test_code(&local.attrs) => self.on_local(local),
            Stmt::Local(_) => {}
            Stmt::Item(item) => self.visit_item(item),
            Stmt::Expr(expr, Some(_)) => self.child(Usage::Statement, expr),
            Stmt::Expr(expr, None) => self.child(Usage::Tail, expr),
            Stmt::Macro(m) if !is_test_code(&m.attrs) => {
                self.cx.usages.push(Usage::Statement);
                self.on_macro(&m.mac);
                self.cx.usages.pop();
            }
            Stmt::Macro(_) => {}
        }
    }

    fn visit_expr(&mut self, expr: &'ast Expr) {
        if is_plain_literal(expr) {
            // No hook looks at literals (tables of them are most of some files' nodes):
            // what a literal is used as is never read, so it is not recorded.
            self.next_usage = Usage::Other;
            self.pending_arg_of = None;
            return;
        }
        let usage = std::mem::replace(&mut self.next_usage, Usage::Other);
        let arg_of = self.pending_arg_of.take();
        self.cx.usages.push(usage);
        match expr {
            Expr::Call(call) => self.on_call(call),
            Expr::MethodCall(call) => self.on_method_call(call),
            Expr::Macro(m) => self.on_macro(&m.mac),
            Expr::Loop(_) | Expr::While(_) | Expr::ForLoop(_) => self.on_loop(expr),
            Expr::Closure(c) => {
                let frame = Frame::Closure {
                    is_async: c.asyncness.is_some(),
                    arg_of,
                };
                self.in_frame(frame, |w| {
                    w.cx.locals.push(HashMap::new());
                    w.child(Usage::Return, &c.body);
                    w.cx.locals.pop();
                });
            }
            Expr::Async(a) => self.in_frame(Frame::Async { arg_of }, |w| {
                w.fn_body_next = true;
                w.visit_block(&a.block);
            }),
            Expr::Await(a) => {
                dispatch!(self, hooks::AWAIT, |rule, cx| rule.check_await(cx, a));
                self.child(Usage::Await, &a.base);
            }
            Expr::If(i) => {
                match strip_parens(&i.cond) {
                    Expr::Let(l) => {
                        self.child(Usage::Matched(if_let_arms(l, i)), &l.expr);
                        self.bind_ok(&l.pat, &l.expr);
                    }
                    cond => self.visit_expr(cond),
                }
                self.guarded_by(&i.cond, |w| {
                    w.in_branch(|w| {
                        w.visit_block(&i.then_branch);
                        if let Some((_, otherwise)) = &i.else_branch {
                            w.visit_expr(otherwise);
                        }
                    })
                });
            }
            Expr::Match(m) => {
                self.child(
                    Usage::Matched(m.arms.iter().map(match_arm).collect()),
                    &m.expr,
                );
                for arm in &m.arms {
                    self.bind_ok(&arm.pat, &m.expr);
                }
                self.guarded_by(&m.expr, |w| {
                    w.in_branch(|w| {
                        for arm in &m.arms {
                            if let Some((_, guard)) = &arm.guard {
                                w.visit_expr(guard);
                            }
                            w.visit_expr(&arm.body);
                        }
                    })
                });
            }
            Expr::Try(t) => self.child(Usage::Try, &t.expr),
            Expr::Return(r) => {
                if let Some(value) = &r.expr {
                    self.child(Usage::Return, value);
                }
            }
            Expr::Struct(s) => {
                if self.by_hook[hooks::STRUCT_LIT.trailing_zeros() as usize].is_empty() {
                    visit::visit_expr_struct(self, s);
                } else {
                    let path = self.cx.resolve(&s.path);
                    dispatch!(self, hooks::STRUCT_LIT, |rule, cx| rule
                        .check_struct_lit(cx, s, &path));
                    visit::visit_expr_struct(self, s);
                }
            }
            Expr::Path(p) => {
                if p.qself.is_none() {
                    dispatch!(self, hooks::PATH, |rule, cx| rule.check_path(cx, p));
                }
            }
            other => visit::visit_expr(self, other),
        }
        self.cx.usages.pop();
    }
}

/// A literal with no attribute: nothing in it for any hook.
fn is_plain_literal(expr: &Expr) -> bool {
    matches!(expr, Expr::Lit(lit) if lit.attrs.is_empty())
}

/// The two branches of `if let pat = e { .. } else { .. }`, as match arms.
fn if_let_arms(l: &syn::ExprLet, i: &syn::ExprIf) -> Vec<MatchArm> {
    let (start, end) = crate::bounds::if_expr(i);
    let if_lines = lines_of(start, end);
    let then = MatchArm {
        variants: pattern_variants(&l.pat),
        guarded: false,
        empty: i.then_branch.stmts.is_empty(),
        lines: if_lines,
    };
    let otherwise = MatchArm {
        variants: vec!["_".to_string()],
        guarded: false,
        empty: i.else_branch.as_ref().is_none_or(|(_, e)| is_empty_body(e)),
        lines: if_lines,
    };
    vec![then, otherwise]
}

fn match_arm(arm: &syn::Arm) -> MatchArm {
    MatchArm {
        variants: pattern_variants(&arm.pat),
        guarded: arm.guard.is_some(),
        empty: is_empty_body(&arm.body),
        lines: {
            let (start, end) = crate::bounds::arm(arm);
            lines_of(start, end)
        },
    }
}

fn lines_of(start: proc_macro2::Span, end: proc_macro2::Span) -> (u32, u32) {
    (start.start().line as u32, end.end().line as u32)
}

/// `{}` or `()`.
fn is_empty_body(expr: &Expr) -> bool {
    match strip_parens(expr) {
        Expr::Block(b) => b.block.stmts.is_empty(),
        Expr::Tuple(t) => t.elems.is_empty(),
        _ => false,
    }
}

/// The variants a pattern starts with (`Ok(x)` -> `Ok`, `Err(_) | Ok(_)` -> both);
/// `_` for a pattern that takes any value.
fn pattern_variants(pat: &syn::Pat) -> Vec<String> {
    let last = |path: &syn::Path| {
        path.segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default()
    };
    match pat {
        syn::Pat::TupleStruct(t) => vec![last(&t.path)],
        syn::Pat::Struct(s) => vec![last(&s.path)],
        syn::Pat::Path(p) => vec![last(&p.path)],
        syn::Pat::Or(o) => o.cases.iter().flat_map(pattern_variants).collect(),
        syn::Pat::Paren(p) => pattern_variants(&p.pat),
        syn::Pat::Reference(r) => pattern_variants(&r.pat),
        syn::Pat::Ident(i)
            if i.subpat.is_none() && i.ident.to_string().starts_with(char::is_uppercase) =>
        {
            vec![i.ident.to_string()]
        }
        syn::Pat::Ident(i) => match &i.subpat {
            Some((_, sub)) => pattern_variants(sub),
            None => vec!["_".to_string()],
        },
        syn::Pat::Wild(_) => vec!["_".to_string()],
        _ => Vec::new(),
    }
}

/// True for items compiled only in tests: `#[cfg(test)]` (also inside `all(..)`),
/// `#[test]` and test attributes of other crates (`#[tokio::test]`, `#[rstest]`, ...).
pub fn is_test_code(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|attr| {
        let path = attr.path();
        if path.is_ident("cfg") {
            return attr
                .parse_args::<syn::Meta>()
                .is_ok_and(|meta| cfg_requires_test(&meta));
        }
        // Compared in place: every doc comment is an attribute, so this runs often.
        path.segments.last().is_some_and(|last| {
            ["test", "bench", "rstest", "test_case", "quickcheck"]
                .iter()
                .any(|name| last.ident == name)
        })
    })
}

fn cfg_requires_test(meta: &syn::Meta) -> bool {
    match meta {
        syn::Meta::Path(p) => p.is_ident("test"),
        syn::Meta::List(list) if list.path.is_ident("all") => list
            .parse_args_with(Punctuated::<syn::Meta, Token![,]>::parse_terminated)
            .is_ok_and(|metas| metas.iter().any(cfg_requires_test)),
        _ => false,
    }
}

fn item_attrs(item: &Item) -> Option<&[Attribute]> {
    Some(match item {
        Item::Const(i) => &i.attrs,
        Item::Enum(i) => &i.attrs,
        Item::ExternCrate(i) => &i.attrs,
        Item::Fn(i) => &i.attrs,
        Item::ForeignMod(i) => &i.attrs,
        Item::Impl(i) => &i.attrs,
        Item::Macro(i) => &i.attrs,
        Item::Mod(i) => &i.attrs,
        Item::Static(i) => &i.attrs,
        Item::Struct(i) => &i.attrs,
        Item::Trait(i) => &i.attrs,
        Item::TraitAlias(i) => &i.attrs,
        Item::Type(i) => &i.attrs,
        Item::Union(i) => &i.attrs,
        Item::Use(i) => &i.attrs,
        _ => return None,
    })
}

/// The identifiers a pattern binds (`_` for a bare wildcard).
pub fn pattern_names(pat: &syn::Pat) -> Vec<String> {
    let mut out = Vec::new();
    collect_names(pat, &mut out);
    out
}

fn collect_names(pat: &syn::Pat, out: &mut Vec<String>) {
    match pat {
        syn::Pat::Ident(i) => out.push(i.ident.to_string()),
        syn::Pat::Wild(_) => out.push("_".to_string()),
        syn::Pat::Type(t) => collect_names(&t.pat, out),
        syn::Pat::Reference(r) => collect_names(&r.pat, out),
        syn::Pat::Paren(p) => collect_names(&p.pat, out),
        syn::Pat::Tuple(t) => t.elems.iter().for_each(|p| collect_names(p, out)),
        syn::Pat::TupleStruct(t) => t.elems.iter().for_each(|p| collect_names(p, out)),
        syn::Pat::Struct(s) => s.fields.iter().for_each(|f| collect_names(&f.pat, out)),
        syn::Pat::Slice(s) => s.elems.iter().for_each(|p| collect_names(p, out)),
        _ => {}
    }
}

fn is_word(input: ParseStream<'_>, word: &str) -> bool {
    input
        .cursor()
        .ident()
        .is_some_and(|(ident, _)| ident == word)
}

/// Parses the branches of `tokio::select!`/`futures::select!` into their expressions
/// (futures, guards and handlers), in source order.
fn parse_select(input: ParseStream<'_>) -> syn::Result<Vec<Expr>> {
    let mut exprs = Vec::new();
    if input.peek(syn::Ident) && input.peek2(Token![;]) {
        input.parse::<syn::Ident>()?;
        input.parse::<Token![;]>()?;
    }
    while !input.is_empty() {
        if input.peek(Token![else]) || input.peek(Token![default]) || is_word(input, "complete") {
            input.parse::<proc_macro2::TokenTree>()?;
        } else {
            syn::Pat::parse_multi_with_leading_vert(input)?;
            input.parse::<Token![=]>()?;
            exprs.push(Expr::parse_without_eager_brace(input)?);
            if input.peek(Token![,]) && input.peek2(Token![if]) {
                input.parse::<Token![,]>()?;
                input.parse::<Token![if]>()?;
                exprs.push(Expr::parse_without_eager_brace(input)?);
            }
        }
        input.parse::<Token![=>]>()?;
        exprs.push(input.parse::<Expr>()?);
        if input.peek(Token![,]) {
            input.parse::<Token![,]>()?;
        }
    }
    Ok(exprs)
}

/// Parses `lazy_static!` (`static ref NAME: T = e;`) and `thread_local!`
/// (`static NAME: T = e;`, `const { e }` allowed) bodies.
fn parse_static_macro(input: ParseStream<'_>) -> syn::Result<Vec<(syn::Ident, syn::Type, Expr)>> {
    let mut items = Vec::new();
    while !input.is_empty() {
        input.call(Attribute::parse_outer)?;
        input.parse::<syn::Visibility>()?;
        input.parse::<Token![static]>()?;
        if input.peek(syn::Ident) && input.peek2(syn::Ident) {
            input.parse::<syn::Ident>()?; // `ref`
        } else if input.peek(Token![ref]) {
            input.parse::<Token![ref]>()?;
        }
        let ident: syn::Ident = input.parse()?;
        input.parse::<Token![:]>()?;
        let ty: syn::Type = input.parse()?;
        input.parse::<Token![=]>()?;
        let expr: Expr = input.parse()?;
        items.push((ident, ty, expr));
        if input.peek(Token![;]) {
            input.parse::<Token![;]>()?;
        }
    }
    Ok(items)
}
