//! retries: a retry turns one failure into many; unbounded or synchronized retries turn
//! a slow dependency into an outage.
//!
//! [`analyse_loop`] answers the question both loop rules ask: is this loop a retry loop,
//! is it bounded, and how does it wait between attempts. It reads the loop's own syntax
//! once, at the loop's entry, and does not enter nested loops, closures or items (they
//! are analysed at their own entry), so every node is looked at a bounded number of times.

pub mod retry_policy_unbounded;
pub mod retry_without_backoff;
pub mod unbounded_retry_loop;

use crate::context::{strip_parens, Cx};
use crate::finding::Span;
use std::collections::HashSet;
use syn::visit::Visit;
use syn::{Expr, Pat, Stmt};

/// What [`analyse_loop`] found about a retry loop.
#[derive(Debug, Clone)]
pub struct RetryLoop {
    /// The `loop`/`while`/`for` keyword.
    pub keyword: Span,
    /// An attempt counter compared against a bound, a deadline, `for _ in 0..N`, a
    /// `.take(n)` iterator, an exhausted strategy, or an enclosing timeout.
    pub bounded: bool,
    /// How the loop waits between attempts.
    pub delay: Delay,
    /// The retried call is a DNS-style lookup (`lookup*`, `resolve*`): resolvers try
    /// their attempts back to back by design, each bounded by its own timeout.
    pub name_lookup: bool,
    /// The constant delay in seconds, when the sleep is a literal `Duration`.
    pub constant_seconds: Option<f64>,
}

/// The wait between two attempts of a retry loop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delay {
    /// No sleep at all: the retries hit the peer back to back.
    None,
    /// A sleep whose duration never changes and has no jitter (its span).
    Constant(Span),
    /// A growing, jittered or unknown (helper, strategy) delay.
    Varying,
}

/// Calls that sleep for their duration argument (resolved paths).
pub const SLEEP_CALLS: &[&str] = &[
    "std::thread::sleep",
    "tokio::time::sleep",
    "async_std::task::sleep",
    "actix_rt::time::sleep",
    "smol::Timer::after",
    "async_io::Timer::after",
    "futures_timer::Delay::new",
];

/// Methods whose `Err` means "not now" rather than "failed": polling and compare-and-swap
/// loops, parsing of user input, and binding a local address (waiting for an interface
/// to come up) are not retries of a failing dependency.
const NOT_RETRIED: &[&str] = &[
    "try_recv",
    "try_lock",
    "try_read",
    "try_write",
    "try_wait",
    "try_send",
    "try_acquire",
    "try_acquire_owned",
    "try_borrow",
    "try_borrow_mut",
    "try_next",
    "recv_timeout",
    "compare_exchange",
    "compare_exchange_weak",
    "compare_and_swap",
    "fetch_update",
    "parse",
    "read_line",
    "from_str",
    "bind",
];

