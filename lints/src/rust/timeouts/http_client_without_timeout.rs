use crate::context::{chain_root, method_chain, Cx, Usage};
use crate::finding::{Finding, Span};
use crate::rule::{hooks, Rule};

crate::declare_rule! {
    /// An HTTP client with no timeout waits forever on a peer that accepted the
    /// connection and never answers: the request, its task and its pooled connection hang,
    /// and under load every worker ends up waiting on the same dead dependency.
    ///
    /// ### Fires on
    /// ```rust,ignore
    /// let client = reqwest::Client::new();                  // async client: no default timeout
    /// let body = reqwest::get(url).await?.text().await?;    // a default client, no timeout
    /// let client = reqwest::Client::builder()
    ///     .connect_timeout(Duration::from_secs(2))          // bounds only the connect
    ///     .build()?;
    /// let blocking = reqwest::blocking::Client::builder()
    ///     .timeout(None)                                    // disables the 30 s default
    ///     .build()?;
    /// ```
    /// ### Stays silent on
    /// ```rust,ignore
    /// let client = reqwest::Client::builder().timeout(Duration::from_secs(30)).build()?;
    /// let client = reqwest::Client::new();                  // every request bounded here
    /// client.get(url).timeout(Duration::from_secs(5)).send().await?;
    /// let blocking = reqwest::blocking::Client::new();      // 30 s default
    /// ```
    pub DEF = "http_client_without_timeout",
        hooks::CALL | hooks::METHOD_CALL | hooks::PATH | hooks::FN,
        HttpClientWithoutTimeout::default
}

/// Clients and builders bound to variables, per enclosing function, decided at its end.
#[derive(Default)]
pub struct HttpClientWithoutTimeout {
    functions: Vec<Vec<Tracked>>,
}

/// A variable holding an async reqwest client or builder with no timeout yet.
struct Tracked {
    var: String,
    span: Span,
    kind: TrackedKind,
    /// Requests sent through it in this function, and whether one lacked a timeout.
    requests: usize,
    request_without_timeout: bool,
    /// Used other than to send requests: cloned, returned, stored, passed on.
    escaped: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum TrackedKind {
    Client,
    Builder { timeout: bool },
}

const ASYNC_CLIENT_NEW: &[&str] = &["reqwest::Client::new", "reqwest::Client::default"];
const ASYNC_BUILDERS: &[&str] = &[
    "reqwest::Client::builder",
    "reqwest::ClientBuilder::new",
    "reqwest::ClientBuilder::default",
];
const BLOCKING_BUILDERS: &[&str] = &[
    "reqwest::blocking::Client::builder",
    "reqwest::blocking::ClientBuilder::new",
    "reqwest::blocking::ClientBuilder::default",
];
const REQUEST_METHODS: &[&str] = &["get", "post", "put", "patch", "delete", "head", "request"];
/// Builder settings that bound a whole response (a connect timeout alone does not).
const TIMEOUT_METHODS: &[&str] = &["timeout", "read_timeout"];
const TIMEOUT_WRAPPERS: &[&str] = &["tokio::time::timeout", "async_std::future::timeout"];

impl Rule for HttpClientWithoutTimeout {
    fn check_fn(&mut self, _cx: &mut Cx<'_>, _body: &syn::Block) {
        self.functions.push(Vec::new());
    }

    fn check_fn_post(&mut self, cx: &mut Cx<'_>, _body: &syn::Block) {
        for tracked in self.functions.pop().unwrap_or_default() {
            let unbounded =
                tracked.escaped || tracked.requests == 0 || tracked.request_without_timeout;
            if tracked.kind == TrackedKind::Client && unbounded {
                cx.report(client_finding(tracked.span));
            }
        }
    }

    fn check_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprCall, callee: &str) {
        if callee == "reqwest::get" {
            let finding = Finding::new(DEF.id, cx.span(call), "`reqwest::get` sends through a client with no timeout", "no timeout on this request")
                .with_help("build one client with `.timeout(Duration::from_secs(30))` and reuse it for every request");
            cx.report(finding);
            return;
        }
        let is_client = ASYNC_CLIENT_NEW.contains(&callee);
        if !is_client && !ASYNC_BUILDERS.contains(&callee) {
            return;
        }
        let kind = if is_client {
            TrackedKind::Client
        } else {
            TrackedKind::Builder { timeout: false }
        };
        if cx.is_chain_top() {
            // A call that is a chain's receiver is decided by the chain in check_method_call.
            self.bind_or_report(cx, cx.value_usage().clone(), cx.span(call), kind);
        }
    }

