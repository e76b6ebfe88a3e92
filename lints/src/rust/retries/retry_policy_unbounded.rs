use crate::context::{method_chain, strip_parens, Cx, Usage};
use crate::finding::{Finding, Span};
use crate::rule::{hooks, Rule};

crate::declare_rule! {
    /// A retry policy with no limit retries a dead dependency forever: callers never get
    /// an error to act on, tasks and connections pile up behind it, and the retries keep
    /// the dependency from recovering.
    ///
    /// ### Fires on
    /// ```rust,ignore
    /// let policy = backoff::ExponentialBackoff { max_elapsed_time: None, ..Default::default() };
    /// backoff::future::retry(policy, op).await?;
    /// backoff::future::retry(backoff::backoff::Constant::new(Duration::from_secs(1)), op).await?;
    /// Retry::spawn(ExponentialBackoff::from_millis(10).map(jitter), action).await?;   // tokio-retry: infinite iterator
    /// fetch.retry(ExponentialBuilder::default().without_max_times()).await?;          // backon
    /// ```
    /// Only a policy handed to a retry runner (`backoff::retry`, `Retry::spawn`, backon's
    /// `.retry(..)`) is flagged: an explicitly unlimited backoff stepped by hand with
    /// `next_backoff()` to pace an accept loop or a daemon's reconnect loop is a choice.
    ///
    /// ### Stays silent on
    /// ```rust,ignore
    /// let policy = backoff::ExponentialBackoff::default();       // gives up after 15 minutes
    /// Retry::spawn(ExponentialBackoff::from_millis(10).map(jitter).take(5), action).await?;
    /// let mut pace = ExponentialBackoff { max_elapsed_time: None, ..Default::default() };
    /// loop { if let Err(e) = listener.accept().await { sleep(pace.next_backoff().unwrap()).await } }
    /// fetch.retry(ExponentialBuilder::default().with_max_times(5)).await?;
    /// fetch.retry(ExponentialBuilder::default().without_max_times()
    ///     .with_total_delay(Some(Duration::from_secs(60)))).await?;
    /// ```
    pub DEF = "retry_policy_unbounded",
        hooks::CALL | hooks::METHOD_CALL | hooks::STRUCT_LIT | hooks::PATH | hooks::FN,
        RetryPolicyUnbounded::default
}

/// Unlimited policies bound to variables, per function, reported when handed to a runner.
#[derive(Default)]
pub struct RetryPolicyUnbounded {
    pending: Vec<Vec<(String, Finding)>>,
}

const TOKIO_RETRY_STRATEGIES: &[&str] = &[
    "tokio_retry::strategy::ExponentialBackoff::from_millis",
    "tokio_retry::strategy::FibonacciBackoff::from_millis",
    "tokio_retry::strategy::FixedInterval::from_millis",
    "tokio_retry::strategy::FixedInterval::new",
    "tokio_retry2::strategy::ExponentialBackoff::from_millis",
    "tokio_retry2::strategy::FibonacciBackoff::from_millis",
    "tokio_retry2::strategy::FixedInterval::from_millis",
    "tokio_retry2::strategy::FixedInterval::new",
];
/// Functions and methods that run an operation under a retry policy.
const RUNNERS: &[&str] = &[
    "tokio_retry::Retry::spawn",
    "tokio_retry::RetryIf::spawn",
    "tokio_retry2::Retry::spawn",
    "tokio_retry2::RetryIf::spawn",
    "backoff::retry",
    "backoff::retry_notify",
    "backoff::future::retry",
    "backoff::future::retry_notify",
    ".retry",
    ".retry_notify",
];
const BACKOFF_EXPONENTIAL: &[&str] = &[
    "backoff::ExponentialBackoff",
    "backoff::exponential::ExponentialBackoff",
];

fn is_none(expr: Option<&syn::Expr>) -> bool {
    matches!(expr.map(strip_parens), Some(syn::Expr::Path(p)) if p.path.is_ident("None"))
}

impl Rule for RetryPolicyUnbounded {
    fn check_fn(&mut self, _cx: &mut Cx<'_>, _body: &syn::Block) {
        self.pending.push(Vec::new());
    }

    fn check_fn_post(&mut self, _cx: &mut Cx<'_>, _body: &syn::Block) {
        self.pending.pop();
    }

    fn check_struct_lit(&mut self, cx: &mut Cx<'_>, expr: &syn::ExprStruct, path: &str) {
        if !BACKOFF_EXPONENTIAL.contains(&path) {
            return;
        }
        for field in &expr.fields {
            let named = matches!(&field.member, syn::Member::Named(n) if n == "max_elapsed_time");
            if named && is_none(Some(&field.expr)) {
                let finding = Finding::new(
                    DEF.id,
                    cx.span(field),
                    "exponential backoff with no maximum elapsed time retries forever",
                    "`max_elapsed_time: None` never gives up",
                )
                .with_help("keep a limit: `max_elapsed_time: Some(Duration::from_secs(60))` (the default is 15 minutes)");
                self.policy(cx, cx.usage().clone(), finding);
            }
        }
    }