/// Is `expr` (a loop) a retry loop, and if so, is it bounded and how does it wait?
///
/// A retry loop calls something fallible and goes round on its error while its success
/// leaves the loop: `match f() { Ok(v) => break v, Err(_) => sleep(..) }`,
/// `while let Err(_) = f() {}`, `if let Ok(v) = f() { return v } ...`, a `continue` on
/// `Err` before a final `break`. Accept and event loops go round on success too, so they
/// are not retry loops.
pub fn analyse_loop(cx: &Cx<'_>, expr: &Expr) -> Option<RetryLoop> {
    let label = match expr {
        Expr::Loop(l) => l.label.as_ref(),
        Expr::While(w) => w.label.as_ref(),
        Expr::ForLoop(f) => f.label.as_ref(),
        _ => None,
    }
    .map(|l| l.name.ident.to_string());
    let own = label.as_deref();
    let mut facts = BodyFacts::new(cx, label.clone());
    let (keyword, retry, mut bounded) = match expr {
        Expr::Loop(l) => {
            facts.visit_block(&l.body);
            (
                cx.span(&l.loop_token),
                retry_shape(&l.body.stmts, own),
                false,
            )
        }
        Expr::While(w) => {
            facts.visit_block(&w.body);
            let retry = match strip_parens(&w.cond) {
                Expr::Let(l) => {
                    facts.note_scrutinee(&l.expr);
                    let err = result_pattern(&l.pat) == Some(Arm::Err);
                    err && !exits_first(&w.body.stmts, own)
                }
                cond => match (is_result_test(cond), strip_parens(cond)) {
                    (Some((Arm::Err, ())), Expr::MethodCall(m)) => {
                        facts.note_scrutinee(&m.receiver);
                        !exits_first(&w.body.stmts, own)
                    }
                    _ => retry_shape(&w.body.stmts, own),
                },
            };
            facts.visit_expr(&w.cond);
            let bounded = !matches!(strip_parens(&w.cond), Expr::Let(_)) && facts.is_bound(&w.cond);
            (cx.span(&w.while_token), retry, bounded)
        }
        Expr::ForLoop(f) => {
            let range = matches!(strip_parens(&f.expr), Expr::Range(_))
                || crate::context::chain_methods(&f.expr)
                    .iter()
                    .any(|m| m.method == "take");
            if !range {
                return None;
            }
            facts.for_names = crate::walk::pattern_names(&f.pat).into_iter().collect();
            facts.visit_block(&f.body);
            (cx.span(&f.for_token), retry_shape(&f.body.stmts, own), true)
        }
        _ => return None,
    };
    if !retry
        || facts.event_loop
        || facts.not_retried
        || facts.new_candidate()
        || facts.expected_error
        || !facts.scrutinee_fallible
    {
        return None;
    }
    bounded |= facts.bounds.iter().any(|c| facts.is_bound(c))
        || facts.strategy_exhausts
        || facts.delegated_bound;
    bounded |= cx.in_macro("tokio::select") || cx.under_timeout();
    let delay = if facts.unknown_delay || (facts.delegated_bound && facts.sleeps.is_empty()) {
        Delay::Varying
    } else {
        match facts.sleeps.iter().find(|(_, constant)| !*constant) {
            Some(_) => Delay::Varying,
            None => match facts.sleeps.first() {
                Some((span, _)) => Delay::Constant(*span),
                None => Delay::None,
            },
        }
    };
    // Constant-ness of a sleep is decided once the whole body is known.
    let delay = match delay {
        Delay::Constant(_) if facts.sleep_args_vary() => Delay::Varying,
        other => other,
    };
    let constant_seconds = match delay {
        Delay::Constant(_) => facts.sleep_args.first().and_then(literal_seconds),
        _ => None,
    };
    Some(RetryLoop {
        keyword,
        bounded,
        delay,
        name_lookup: facts.name_lookups,
        constant_seconds,
    })
}

/// The label of the loop being analysed (`'retry`), if any.
type Label<'l> = Option<&'l str>;

/// `Ok`/`Err` of a `Result`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Arm {
    Ok,
    Err,
    Other,
}

/// Where a path through the loop body goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Leaves the loop (`break`, `return`, `bail!`, `?` on an error value).
    Exit,
    /// `continue`: goes round whatever follows.
    Continue,
    /// Falls through to the statements that follow.
    Falls,
}

/// True when one top-level statement of the body is a branch on a `Result` whose `Ok`
/// leaves the loop and whose `Err` goes round.
fn retry_shape(stmts: &[Stmt], label: Label<'_>) -> bool {
    for (index, stmt) in stmts.iter().enumerate() {
        let rest_exits = exits_first(&stmts[index + 1..], label);
        let resolve = |o: Outcome| match o {
            Outcome::Falls if rest_exits => Outcome::Exit,
            Outcome::Falls => Outcome::Continue,
            other => other,
        };
        if let Some((ok, err)) = branch_outcomes(stmt, label) {
            let ok_exits = !ok.is_empty() && ok.iter().all(|o| resolve(*o) == Outcome::Exit);
            let err_rounds = err.iter().any(|o| resolve(*o) == Outcome::Continue);
            if ok_exits && err_rounds {
                return true;
            }
        }
        if stmt_outcome(stmt, label) == Outcome::Exit {
            return false;
        }
    }
    false
}

/// True when the statements leave the loop before anything can go round.
fn exits_first(stmts: &[Stmt], label: Label<'_>) -> bool {
    for stmt in stmts {
        match stmt_outcome(stmt, label) {
            Outcome::Exit => return true,
            Outcome::Continue => return false,
            Outcome::Falls => {}
        }
    }
    false
}

