use crate::context::{ident_of, strip_parens, Cx, Usage};
use crate::finding::Finding;
use crate::rule::{hooks, Rule, StaticItem};
use std::collections::HashSet;

crate::declare_rule! {
    /// Two atomic operations are not one: between a `load` that checks a value and the
    /// `store` that acts on it, another thread can pass the same check. Both initialise
    /// the "once-only" resource, both take the last slot, and counters lose updates
    /// under load, the bug that never shows in tests.
    ///
    /// ### Fires on
    /// ```rust,ignore
    /// if !STARTED.load(Ordering::Acquire) {
    ///     STARTED.store(true, Ordering::Release);   // two threads both get here
    ///     start_worker();
    /// }
    /// HITS.store(HITS.load(Ordering::Relaxed) + 1, Ordering::Relaxed); // lost updates
    /// ```
    /// ### Stays silent on
    /// ```rust,ignore
    /// if STARTED.compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire).is_ok() {
    ///     start_worker();
    /// }
    /// if !STARTED.swap(true, Ordering::AcqRel) { start_worker(); }
    /// HITS.fetch_add(1, Ordering::Relaxed);
    /// ```
    /// The atomic is known by its type: a `static`, or a local or parameter of an
    /// `Atomic*` type (also behind `Arc` or `&`); a struct's own atomic (`self.state`) is
    /// usually a primitive's single-writer state and is left alone. So are functions that
    /// take a lock before the check (it may serialise them), `unsafe fn`s, and caches
    /// that store a computed value (whichever thread writes it writes the same).
    pub DEF = "atomic_check_then_act",
        hooks::FN | hooks::STATIC | hooks::METHOD_CALL,
        AtomicCheckThenAct::default
}

/// The atomics of the file, and what the current function has loaded.
#[derive(Default)]
pub struct AtomicCheckThenAct {
    /// `static`s of an atomic type.
    statics: HashSet<String>,
    /// Loads in the current function: the atomic, and the local the value went to.
    loads: Vec<(String, Option<String>)>,
    /// A lock was taken in the current function (or it is an `unsafe fn`).
    locked: bool,
    /// Whether the file's text says `Atomic` anywhere, asked once per file.
    mentions_atomic: Option<bool>,
}

/// A literal, a constant (`INITIALIZED`, `State::Running`), `true`/`false`, or a negated one.
fn is_constant(expr: &syn::Expr) -> bool {
    match strip_parens(expr) {
        syn::Expr::Lit(_) => true,
        syn::Expr::Path(p) => p
            .path
            .segments
            .last()
            .is_some_and(|s| !s.ident.to_string().starts_with(char::is_lowercase)),
        syn::Expr::Unary(u) => is_constant(&u.expr),
        syn::Expr::Cast(c) => is_constant(&c.expr),
        _ => false,
    }
}

/// Atomic types, by resolved path prefix.
const ATOMIC_MODULES: &[&str] = &[
    "std::sync::atomic::",
    "core::sync::atomic::",
    "portable_atomic::",
    "atomic::",
];

fn is_atomic_type(path: &str) -> bool {
    ATOMIC_MODULES.iter().any(|m| {
        path.strip_prefix(m)
            .is_some_and(|t| t.starts_with("Atomic"))
    })
}

impl Rule for AtomicCheckThenAct {
    fn check_fn(&mut self, cx: &mut Cx<'_>, _body: &syn::Block) {
        self.loads.clear();
        // An `unsafe fn` (log's `set_logger_racy`) documents its own racy contract.
        self.locked = cx.enclosing_fn().is_some_and(|f| f.is_unsafe);
    }

    fn check_static(&mut self, cx: &mut Cx<'_>, item: &StaticItem<'_>) {
        // Tables of constants (`[u16; 4096]`, `&[&str]`) are not atomics: no resolution.
        if !matches!(item.ty, syn::Type::Path(_)) {
            return;
        }
        // Every atomic type's path ends in `Atomic..`, written in the file either at the
        // static or in the `use` that brings it: a file without the word has none.
        if !*self
            .mentions_atomic
            .get_or_insert_with(|| cx.text.contains("Atomic"))
        {
            return;
        }
        let typed = cx.resolve_type(item.ty).is_some_and(|t| is_atomic_type(&t));
        if typed {
            self.statics.insert(item.ident.to_string());
        }
    }

    fn check_method_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprMethodCall) {
        let method = call.method.to_string();
        if matches!(method.as_str(), "lock" | "write" | "read") && call.args.is_empty() {
            self.locked = true;
            return;
        }
        let Some(place) = self.atomic_place(cx, call) else {
            return;
        };
        match method.as_str() {
            "load" => {
                let bound = match cx.usage() {
                    Usage::Let(names) if names.len() == 1 => Some(names[0].clone()),
                    _ => None,
                };
                self.loads.push((place, bound));
            }
            "store" | "swap" if !self.locked => self.check_act(cx, call, &place, &method),
            _ => {}
        }
    }
}