    fn check_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprCall, callee: &str) {
        if callee == "backoff::backoff::Constant::new" && cx.is_chain_top() {
            let finding = Finding::new(
                DEF.id,
                cx.span(call),
                "constant backoff never stops retrying",
                "`Constant` has no limit",
            )
            .with_help(
                "use `ExponentialBackoffBuilder::new().with_max_elapsed_time(Some(..)).build()`",
            );
            self.policy(cx, cx.value_usage().clone(), finding);
        }
        if TOKIO_RETRY_STRATEGIES.contains(&callee) && cx.is_chain_top() {
            self.policy(
                cx,
                cx.value_usage().clone(),
                tokio_retry_finding(cx.span(call)),
            );
        }
    }

    fn check_method_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprMethodCall) {
        if !cx.is_chain_top() {
            return;
        }
        let chain = method_chain(call);
        let usage = cx.value_usage().clone();
        let root_path = cx.chain_root_path(call).unwrap_or_default();
        if root_path.starts_with("backoff::") {
            let unlimited = chain
                .iter()
                .find(|m| m.method == "with_max_elapsed_time" && is_none(m.args.first()));
            if let Some(m) = unlimited {
                let finding = Finding::new(
                    DEF.id,
                    cx.span_between(&m.method, *m),
                    "exponential backoff with no maximum elapsed time retries forever",
                    "`with_max_elapsed_time(None)` never gives up",
                )
                .with_help("pass a limit: `.with_max_elapsed_time(Some(Duration::from_secs(60)))`");
                self.policy(cx, usage, finding);
            }
            return;
        }
        let Some((root, callee)) = cx.chain_root_call(call) else {
            return;
        };
        if TOKIO_RETRY_STRATEGIES.contains(&callee.as_str()) {
            if !chain.iter().any(|m| m.method == "take") {
                self.policy(cx, usage, tokio_retry_finding(cx.span(root)));
            }
            return;
        }
        if callee.starts_with("backon::") {
            let unlimited = chain.iter().find(|m| m.method == "without_max_times");
            let total = chain
                .iter()
                .any(|m| m.method == "with_total_delay" && !is_none(m.args.first()));
            if let (Some(m), false) = (unlimited, total) {
                let finding = Finding::new(
                    DEF.id,
                    cx.span_between(&m.method, *m),
                    "backon policy with no maximum attempts and no total delay",
                    "retries forever",
                )
                .with_help("keep `.with_max_times(n)` (3 by default) or add `.with_total_delay(Some(Duration::from_secs(60)))`");
                self.policy(cx, usage, finding);
            }
        }
    }

    fn check_path(&mut self, cx: &mut Cx<'_>, expr: &syn::ExprPath) {
        let Some(name) = expr.path.get_ident().map(|i| i.to_string()) else {
            return;
        };
        let Some(pending) = self.pending.last_mut() else {
            return;
        };
        let Some(index) = pending.iter().rposition(|(v, _)| *v == name) else {
            return;
        };
        // Handed to a runner: report. `.take(n)` later, a manual `next_backoff()` loop that
        // paces an accept or reconnect loop, or somewhere we cannot follow: a choice.
        let (_, finding) = pending.remove(index);
        if is_runner(cx.usage()) {
            cx.report(finding);
        }
    }
}

impl RetryPolicyUnbounded {
    /// Reports an unlimited policy handed to a retry runner, or waits for the variable it
    /// is bound to.
    fn policy(&mut self, cx: &mut Cx<'_>, usage: Usage, finding: Finding) {
        match usage {
            usage if is_runner(&usage) => cx.report(finding),
            Usage::Let(names) if names.len() == 1 => {
                if let Some(pending) = self.pending.last_mut() {
                    pending.push((names[0].clone(), finding));
                }
            }
            _ => {}
        }
    }
}

/// An argument of `backoff::retry`, `tokio_retry::Retry::spawn`, backon's `.retry(..)`, ...
fn is_runner(usage: &Usage) -> bool {
    matches!(usage, Usage::Arg(c) if RUNNERS.contains(&c.as_str()))
}

fn tokio_retry_finding(span: Span) -> Finding {
    Finding::new(
        DEF.id,
        span,
        "tokio-retry strategy with no `.take(n)` retries forever",
        "an infinite iterator of delays",
    )
    .with_help("bound the strategy: `ExponentialBackoff::from_millis(10).map(jitter).take(5)`")
}