/// The outcomes of the `Ok` paths and of the `Err` paths of a statement that branches on
/// a `Result`, if it is one.
fn branch_outcomes(stmt: &Stmt, label: Label<'_>) -> Option<(Vec<Outcome>, Vec<Outcome>)> {
    let expr = match stmt {
        Stmt::Expr(e, _) => e,
        Stmt::Local(local) => {
            let init = local.init.as_ref()?;
            if let Some((_, diverge)) = &init.diverge {
                // `let Ok(v) = f() else { continue };`
                return match result_pattern(&local.pat)? {
                    Arm::Ok => Some((vec![Outcome::Falls], vec![expr_outcome(diverge, label)])),
                    _ => None,
                };
            }
            &init.expr
        }
        _ => return None,
    };
    match strip_parens(expr) {
        Expr::Match(m) => {
            let arms: Vec<(Arm, Outcome)> = m
                .arms
                .iter()
                .map(|a| (arm_of(&a.pat), expr_outcome(&a.body, label)))
                .collect();
            let has = |k: Arm| arms.iter().any(|(a, _)| *a == k);
            if !has(Arm::Ok) || !(has(Arm::Err) || has(Arm::Other)) {
                return None;
            }
            let pick = |k: &[Arm]| {
                arms.iter()
                    .filter(|(a, _)| k.contains(a))
                    .map(|(_, o)| *o)
                    .collect::<Vec<_>>()
            };
            Some((pick(&[Arm::Ok]), pick(&[Arm::Err, Arm::Other])))
        }
        Expr::If(i) => {
            let (arm, _) = match strip_parens(&i.cond) {
                Expr::Let(l) => (result_pattern(&l.pat)?, ()),
                cond => is_result_test(cond)?,
            };
            let then = block_outcome(&i.then_branch.stmts, label);
            let other = i
                .else_branch
                .as_ref()
                .map_or(Outcome::Falls, |(_, e)| expr_outcome(e, label));
            match arm {
                Arm::Ok => Some((vec![then], vec![other])),
                Arm::Err => Some((vec![other], vec![then])),
                Arm::Other => None,
            }
        }
        _ => None,
    }
}

/// `x.is_ok()`, `x.is_err()`, `!x.is_ok()`: which arm the condition being true means.
fn is_result_test(cond: &Expr) -> Option<(Arm, ())> {
    match strip_parens(cond) {
        Expr::Unary(u) if matches!(u.op, syn::UnOp::Not(_)) => {
            let (arm, ()) = is_result_test(&u.expr)?;
            Some((
                match arm {
                    Arm::Ok => Arm::Err,
                    Arm::Err => Arm::Ok,
                    Arm::Other => Arm::Other,
                },
                (),
            ))
        }
        Expr::MethodCall(m) if m.args.is_empty() && m.method == "is_ok" => Some((Arm::Ok, ())),
        Expr::MethodCall(m) if m.args.is_empty() && m.method == "is_err" => Some((Arm::Err, ())),
        _ => None,
    }
}

fn arm_of(pat: &Pat) -> Arm {
    match pat {
        Pat::Wild(_) | Pat::Ident(_) => Arm::Other,
        Pat::Or(or) => or.cases.first().map_or(Arm::Other, arm_of),
        other => result_pattern(other).unwrap_or(Arm::Other),
    }
}

/// `Err(Error::Variant(..))`, `Err(Kind::Variant)`: one named error, not `Err(e)`/`Err(_)`.
fn specific_error(pat: &Pat) -> bool {
    let Pat::TupleStruct(t) = pat else {
        return false;
    };
    result_pattern(pat) == Some(Arm::Err)
        && t.elems
            .iter()
            .all(|inner| matches!(inner, Pat::TupleStruct(_) | Pat::Path(_) | Pat::Struct(_)))
        && !t.elems.is_empty()
}

/// `Ok(..)` / `Err(..)` (also `Result::Ok(..)`), else `None`.
fn result_pattern(pat: &Pat) -> Option<Arm> {
    let path = match pat {
        Pat::TupleStruct(t) => &t.path,
        _ => return None,
    };
    let last = path.segments.last()?.ident.to_string();
    let prefix_ok = path.segments.len() == 1
        || path
            .segments
            .iter()
            .rev()
            .nth(1)
            .is_some_and(|s| s.ident == "Result");
    match last.as_str() {
        "Ok" if prefix_ok => Some(Arm::Ok),
        "Err" if prefix_ok => Some(Arm::Err),
        _ => None,
    }
}

fn stmt_outcome(stmt: &Stmt, label: Label<'_>) -> Outcome {
    match stmt {
        Stmt::Expr(e, _) => direct_outcome(e, label),
        Stmt::Macro(m) => macro_outcome(&m.mac),
        _ => Outcome::Falls,
    }
}

/// The outcome of an arm body or branch: a block's first leaving statement decides.
fn expr_outcome(expr: &Expr, label: Label<'_>) -> Outcome {
    match strip_parens(expr) {
        Expr::Block(b) => block_outcome(&b.block.stmts, label),
        other => direct_outcome(other, label),
    }
}

