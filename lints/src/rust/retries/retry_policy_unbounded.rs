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
    /// backoff::future::retry(backoff::backoff::Constant::new(Duration::from_secs(1)), op).await?;
    /// Retry::spawn(ExponentialBackoff::from_millis(10).map(jitter), action).await?;   // tokio-retry: infinite iterator
    /// fetch.retry(ExponentialBuilder::default().without_max_times()).await?;          // backon
    /// ```
    /// ### Stays silent on
    /// ```rust,ignore
    /// let policy = backoff::ExponentialBackoff::default();       // gives up after 15 minutes
    /// Retry::spawn(ExponentialBackoff::from_millis(10).map(jitter).take(5), action).await?;
    /// fetch.retry(ExponentialBuilder::default().with_max_times(5)).await?;
    /// fetch.retry(ExponentialBuilder::default().without_max_times()
    ///     .with_total_delay(Some(Duration::from_secs(60)))).await?;
    /// ```
    pub DEF = "retry_policy_unbounded",
        hooks::CALL | hooks::METHOD_CALL | hooks::STRUCT_LIT | hooks::PATH | hooks::FN,
        RetryPolicyUnbounded::default
}

/// tokio-retry strategies bound to variables with no `.take(n)` yet, per function.
#[derive(Default)]
pub struct RetryPolicyUnbounded {
    strategies: Vec<Vec<(String, Span)>>,
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
const TOKIO_RETRY_RUNNERS: &[&str] = &[
    "tokio_retry::Retry::spawn",
    "tokio_retry::RetryIf::spawn",
    "tokio_retry2::Retry::spawn",
    "tokio_retry2::RetryIf::spawn",
];
const BACKOFF_RUNNERS: &[&str] = &[
    "backoff::retry",
    "backoff::retry_notify",
    "backoff::future::retry",
    "backoff::future::retry_notify",
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
        self.strategies.push(Vec::new());
    }

    fn check_fn_post(&mut self, _cx: &mut Cx<'_>, _body: &syn::Block) {
        self.strategies.pop();
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
                cx.report(finding);
            }
        }
    }

    fn check_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprCall, callee: &str) {
        if callee == "backoff::backoff::Constant::new"
            && matches!(cx.usage(), Usage::Arg(c) if BACKOFF_RUNNERS.contains(&c.as_str()))
        {
            let finding = Finding::new(
                DEF.id,
                cx.span(call),
                "constant backoff never stops retrying",
                "`Constant` has no limit",
            )
            .with_help(
                "use `ExponentialBackoffBuilder::new().with_max_elapsed_time(Some(..)).build()`",
            );
            cx.report(finding);
        }
        if TOKIO_RETRY_STRATEGIES.contains(&callee) && cx.is_chain_top() {
            self.strategy_used(cx, cx.value_usage().clone(), cx.span(call));
        }
    }

    fn check_method_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprMethodCall) {
        if call.method == "with_max_elapsed_time" && is_none(call.args.first()) {
            if cx
                .chain_root_path(call)
                .is_some_and(|p| p.starts_with("backoff::"))
            {
                let finding = Finding::new(
                    DEF.id,
                    cx.span_between(&call.method, call),
                    "exponential backoff with no maximum elapsed time retries forever",
                    "`with_max_elapsed_time(None)` never gives up",
                )
                .with_help("pass a limit: `.with_max_elapsed_time(Some(Duration::from_secs(60)))`");
                cx.report(finding);
            }
        }
        if !cx.is_chain_top() {
            return;
        }
        let Some((root, callee)) = cx.chain_root_call(call) else {
            return;
        };
        let chain = method_chain(call);
        if TOKIO_RETRY_STRATEGIES.contains(&callee.as_str()) {
            if !chain.iter().any(|m| m.method == "take") {
                self.strategy_used(cx, cx.value_usage().clone(), cx.span(root));
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
                cx.report(finding);
            }
        }
    }

    fn check_path(&mut self, cx: &mut Cx<'_>, expr: &syn::ExprPath) {
        let Some(name) = expr.path.get_ident().map(|i| i.to_string()) else {
            return;
        };
        let Some(tracked) = self.strategies.last_mut() else {
            return;
        };
        let Some(index) = tracked.iter().rposition(|(v, _)| *v == name) else {
            return;
        };
        match cx.usage().clone() {
            Usage::Arg(c) if TOKIO_RETRY_RUNNERS.contains(&c.as_str()) => {
                let (_, span) = tracked.remove(index);
                cx.report(tokio_retry_finding(span));
            }
            _ => {
                // `.take(n)` later, or handed somewhere we cannot follow: assume bounded.
                tracked.remove(index);
            }
        }
    }
}

impl RetryPolicyUnbounded {
    fn strategy_used(&mut self, cx: &mut Cx<'_>, usage: Usage, span: Span) {
        match usage {
            Usage::Arg(c) if TOKIO_RETRY_RUNNERS.contains(&c.as_str()) => {
                cx.report(tokio_retry_finding(span))
            }
            Usage::Let(names) if names.len() == 1 => {
                if let Some(tracked) = self.strategies.last_mut() {
                    tracked.push((names[0].clone(), span));
                }
            }
            _ => {}
        }
    }
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
