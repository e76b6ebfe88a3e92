use crate::context::{Cx, Frame};
use crate::finding::{Finding, Span};
use crate::rule::{hooks, Rule};

crate::declare_rule! {
    /// A loop that polls a condition with nothing in between (no sleep, yield, park,
    /// blocking receive or await) keeps a core at 100% while it waits: on a shared host
    /// or a container with a CPU quota it throttles the very threads it is waiting for.
    ///
    /// ### Fires on
    /// ```rust,ignore
    /// while !ready.load(Ordering::Acquire) {}                  // spins until another thread sets it
    /// loop {
    ///     if let Ok(job) = rx.try_recv() { handle(job); break; } // polls the channel flat out
    /// }
    /// while Instant::now() < deadline {}                      // a sleep written as a spin
    /// ```
    /// ### Stays silent on
    /// ```rust,ignore
    /// while !ready.load(Ordering::Acquire) { std::thread::park(); }
    /// let job = rx.recv()?;                                    // blocks without burning CPU
    /// for _ in 0..100 { if ready.load(Acquire) { break } std::hint::spin_loop() } // bounded spin
    /// ```
    /// A loop that calls anything else (a function of the crate, I/O, a macro) is taken to
    /// do work or wait inside it. Deliberate spins are left alone: loops with a spin hint
    /// (`std::hint::spin_loop`), lock-free retries (`compare_exchange` loops, snapshots
    /// read again until consistent) and functions or types named `spin*`.
    pub DEF = "busy_wait_loop",
        hooks::LOOP | hooks::CALL | hooks::METHOD_CALL | hooks::AWAIT | hooks::MACRO,
        BusyWaitLoop::default
}

/// The `loop`/`while` loops the walker is in, innermost last.
#[derive(Default)]
pub struct BusyWaitLoop {
    open: Vec<OpenLoop>,
}

/// What a loop's body (and condition) does, so far.
#[derive(Default)]
struct OpenLoop {
    /// `while`/`loop`, where it starts; `None` for a `for` loop (bounded by its iterator).
    keyword: Option<Span>,
    /// Reads something another thread changes: an atomic load, `try_recv`, a clock.
    polls: Option<&'static str>,
    /// Waits, blocks, yields, or calls something that may: then it is not a busy wait.
    waits: bool,
    /// Its `while` condition compares a counter with a number: a bounded spin.
    bounded: bool,
}

/// Method calls that poll state another thread changes, and what they poll.
const POLLS: &[(&str, &str)] = &[
    ("load", "an atomic"),
    ("try_recv", "a channel"),
    ("try_lock", "a lock"),
    ("try_read", "a lock"),
    ("try_write", "a lock"),
    ("try_wait", "a child process"),
    ("is_finished", "a thread"),
    ("elapsed", "the clock"),
];

/// Calls that neither block nor do real work: polling goes on around them.
const INERT_METHODS: &[&str] = &[
    "store",
    "swap",
    "fetch_add",
    "fetch_sub",
    "fetch_or",
    "fetch_and",
    "is_ok",
    "is_err",
    "is_some",
    "is_none",
    "ok",
    "err",
    "unwrap",
    "expect",
    "unwrap_or",
    "unwrap_or_default",
    "is_empty",
    "len",
    "clone",
    "as_ref",
    "checked_sub",
    "checked_add",
    "saturating_sub",
    "saturating_add",
    "wrapping_add",
    "wrapping_sub",
    "cmp",
    "eq",
    "ne",
    "lt",
    "le",
    "gt",
    "ge",
];

/// Functions that neither block nor do real work.
const INERT_CALLS: &[&str] = &["std::time::Instant::now", "Some", "Ok", "Err"];

/// Spin hints: the author spins on purpose, briefly (waiting out another thread's
/// initialisation, a lock primitive's fast path), so the loop is left alone.
const SPIN_HINTS: &[&str] = &[
    "std::hint::spin_loop",
    "core::hint::spin_loop",
    "std::sync::atomic::spin_loop_hint",
    "core::sync::atomic::spin_loop_hint",
];

/// Atomic read-modify-write calls: a loop around them is a lock-free retry that goes
/// round only when another thread made progress, not a wait.
const READ_MODIFY_WRITE: &[&str] = &[
    "compare_exchange",
    "compare_exchange_weak",
    "compare_and_swap",
    "fetch_update",
];