fn block_outcome(stmts: &[Stmt], label: Label<'_>) -> Outcome {
    for stmt in stmts {
        match stmt_outcome(stmt, label) {
            Outcome::Falls => {}
            decided => return decided,
        }
    }
    Outcome::Falls
}

/// The outcome of an expression evaluated unconditionally at this level.
fn direct_outcome(expr: &Expr, label: Label<'_>) -> Outcome {
    match strip_parens(expr) {
        Expr::Break(_) | Expr::Return(_) => Outcome::Exit,
        // `continue 'outer` leaves this loop for an enclosing one.
        Expr::Continue(c) => match &c.label {
            Some(l) if Some(l.ident.to_string().as_str()) != label => Outcome::Exit,
            _ => Outcome::Continue,
        },
        Expr::Macro(m) => macro_outcome(&m.mac),
        Expr::Try(t) if matches!(strip_parens(&t.expr), Expr::Call(c) if crate::context::ident_of(&c.func).as_deref() == Some("Err")) => {
            Outcome::Exit
        }
        Expr::Block(b) => block_outcome(&b.block.stmts, label),
        _ => Outcome::Falls,
    }
}

fn macro_outcome(mac: &syn::Macro) -> Outcome {
    match mac
        .path
        .segments
        .last()
        .map(|s| s.ident.to_string())
        .as_deref()
    {
        Some("bail" | "panic" | "unreachable" | "todo" | "unimplemented") => Outcome::Exit,
        _ => Outcome::Falls,
    }
}

/// What the loop body holds, gathered in one look at its syntax.
struct BodyFacts<'c, 'a> {
    cx: &'c Cx<'a>,
    /// The analysed loop's label.
    label: Option<String>,
    /// Names assigned (`=`, `+=`, ...) in the body, and `for` pattern names.
    counters: HashSet<String>,
    /// Names bound by `let` in the body.
    locals: HashSet<String>,
    /// `let` names whose initializer reads the clock.
    clock_locals: HashSet<String>,
    /// Conditions that guard a way out (`if c { break }`, match guards, `ensure!(c)`).
    bounds: Vec<Expr>,
    /// Sleeps: span, and whether the argument looked constant.
    sleeps: Vec<(Span, bool)>,
    sleep_args: Vec<Expr>,
    /// A helper that probably waits (`backoff(attempt).await`, `interval.tick()`).
    unknown_delay: bool,
    /// `let Some(d) = strategy.next() else { break }` and the like.
    strategy_exhausts: bool,
    /// `select!` in the body: an event loop.
    event_loop: bool,
    /// An exit on an error that names a limit (`MaxReconnects`, `RetriesExhausted`): the
    /// called function counts the attempts (and, likely, waits between them).
    delegated_bound: bool,
    /// A polling, CAS or input-parsing branch (not a retry of a dependency).
    not_retried: bool,
    /// The branch examines something that was called in the loop.
    scrutinee_fallible: bool,
    /// The fallible call works on a value made in this iteration.
    /// The names each calling scrutinee mentions.
    scrutinee_names: Vec<Vec<String>>,
    /// `for` pattern names (attempt counters).
    for_names: HashSet<String>,
    /// Every retried call is a name lookup (`lookup_inner`, `resolve`), or the connection
    /// to a local resolver's Unix socket (`connect_unix_stream`).
    name_lookups: bool,
    /// Every `Err` arm that goes round matches a specific error variant
    /// (`Err(Error::InsufficientBytes(n))`): an expected condition, not a failure.
    expected_error: bool,
}

impl<'c, 'a> BodyFacts<'c, 'a> {
    fn new(cx: &'c Cx<'a>, label: Option<String>) -> Self {
        BodyFacts {
            cx,
            label,
            counters: HashSet::new(),
            locals: HashSet::new(),
            clock_locals: HashSet::new(),
            bounds: Vec::new(),
            sleeps: Vec::new(),
            sleep_args: Vec::new(),
            unknown_delay: false,
            strategy_exhausts: false,
            delegated_bound: false,
            event_loop: false,
            not_retried: false,
            scrutinee_fallible: false,
            scrutinee_names: Vec::new(),
            for_names: HashSet::new(),
            name_lookups: true,
            expected_error: false,
        }
    }