    fn check_method_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprMethodCall) {
        if !cx.is_chain_top() {
            return; // only the outermost call of a chain looks at the whole chain
        }
        let chain = method_chain(call);
        let has = |names: &[&str]| chain.iter().any(|m| names.iter().any(|n| m.method == n));
        let root = chain_root(&call.receiver);
        if let syn::Expr::Call(root_call) = root {
            let callee = cx.resolve_expr(&root_call.func).unwrap_or_default();
            if BLOCKING_BUILDERS.contains(&callee.as_str()) {
                report_disabled_timeout(cx, &chain);
            } else if ASYNC_BUILDERS.contains(&callee.as_str()) {
                let kind = if has(&["build"]) {
                    TrackedKind::Client
                } else {
                    TrackedKind::Builder {
                        timeout: has(TIMEOUT_METHODS),
                    }
                };
                if !has(TIMEOUT_METHODS) || kind != TrackedKind::Client {
                    self.bind_or_report(cx, cx.value_usage().clone(), cx.span(root_call), kind);
                }
            } else if ASYNC_CLIENT_NEW.contains(&callee.as_str())
                && !self.request_bounded(cx, &chain)
            {
                cx.report(client_finding(cx.span(root_call)));
            }
            return;
        }
        let Some(var) = crate::context::ident_of(root) else {
            return;
        };
        let usage = cx.value_usage().clone();
        let bounded = self.request_bounded(cx, &chain);
        let Some(tracked) = self.find(&var) else {
            return;
        };
        match tracked.kind {
            TrackedKind::Client if has(REQUEST_METHODS) => {
                tracked.requests += 1;
                tracked.request_without_timeout |= !bounded;
            }
            TrackedKind::Builder { timeout } => {
                let timeout = timeout || has(TIMEOUT_METHODS);
                let kind = if has(&["build"]) {
                    TrackedKind::Client
                } else {
                    TrackedKind::Builder { timeout }
                };
                if !(timeout && kind == TrackedKind::Client) {
                    let span = tracked.span;
                    self.bind_or_report(cx, usage, span, kind);
                }
            }
            TrackedKind::Client => {}
        }
    }

    fn check_path(&mut self, cx: &mut Cx<'_>, expr: &syn::ExprPath) {
        let [segment] = expr.path.segments.iter().collect::<Vec<_>>()[..] else {
            return;
        };
        let name = segment.ident.to_string();
        let usage = cx.usage().clone();
        let Some(tracked) = self.find(&name) else {
            return;
        };
        let sends = matches!(&usage, Usage::Receiver(m) if match tracked.kind {
            TrackedKind::Client => REQUEST_METHODS.contains(&m.as_str()),
            TrackedKind::Builder { .. } => true,
        });
        if !sends {
            tracked.escaped = true;
        }
    }
}

impl HttpClientWithoutTimeout {
    fn find(&mut self, var: &str) -> Option<&mut Tracked> {
        self.functions
            .last_mut()?
            .iter_mut()
            .rev()
            .find(|t| t.var == var)
    }

    /// Tracks a client or builder bound by `let`; reports a client that goes anywhere else.
    fn bind_or_report(&mut self, cx: &mut Cx<'_>, usage: Usage, span: Span, kind: TrackedKind) {
        let bound = match (&usage, self.functions.last_mut()) {
            (Usage::Let(names), Some(tracked)) if names.len() == 1 && names[0] != "_" => {
                tracked.push(Tracked {
                    var: names[0].clone(),
                    span,
                    kind,
                    requests: 0,
                    request_without_timeout: false,
                    escaped: false,
                });
                true
            }
            _ => false,
        };
        if !bound && kind == TrackedKind::Client {
            cx.report(client_finding(span));
        }
    }

    /// True when a request chain sets its own timeout or is wrapped in one.
    fn request_bounded(&self, cx: &Cx<'_>, chain: &[&syn::ExprMethodCall]) -> bool {
        chain.iter().any(|m| m.method == "timeout")
            || cx.usages().any(
                |u| matches!(u, Usage::Arg(callee) if TIMEOUT_WRAPPERS.contains(&callee.as_str())),
            )
    }
}

fn client_finding(span: Span) -> Finding {
    Finding::new(
        DEF.id,
        span,
        "reqwest client built without a timeout",
        "no timeout on this client",
    )
}

/// `.timeout(None)` on a blocking builder turns off its 30 s default.
fn report_disabled_timeout(cx: &mut Cx<'_>, chain: &[&syn::ExprMethodCall]) {
    for m in chain {
        let disables = m.method == "timeout"
            && matches!(m.args.first(), Some(syn::Expr::Path(p)) if p.path.is_ident("None"));
        if disables {
            let span = cx.span_between(&m.method, m);
            let finding = Finding::new(
                DEF.id,
                span,
                "reqwest blocking client with its 30 s default timeout disabled",
                "`timeout(None)` waits forever",
            )
            .with_help("pass a bound instead: `.timeout(Duration::from_secs(30))`");
            cx.report(finding);
        }
    }
}
