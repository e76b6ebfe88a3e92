use crate::context::Cx;
use crate::facts::{keys, Condition};
use crate::finding::Finding;
use crate::rule::{hooks, Rule};

crate::declare_rule! {
    /// Containers, Kubernetes and systemd stop a process with SIGTERM; `ctrl_c()` is SIGINT
    /// only, so a service wired to it alone is killed mid-request on every deploy (and as
    /// PID 1 it ignores SIGTERM until the SIGKILL after the grace period).
    ///
    /// ### Fires on
    /// ```rust,ignore
    /// axum::serve(listener, app)
    ///     .with_graceful_shutdown(async { tokio::signal::ctrl_c().await.ok(); })
    ///     .await?;
    /// ctrlc::set_handler(move || stop.store(true, SeqCst))?;   // without the `termination` feature
    /// ```
    /// ### Stays silent on
    /// ```rust,ignore
    /// let mut term = signal(SignalKind::terminate())?;
    /// tokio::select! { _ = tokio::signal::ctrl_c() => {}, _ = term.recv() => {} }
    /// ```
    /// SIGTERM handled anywhere in the package (tokio `SignalKind::terminate`, signal-hook's
    /// `SIGTERM`/`TERM_SIGNALS`, ctrlc with its `termination` feature, actix-web's own
    /// handler) silences every `ctrl_c` of the package; so does a Dockerfile whose
    /// `STOPSIGNAL` is the SIGINT the code waits for (`docker stop` then sends SIGINT).
    pub DEF = "sigterm_not_handled", hooks::CALL, SigtermNotHandled::default
}

/// Stateless: each Ctrl-C handler is checked against the package's facts.
#[derive(Default)]
pub struct SigtermNotHandled;

const CTRL_C: &[&str] = &[
    "tokio::signal::ctrl_c",
    "ctrlc::set_handler",
    "ctrlc::try_set_handler",
    "async_ctrlc::CtrlC::new",
];

impl Rule for SigtermNotHandled {
    fn check_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprCall, callee: &str) {
        if !CTRL_C.contains(&callee) {
            return;
        }
        let short = callee.rsplit("::").next().unwrap_or(callee);
        let finding = Finding::new(
            DEF.id,
            cx.span(call),
            format!("shutdown waits for `{short}` (SIGINT) but SIGTERM is never handled"),
            "SIGINT only: `docker stop` and Kubernetes send SIGTERM",
        );
        // Silent when SIGTERM is handled, or when the image's STOPSIGNAL is the signal
        // that is handled: then SIGTERM is not what stops the service.
        cx.report(finding.when(Condition::All(vec![
            Condition::has(keys::HANDLES_SIGTERM).negate(),
            Condition::has(keys::STOPPED_BY_HANDLED_SIGNAL).negate(),
        ])));
    }
}