    fn note_scrutinee(&mut self, expr: &Expr) {
        let mut calls = Calls::default();
        calls.visit_expr(expr);
        let outer = outer_call_name(expr);
        if outer.as_deref().is_some_and(|n| NOT_RETRIED.contains(&n)) {
            self.not_retried = true;
        }
        // A resolver's attempts, and its connection to a local resolver socket.
        self.name_lookups &= outer.as_deref().is_some_and(|n| {
            n.starts_with("lookup") || n.starts_with("resolve") || n.starts_with("connect_unix")
        });
        if calls.any || crate::context::ident_of(expr).is_some_and(|n| self.locals.contains(&n)) {
            self.scrutinee_fallible = true;
        }
        if calls.any {
            let mut names = Names::default();
            names.visit_expr(expr);
            self.scrutinee_names.push(names.idents);
        }
    }

    /// Every fallible call works on something made or changed in the loop (a fresh random
    /// port or id, an accepted connection, the parent directory): each round tries a new
    /// candidate, so it is a search, not a retry.
    fn new_candidate(&self) -> bool {
        !self.scrutinee_names.is_empty()
            && self.scrutinee_names.iter().all(|names| {
                names.iter().any(|n| {
                    self.locals.contains(n)
                        || self.counters.contains(n)
                        || (n != "_" && self.for_names.contains(n))
                })
            })
    }

    /// A condition is a bound when it compares an attempt counter, or reads the clock.
    fn is_bound(&self, cond: &Expr) -> bool {
        let mut names = Names::default();
        names.visit_expr(cond);
        if names.clock {
            return true;
        }
        let mut comparisons = Comparisons::default();
        comparisons.visit_expr(cond);
        comparisons.operands.iter().any(|operand| {
            let mut names = Names::default();
            names.visit_expr(operand);
            names.clock
                || names.idents.iter().any(|n| {
                    self.counters.contains(n)
                        || self.for_names.contains(n)
                        || self.clock_locals.contains(n)
                        || n.contains("deadline")
                })
        })
    }

    /// True when a sleep's argument names something that changes between attempts.
    fn sleep_args_vary(&self) -> bool {
        self.sleep_args.iter().any(|arg| {
            let mut names = Names::default();
            names.visit_expr(arg);
            names.opaque
                || names.idents.iter().any(|n| {
                    self.counters.contains(n)
                        || self.for_names.contains(n)
                        || self.locals.contains(n)
                })
        })
    }

    fn exit_inside(expr: &Expr) -> bool {
        let mut exits = Exits::default();
        exits.visit_expr(expr);
        exits.found
    }
}

