use crate::context::Cx;
use crate::finding::Finding;
use crate::rule::{hooks, Rule};
use crate::rust::retries::analyse_loop;

crate::declare_rule! {
    /// A retry loop with no attempt limit and no deadline never gives up: while a
    /// dependency is down every caller spins on it forever, requests pile up behind the
    /// stuck tasks, and when it comes back the whole fleet hits it at once.
    ///
    /// A retry loop is a loop whose body calls something fallible, leaves on success and
    /// goes round on the error. Accept loops and event loops go round on success too, so
    /// they are not retry loops.
    ///
    /// ### Fires on
    /// ```rust,ignore
    /// let conn = loop {
    ///     match TcpStream::connect(addr).await {
    ///         Ok(conn) => break conn,
    ///         Err(e) => { warn!(%e, "retrying"); sleep(Duration::from_secs(1)).await; }
    ///     }
    /// };
    /// while let Err(e) = client.post(url).send().await { sleep(delay).await; }
    /// ```
    /// ### Stays silent on
    /// ```rust,ignore
    /// for attempt in 0..5 { if let Ok(v) = fetch().await { return Ok(v) } sleep(backoff(attempt)).await; }
    /// loop {                                     // a counter compared against a bound
    ///     match fetch().await {
    ///         Ok(v) => break v,
    ///         Err(e) if attempts < MAX => { attempts += 1; sleep(d * attempts).await; }
    ///         Err(e) => return Err(e),
    ///     }
    /// }
    /// loop { let (stream, _) = listener.accept().await?; tokio::spawn(serve(stream)); }
    /// timeout(Duration::from_secs(30), async { loop { /* .. */ } }).await?;  // a deadline
    /// ```
    pub DEF = "unbounded_retry_loop", hooks::LOOP, UnboundedRetryLoop::default
}

/// Stateless: each loop is judged at its entry.
#[derive(Default)]
pub struct UnboundedRetryLoop;

impl Rule for UnboundedRetryLoop {
    fn check_loop(&mut self, cx: &mut Cx<'_>, expr: &syn::Expr) {
        let Some(retry) = analyse_loop(cx, expr) else {
            return;
        };
        if retry.bounded {
            return;
        }
        let finding = Finding::new(
            DEF.id,
            retry.keyword,
            "retry loop with no attempt limit or deadline",
            "retries this error forever",
        )
        .with_help("bound it: `for attempt in 0..MAX_ATTEMPTS`, or compare a counter or `Instant::elapsed()` against a limit and return the error; or use `backon`/`backoff`/`tokio-retry` with a max attempts or total delay");
        cx.report(finding);
    }
}