impl AtomicCheckThenAct {
    /// The atomic a `load`/`store`/`swap` is called on (`STARTED`, `counter`), when its
    /// type says it is one.
    fn atomic_place(&self, cx: &Cx<'_>, call: &syn::ExprMethodCall) -> Option<String> {
        let arity = match call.method.to_string().as_str() {
            "load" => 1,
            "store" | "swap" => 2,
            _ => return None,
        };
        if call.args.len() != arity {
            return None;
        }
        // A struct's own atomic (`self.state`) is usually a primitive's state machine
        // with a single writer: only atomics every thread can reach are judged, statics
        // and shared locals or parameters.
        // The type must say so: an atomic reached some other way (`self.flag.as_ref()`)
        // is too often guarded by an invariant the function does not show.
        let place = ident_of(&call.receiver).filter(|p| !p.starts_with("self."))?;
        let typed = self.statics.contains(&place)
            || cx
                .infer_type(&call.receiver)
                .is_some_and(|t| is_atomic_type(&t));
        typed.then_some(place)
    }

    /// A `store`/`swap` on an atomic whose earlier `load` decides whether it runs (the
    /// load, or the local it went to, is in a guarding condition) or what it writes.
    fn check_act(&self, cx: &mut Cx<'_>, call: &syn::ExprMethodCall, place: &str, method: &str) {
        // `X.store(X.load(..) + 1)`, or `let n = X.load(..); .. X.store(n + 1)` (computed
        // from the loaded value: a bare `n` may have been reassigned since).
        let written_from_load = method == "store"
            && call.args.first().is_some_and(|value| {
                loads_from(value, place)
                    || !matches!(strip_parens(value), syn::Expr::Path(_))
                        && self.loads.iter().any(|(loaded, bound)| {
                            loaded == place
                                && bound
                                    .as_deref()
                                    .is_some_and(|b| crate::context::mentions(value, b))
                        })
            });
        // A constant written (a flag, a state) after the check: the once-only pattern. A
        // computed value (a cache of detected CPU features) is the same whichever thread
        // writes it.
        let constant = call.args.first().is_some_and(is_constant);
        let checked = || {
            constant
                && cx.guarding_conditions().any(|condition| {
                    self.loads.iter().any(|(loaded, bound)| {
                        loaded == place
                            && (mentions_load(condition, place)
                                || bound
                                    .as_deref()
                                    .is_some_and(|b| mentions_word(condition, b)))
                    })
                })
        };
        let (message, label) = if written_from_load {
            (
                format!("`{place}` is stored from its own `load`: concurrent updates are lost"),
                "another thread's write between the load and this store is overwritten",
            )
        } else if checked() {
            (
                format!("`{place}.{method}` acts on a value checked by an earlier `load`"),
                "two threads can pass the check before either writes",
            )
        } else {
            return;
        };
        let help = "make the check and the write one atomic step: `compare_exchange(current, new, AcqRel, Acquire)`, `fetch_add`/`fetch_update`, or `swap` and test the old value";
        let finding = Finding::new(DEF.id, cx.span(call), message, label).with_help(help);
        cx.report(finding);
    }
}

/// True when `expr` contains `place.load(..)`.
fn loads_from(expr: &syn::Expr, place: &str) -> bool {
    match strip_parens(expr) {
        syn::Expr::MethodCall(m) if m.method == "load" => {
            ident_of(&m.receiver).as_deref() == Some(place)
        }
        syn::Expr::MethodCall(m) => {
            loads_from(&m.receiver, place) || m.args.iter().any(|a| loads_from(a, place))
        }
        syn::Expr::Binary(b) => loads_from(&b.left, place) || loads_from(&b.right, place),
        syn::Expr::Unary(u) => loads_from(&u.expr, place),
        syn::Expr::Call(c) => c.args.iter().any(|a| loads_from(a, place)),
        syn::Expr::Cast(c) => loads_from(&c.expr, place),
        _ => false,
    }
}

/// True when a condition's text loads `place` (`STARTED.load(`, `self.state.load(`).
fn mentions_load(condition: &str, place: &str) -> bool {
    let compact: String = condition.chars().filter(|c| !c.is_whitespace()).collect();
    compact
        .match_indices(&format!("{place}.load("))
        .any(|(at, _)| {
            compact[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '.'))
        })
}

/// True when `word` appears in `text` as a whole identifier.
fn mentions_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        let ident = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        !ident(before) && !ident(after)
    })
}