/// Visitor methods that keep a visitor inside the loop being analysed: nested loops,
/// closures, async blocks and items are analysed at their own entry.
macro_rules! stay_in_this_loop {
    () => {
        fn visit_item(&mut self, _: &'ast syn::Item) {}
        fn visit_expr_closure(&mut self, _: &'ast syn::ExprClosure) {}
        fn visit_expr_async(&mut self, _: &'ast syn::ExprAsync) {}
        fn visit_expr_loop(&mut self, _: &'ast syn::ExprLoop) {}
        fn visit_expr_while(&mut self, _: &'ast syn::ExprWhile) {}
        fn visit_expr_for_loop(&mut self, _: &'ast syn::ExprForLoop) {}
    };
}

impl<'ast> Visit<'ast> for BodyFacts<'_, '_> {
    stay_in_this_loop!();

    fn visit_local(&mut self, local: &'ast syn::Local) {
        let names = crate::walk::pattern_names(&local.pat);
        if let Some(init) = &local.init {
            let mut clock = Names::default();
            clock.visit_expr(&init.expr);
            if clock.clock {
                self.clock_locals.extend(names.iter().cloned());
            }
            // `let Some(path) = paths.next() else { .. }` pulls the next candidate (or the
            // next delay of a strategy): not the retried call itself.
            let pulls_next =
                matches!(strip_parens(&init.expr), Expr::MethodCall(m) if m.method == "next");
            if init.diverge.is_some() {
                if !pulls_next {
                    self.note_scrutinee(&init.expr);
                }
                if let Some((_, diverge)) = &init.diverge {
                    // `let Some(d) = backoff.next() else { break }`: a way out on its own.
                    if expr_outcome(diverge, self.label.as_deref()) == Outcome::Exit {
                        self.strategy_exhausts = true;
                    }
                }
            }
        }
        self.locals.extend(names);
        syn::visit::visit_local(self, local);
    }

    fn visit_expr_assign(&mut self, a: &'ast syn::ExprAssign) {
        if let Some(name) = assigned_name(&a.left) {
            self.counters.insert(name);
        }
        syn::visit::visit_expr_assign(self, a);
    }

    fn visit_expr_binary(&mut self, b: &'ast syn::ExprBinary) {
        use syn::BinOp::*;
        if matches!(
            b.op,
            AddAssign(_) | SubAssign(_) | MulAssign(_) | DivAssign(_) | ShlAssign(_) | ShrAssign(_)
        ) {
            if let Some(name) = assigned_name(&b.left) {
                self.counters.insert(name);
            }
        }
        syn::visit::visit_expr_binary(self, b);
    }

    fn visit_expr_if(&mut self, i: &'ast syn::ExprIf) {
        match strip_parens(&i.cond) {
            Expr::Let(l) => {
                if result_pattern(&l.pat).is_some() {
                    self.note_scrutinee(&l.expr);
                }
                let option = matches!(&*l.pat, Pat::TupleStruct(t) if t.path.is_ident("Some"));
                let else_exits = i
                    .else_branch
                    .as_ref()
                    .is_some_and(|(_, e)| expr_outcome(e, self.label.as_deref()) == Outcome::Exit);
                if option && else_exits {
                    self.strategy_exhausts = true;
                }
            }
            cond => {
                if let Some((_, ())) = is_result_test(cond) {
                    if let Expr::MethodCall(m) = strip_parens(cond) {
                        self.note_scrutinee(&m.receiver);
                    }
                }
                let leaves = block_has_exit(&i.then_branch)
                    || i.else_branch
                        .as_ref()
                        .is_some_and(|(_, e)| Self::exit_inside(e));
                if leaves {
                    self.bounds.push(cond.clone());
                }
            }
        }
        syn::visit::visit_expr_if(self, i);
    }

    fn visit_expr_match(&mut self, m: &'ast syn::ExprMatch) {
        let results = m.arms.iter().any(|a| result_pattern(&a.pat).is_some());
        if results {
            self.note_scrutinee(&m.expr);
            let round: Vec<&syn::Arm> = m
                .arms
                .iter()
                .filter(|a| {
                    arm_of(&a.pat) != Arm::Ok
                        && expr_outcome(&a.body, self.label.as_deref()) != Outcome::Exit
                })
                .collect();
            if !round.is_empty()
                && round
                    .iter()
                    .all(|a| a.guard.is_none() && specific_error(&a.pat))
            {
                self.expected_error = true;
            }
        }
        for arm in &m.arms {
            if let Some((_, guard)) = &arm.guard {
                self.bounds.push((**guard).clone());
            }
            let none = matches!(&arm.pat, Pat::Ident(p) if p.ident == "None")
                || matches!(&arm.pat, Pat::Path(p) if p.path.is_ident("None"));
            let exits = expr_outcome(&arm.body, self.label.as_deref()) == Outcome::Exit;
            if none && exits {
                self.strategy_exhausts = true;
            }
            let pat = &arm.pat;
            let policy_says_stop = exits
                && arm_of(pat) != Arm::Ok
                && outer_call_name(&m.expr).is_some_and(|n| names_a_policy(&n));
            if policy_says_stop {
                // `match next_reconnection_delay() { Ok(d) => d, Err(_) => return Err(e) }`
                self.strategy_exhausts = true;
            }
            if exits && names_a_limit(&quote::quote!(#pat).to_string()) {
                // `ErrorKind::MaxReconnects => return Err(..)`: the callee keeps the count.
                self.delegated_bound = true;
            }
            let text = quote::quote!(#arm).to_string();
            if text.contains("Interrupted") || text.contains("WouldBlock") {
                self.not_retried = true;
            }
        }
        syn::visit::visit_expr_match(self, m);
    }

    fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
        if let Some(callee) = self.cx.resolve_expr(&call.func) {
            if SLEEP_CALLS.contains(&callee.as_str()) {
                let constant = call.args.first().is_some_and(constant_duration);
                self.sleeps.push((self.cx.span(call), constant));
                self.sleep_args.extend(call.args.first().cloned());
            } else if callee == "std::io::stdin" {
                self.not_retried = true;
            } else if waits_by_name(&callee) {
                self.unknown_delay = true;
            }
        }
        syn::visit::visit_expr_call(self, call);
    }

    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        let name = call.method.to_string();
        if waits_by_name(&name) {
            self.unknown_delay = true;
        }
        if name.starts_with("accept") {
            self.event_loop = true; // an accept loop serves a new peer each time round
        }
        syn::visit::visit_expr_method_call(self, call);
    }

    fn visit_expr_macro(&mut self, m: &'ast syn::ExprMacro) {
        self.on_macro(&m.mac);
    }

    fn visit_stmt_macro(&mut self, m: &'ast syn::StmtMacro) {
        self.on_macro(&m.mac);
    }
}

impl BodyFacts<'_, '_> {
    fn on_macro(&mut self, mac: &syn::Macro) {
        use syn::parse::Parser;
        let name = mac
            .path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default();
        match name.as_str() {
            "select" | "select_biased" | "join" | "try_join" => self.event_loop = true,
            "ensure" => {
                let parser = syn::punctuated::Punctuated::<Expr, syn::Token![,]>::parse_terminated;
                if let Some(cond) = parser
                    .parse2(mac.tokens.clone())
                    .ok()
                    .and_then(|a| a.into_iter().next())
                {
                    self.bounds.push(cond);
                }
            }
            _ => {
                let parser = syn::punctuated::Punctuated::<Expr, syn::Token![,]>::parse_terminated;
                if let Ok(args) = parser.parse2(mac.tokens.clone()) {
                    args.iter().for_each(|a| self.visit_expr(a));
                }
            }
        }
    }
}

/// The name of the call whose result an expression is (`a.b().c().await?` -> `c`).
fn outer_call_name(expr: &Expr) -> Option<String> {
    match strip_parens(expr) {
        Expr::Await(a) => outer_call_name(&a.base),
        Expr::Try(t) => outer_call_name(&t.expr),
        Expr::MethodCall(m) => Some(m.method.to_string()),
        Expr::Call(c) => match strip_parens(&c.func) {
            Expr::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
            _ => None,
        },
        _ => None,
    }
}

/// An error or condition named after a limit (`MaxReconnects`, `RetriesExhausted`).
fn names_a_limit(text: &str) -> bool {
    let text = text.to_ascii_lowercase();
    [
        "max", "limit", "exceed", "exhaust", "too_many", "toomany", "retries", "attempts",
    ]
    .iter()
    .any(|w| text.contains(w))
}

/// A call that asks a retry policy for the next step (`next_reconnection_delay`,
/// `policy.next_attempt()`): its failure is the policy giving up.
fn names_a_policy(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    ["delay", "backoff", "policy", "attempt", "retry", "next"]
        .iter()
        .any(|w| name.contains(w))
}

/// Names of helpers that wait (so the loop has some delay we cannot see).
fn waits_by_name(path: &str) -> bool {
    let last = path
        .rsplit(['.', ':'])
        .next()
        .unwrap_or(path)
        .to_ascii_lowercase();
    [
        "sleep", "backoff", "delay", "wait", "pause", "throttle", "tick", "jitter",
    ]
    .iter()
    .any(|w| last.contains(w))
}

/// `attempt` in `attempt += 1`, `self.tries` -> `tries`.
fn assigned_name(expr: &Expr) -> Option<String> {
    match strip_parens(expr) {
        Expr::Path(p) => p.path.get_ident().map(|i| i.to_string()),
        Expr::Field(f) => match &f.member {
            syn::Member::Named(n) => Some(n.to_string()),
            syn::Member::Unnamed(_) => None,
        },
        Expr::Unary(u) => assigned_name(&u.expr),
        _ => None,
    }
}

/// A duration made of literals, constants and `Duration` constructors only.
/// The seconds of `Duration::from_secs(5)`, `from_millis(1500)`, `from_secs_f64(2.5)`.
fn literal_seconds(expr: &Expr) -> Option<f64> {
    let Expr::Call(call) = strip_parens(expr) else {
        return None;
    };
    let Expr::Path(func) = strip_parens(&call.func) else {
        return None;
    };
    let unit = match func.path.segments.last()?.ident.to_string().as_str() {
        "from_secs" | "from_secs_f64" | "from_secs_f32" => 1.0,
        "from_millis" => 1e-3,
        _ => return None,
    };
    let value = match strip_parens(call.args.first()?) {
        Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Int(n),
            ..
        }) => n.base10_parse::<f64>().ok()?,
        Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Float(f),
            ..
        }) => f.base10_parse::<f64>().ok()?,
        _ => return None,
    };
    Some(value * unit)
}

fn constant_duration(expr: &Expr) -> bool {
    match strip_parens(expr) {
        Expr::Lit(_) | Expr::Path(_) | Expr::Field(_) => true,
        Expr::Reference(r) => constant_duration(&r.expr),
        Expr::Binary(b) => constant_duration(&b.left) && constant_duration(&b.right),
        Expr::Call(c) => {
            let constructor = matches!(strip_parens(&c.func), Expr::Path(p) if p.path.segments.last().is_some_and(|s| {
                let s = s.ident.to_string();
                s.starts_with("from_") || s == "new"
            }));
            constructor && c.args.iter().all(constant_duration)
        }
        Expr::Cast(c) => constant_duration(&c.expr),
        _ => false,
    }
}

fn block_has_exit(block: &syn::Block) -> bool {
    let mut exits = Exits::default();
    exits.visit_block(block);
    exits.found
}

/// Finds a `break`/`return`/`bail!`/`Err(..)?` that leaves the loop being analysed.
#[derive(Default)]
struct Exits {
    found: bool,
}

impl<'ast> Visit<'ast> for Exits {
    stay_in_this_loop!();
    fn visit_expr(&mut self, e: &'ast Expr) {
        if direct_outcome(e, None) == Outcome::Exit || matches!(e, Expr::Try(_)) {
            self.found = true;
        }
        syn::visit::visit_expr(self, e);
    }
    fn visit_stmt_macro(&mut self, m: &'ast syn::StmtMacro) {
        if macro_outcome(&m.mac) == Outcome::Exit {
            self.found = true;
        }
    }
}

/// Whether anything is called at all.
#[derive(Default)]
struct Calls {
    any: bool,
}

impl<'ast> Visit<'ast> for Calls {
    fn visit_expr_call(&mut self, c: &'ast syn::ExprCall) {
        self.any = true;
        syn::visit::visit_expr_call(self, c);
    }
    fn visit_expr_method_call(&mut self, m: &'ast syn::ExprMethodCall) {
        self.any = true;
        syn::visit::visit_expr_method_call(self, m);
    }
    fn visit_expr_await(&mut self, a: &'ast syn::ExprAwait) {
        self.any = true;
        syn::visit::visit_expr_await(self, a);
    }
}

/// Identifiers named in an expression; whether it reads the clock; whether it calls
/// something whose result we cannot judge.
#[derive(Default)]
struct Names {
    idents: Vec<String>,
    clock: bool,
    opaque: bool,
}

impl<'ast> Visit<'ast> for Names {
    fn visit_expr_path(&mut self, p: &'ast syn::ExprPath) {
        if let Some(ident) = p.path.get_ident() {
            self.idents.push(ident.to_string());
        }
        let last = p.path.segments.last().map(|s| s.ident.to_string());
        if p.path.segments.len() >= 2 && last.as_deref() == Some("now") {
            self.clock = true;
        }
    }
    fn visit_expr_field(&mut self, f: &'ast syn::ExprField) {
        if let syn::Member::Named(n) = &f.member {
            self.idents.push(n.to_string());
        }
        syn::visit::visit_expr_field(self, f);
    }
    fn visit_expr_method_call(&mut self, m: &'ast syn::ExprMethodCall) {
        let name = m.method.to_string();
        if matches!(
            name.as_str(),
            "elapsed" | "is_elapsed" | "duration_since" | "saturating_duration_since"
        ) {
            self.clock = true;
        }
        self.opaque = true;
        syn::visit::visit_expr_method_call(self, m);
    }
    fn visit_expr_call(&mut self, c: &'ast syn::ExprCall) {
        let constructor = matches!(strip_parens(&c.func), Expr::Path(p) if p.path.segments.last().is_some_and(|s| {
            let s = s.ident.to_string();
            s.starts_with("from_") || s == "new" || s == "now"
        }));
        if !constructor {
            self.opaque = true;
        }
        syn::visit::visit_expr_call(self, c);
    }
    fn visit_expr_macro(&mut self, _: &'ast syn::ExprMacro) {
        self.opaque = true;
    }
}

/// The operands of comparisons (`<`, `<=`, `>`, `>=`, `==`, `!=`) in an expression.
#[derive(Default)]
struct Comparisons {
    operands: Vec<Expr>,
}

impl<'ast> Visit<'ast> for Comparisons {
    fn visit_expr_binary(&mut self, b: &'ast syn::ExprBinary) {
        use syn::BinOp::*;
        if matches!(b.op, Lt(_) | Le(_) | Gt(_) | Ge(_) | Eq(_) | Ne(_)) {
            self.operands.push((*b.left).clone());
            self.operands.push((*b.right).clone());
        }
        syn::visit::visit_expr_binary(self, b);
    }
}