impl Rule for BusyWaitLoop {
    fn check_loop(&mut self, cx: &mut Cx<'_>, expr: &syn::Expr) {
        let keyword = match expr {
            syn::Expr::While(w) => Some(cx.span(&w.while_token)),
            syn::Expr::Loop(l) => Some(cx.span(&l.loop_token)),
            _ => None,
        };
        let bounded = match expr {
            syn::Expr::While(w) => compares_with_number(&w.cond),
            _ => false,
        };
        self.open.push(OpenLoop {
            keyword,
            bounded,
            ..OpenLoop::default()
        });
    }

    fn check_loop_post(&mut self, cx: &mut Cx<'_>, _expr: &syn::Expr) {
        let Some(done) = self.open.pop() else { return };
        // An inner loop that waits makes every loop around it wait too.
        if done.waits {
            self.waited();
        }
        let (Some(keyword), Some(polled), false, false) =
            (done.keyword, done.polls, done.waits, done.bounded)
        else {
            return;
        };
        if in_spin_primitive(cx) {
            return;
        }
        let finding = Finding::new(
            DEF.id,
            keyword,
            format!("this loop polls {polled} with nothing in between: a core spins at 100% while it waits"),
            "no sleep, yield, park, blocking receive or await in the loop",
        )
        .with_help("wait for the event instead of polling it: a blocking `recv()`, a `Condvar`, `thread::park`/`unpark`, `tokio::sync::Notify`; or bound the spin (`for _ in 0..100 { .. spin_loop() }`) and then park or sleep");
        cx.report(finding);
    }

    fn check_call(&mut self, _cx: &mut Cx<'_>, _call: &syn::ExprCall, callee: &str) {
        if self.open.is_empty() {
            return;
        }
        if callee == "std::time::Instant::now" {
            self.polled("the clock");
        }
        if !INERT_CALLS.contains(&callee) || SPIN_HINTS.contains(&callee) {
            self.waited();
        }
    }

    fn check_method_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprMethodCall) {
        if self.open.is_empty() {
            return;
        }
        let method = call.method.to_string();
        if let Some((_, what)) = POLLS.iter().find(|(m, _)| *m == method) {
            self.polled(what);
            // `let tail = self.tail.load(..)`: a snapshot to compare or to swap from,
            // read again until consistent: lock-free code, not a wait.
            if matches!(cx.usage(), crate::context::Usage::Let(_)) {
                self.waited();
            }
        } else if READ_MODIFY_WRITE.contains(&method.as_str())
            || !INERT_METHODS.contains(&method.as_str())
        {
            self.waited();
        }
    }

    fn check_await(&mut self, _cx: &mut Cx<'_>, _expr: &syn::ExprAwait) {
        self.waited();
    }

    fn check_macro(&mut self, _cx: &mut Cx<'_>, _mac: &syn::Macro, _path: &str) {
        // `println!`, `tokio::select!`, `log::info!`: output or waiting; not a bare spin.
        self.waited();
    }
}

impl BusyWaitLoop {
    fn polled(&mut self, what: &'static str) {
        if let Some(innermost) = self.open.last_mut() {
            innermost.polls.get_or_insert(what);
        }
    }

    fn waited(&mut self) {
        if let Some(innermost) = self.open.last_mut() {
            innermost.waits = true;
        }
    }
}

/// `spins < 100`, `n >= MAX_SPINS`: a comparison of something with a number or constant.
fn compares_with_number(expr: &syn::Expr) -> bool {
    match crate::context::strip_parens(expr) {
        syn::Expr::Binary(b) => {
            use syn::BinOp::*;
            let ordering = matches!(b.op, Lt(_) | Le(_) | Gt(_) | Ge(_));
            let number = |e: &syn::Expr| match crate::context::strip_parens(e) {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Int(_),
                    ..
                }) => true,
                syn::Expr::Path(p) => p.path.segments.last().is_some_and(|s| {
                    let name = s.ident.to_string();
                    name.chars()
                        .all(|c| c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit())
                }),
                _ => false,
            };
            (ordering && (number(&b.left) || number(&b.right)))
                || compares_with_number(&b.left)
                || compares_with_number(&b.right)
        }
        syn::Expr::Unary(u) => compares_with_number(&u.expr),
        _ => false,
    }
}

/// A spin lock or spin-wait written on purpose: a function or type named `spin*`.
fn in_spin_primitive(cx: &Cx<'_>) -> bool {
    cx.frames().any(|frame| match frame {
        Frame::Fn(info) => {
            info.name.to_ascii_lowercase().contains("spin")
                || info
                    .self_ty
                    .as_deref()
                    .is_some_and(|t| t.to_ascii_lowercase().contains("spin"))
        }
        _ => false,
    })
}
