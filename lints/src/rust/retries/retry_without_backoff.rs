use crate::context::{Cx, Frame, HandlerEvidence};
use crate::facts::{keys, Condition};
use crate::finding::Finding;
use crate::rule::{hooks, Rule};
use crate::rust::retries::{analyse_loop, Delay};

crate::declare_rule! {
    /// Retries with no delay, or a fixed delay with no jitter, hammer a struggling
    /// dependency: every client that failed together retries together (a thundering
    /// herd), so the peer that was slow is pushed over and cannot recover.
    ///
    /// ### Fires on
    /// ```rust,ignore
    /// for _ in 0..3 {                                  // back to back
    ///     if let Ok(v) = fetch().await { return Ok(v) }
    /// }
    /// for _ in 0..5 {
    ///     match fetch().await {
    ///         Ok(v) => return Ok(v),
    ///         Err(_) => tokio::time::sleep(Duration::from_secs(1)).await,  // same delay each time
    ///     }
    /// }
    /// ```
    /// ### Stays silent on
    /// ```rust,ignore
    /// for attempt in 0..5 {
    ///     match fetch().await {
    ///         Ok(v) => return Ok(v),
    ///         Err(_) => sleep(Duration::from_millis(100 * 2u64.pow(attempt))).await,  // grows
    ///     }
    /// }
    /// Retry::spawn(ExponentialBackoff::from_millis(10).map(jitter).take(3), fetch).await?;
    /// for _ in 0..self.attempts {                  // a resolver's attempts, back to back
    ///     if let Ok(m) = self.lookup_inner(msg.clone()).await { return Ok(m) }
    /// }
    /// for end in limit..body.len() {               // a search over candidates, not a retry
    ///     if let Ok(text) = std::str::from_utf8(&body[..end]) { return text }
    /// }
    /// ```
    pub DEF = "retry_without_backoff", hooks::LOOP, RetryWithoutBackoff::default
}

/// Stateless: each loop is judged at its entry.
#[derive(Default)]
pub struct RetryWithoutBackoff;

impl Rule for RetryWithoutBackoff {
    fn check_loop(&mut self, cx: &mut Cx<'_>, expr: &syn::Expr) {
        let Some(retry) = analyse_loop(cx, expr) else {
            return;
        };
        if retry.name_lookup && retry.bounded {
            return;
        }
        // A few attempts seconds apart in code that runs once (waiting for the database
        // at start-up, an operator's migration command): too sparse to make a herd.
        let sparse = retry.bounded && retry.constant_seconds.is_some_and(|s| s >= 1.0);
        let once = sparse && !runs_many_at_once(cx);
        if once && cx.enclosing_fn().is_none_or(|f| f.is_main) {
            return;
        }
        let finding = match retry.delay {
            Delay::Varying => return,
            Delay::None => Finding::new(
                DEF.id,
                retry.keyword,
                "retry loop retries immediately, with no delay",
                "goes round at once on error",
            ),
            Delay::Constant(span) => Finding::new(
                DEF.id,
                span,
                "retry loop waits a constant delay with no jitter",
                "every failed caller retries at the same moment",
            ),
        };
        let finding = finding.with_help("sleep an exponentially growing, jittered delay (`100ms * 2^attempt` plus a random part), or use `backon::ExponentialBuilder::default().with_jitter()` / `tokio_retry::strategy::ExponentialBackoff` with `.map(jitter)`");
        match cx.enclosing_fn() {
            // Sparse retries in a helper matter only where the helper runs per request or event.
            Some(function) if once => cx.report(finding.when(Condition::has_named(
                keys::RUNTIME_FN,
                crate::rust::call_graph::fn_key(function),
            ))),
            _ => cx.report(finding),
        }
    }
}

/// In a request handler, a spawned task or an outer loop: many copies of the retry
/// loop can run at once.
fn runs_many_at_once(cx: &Cx<'_>) -> bool {
    cx.request_handler() == HandlerEvidence::Certain
        || cx.frames().any(|frame| match frame {
            Frame::Loop => true,
            Frame::Async {
                arg_of: Some(callee),
            }
            | Frame::Closure {
                arg_of: Some(callee),
                ..
            } => callee.ends_with("spawn") || callee.ends_with("spawn_local"),
            _ => false,
        })
}
