use crate::context::{chain_root, method_chain, strip_parens, Cx, Usage};
use crate::facts::{Condition, Fact};
use crate::finding::{Finding, Span};
use crate::rule::{hooks, Rule};

crate::declare_rule! {
    /// An HTTP client with no timeout waits forever on a peer that accepted the
    /// connection and never answers: the request, its task and its pooled connection hang,
    /// and under load every worker ends up waiting on the same dead dependency.
    ///
    /// The async reqwest client, ureq 2 (no read timeout) and ureq 3 (no timeout at all)
    /// agents and hyper clients have no default total timeout; the blocking reqwest client
    /// (30 s) and awc (5 s) do, and are flagged only when it is disabled.
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
    /// let agent = ureq::agent();                            // ureq 2: reads never time out
    /// let body = ureq::get(url).call()?.into_string()?;
    /// let agent: ureq::Agent = ureq::Agent::config_builder().timeout_global(None).build().into();
    /// let client = hyper_util::client::legacy::Client::builder(TokioExecutor::new()).build_http();
    /// let response = client.request(req).await?;           // hyper: no timeout wrapper
    /// ```
    /// ### Stays silent on
    /// ```rust,ignore
    /// let client = reqwest::Client::builder().timeout(Duration::from_secs(30)).build()?;
    /// let client = reqwest::Client::new();                  // every request bounded here
    /// client.get(url).timeout(Duration::from_secs(5)).send().await?;
    /// Self { client }                                       // every `self.client` request
    ///                                                       // in the package sets a timeout
    /// let blocking = reqwest::blocking::Client::new();      // 30 s default
    /// let agent = ureq::AgentBuilder::new().timeout(Duration::from_secs(10)).build();
    /// let body = ureq::get(url).timeout(Duration::from_secs(5)).call()?;
    /// let response = tokio::time::timeout(d, hyper_client.request(req)).await??;
    /// let client = awc::Client::new();                      // 5 s default
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

/// A variable holding a client or builder with no timeout yet.
struct Tracked {
    var: String,
    span: Span,
    kind: TrackedKind,
    lib: &'static Lib,
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

/// A client library with no default total timeout: how its clients and builders are
/// made, and what bounds them.
struct Lib {
    name: &'static str,
    clients: &'static [&'static str],
    builders: &'static [&'static str],
    /// Builder settings that bound a whole response (a connect timeout alone does not).
    bounds: &'static [&'static str],
    /// Builder calls that produce the client (or its config).
    builds: &'static [&'static str],
    /// The client can take a timeout in its builder: an escaped client is reported.
    configurable: bool,
    fix: &'static str,
}

const LIBS: &[Lib] = &[
    Lib {
        name: "reqwest",
        clients: &["reqwest::Client::new", "reqwest::Client::default"],
        builders: &[
            "reqwest::Client::builder",
            "reqwest::ClientBuilder::new",
            "reqwest::ClientBuilder::default",
        ],
        bounds: &["timeout", "read_timeout"],
        builds: &["build"],
        configurable: true,
        fix: "set a total timeout on the builder: `reqwest::Client::builder().timeout(Duration::from_secs(30)).build()?`",
    },
    Lib {
        name: "ureq",
        clients: &[
            "ureq::agent",
            "ureq::Agent::new",
            "ureq::Agent::default",
            "ureq::Agent::new_with_defaults",
        ],
        builders: &[
            "ureq::AgentBuilder::new",
            "ureq::builder",
            "ureq::Agent::config_builder",
            "ureq::config::Config::builder",
            "ureq::Config::builder",
        ],
        bounds: &[
            "timeout",
            "timeout_read",
            "timeout_global",
            "timeout_per_call",
            "timeout_recv_response",
        ],
        builds: &["build", "new_agent"],
        configurable: true,
        fix: "ureq 2: `ureq::AgentBuilder::new().timeout(Duration::from_secs(30)).build()`; ureq 3: `Agent::config_builder().timeout_global(Some(Duration::from_secs(30))).build().into()`",
    },
    Lib {
        name: "hyper",
        clients: &["hyper::Client::new", "hyper::client::Client::new"],
        builders: &[
            "hyper::Client::builder",
            "hyper::client::Client::builder",
            "hyper_util::client::legacy::Client::builder",
        ],
        bounds: &[],
        builds: &["build", "build_http"],
        configurable: false,
        fix: "wrap each request: `tokio::time::timeout(Duration::from_secs(30), client.request(req)).await??`, or serve the client through `tower::ServiceBuilder::new().timeout(..)`",
    },
];

/// Blocking clients with a default timeout that a builder call can turn off.
const DEFAULTED_BUILDERS: &[(&str, &str)] = &[
    (
        "reqwest::blocking::Client::builder",
        "reqwest blocking client with its 30 s default timeout disabled",
    ),
    (
        "reqwest::blocking::ClientBuilder::new",
        "reqwest blocking client with its 30 s default timeout disabled",
    ),
    (
        "reqwest::blocking::ClientBuilder::default",
        "reqwest blocking client with its 30 s default timeout disabled",
    ),
    (
        "awc::Client::builder",
        "awc client with its 5 s default timeout disabled",
    ),
    (
        "awc::ClientBuilder::new",
        "awc client with its 5 s default timeout disabled",
    ),
];

/// ureq's free request functions (through a default agent).
pub const UREQ_REQUESTS: &[&str] = &[
    "ureq::get",
    "ureq::post",
    "ureq::put",
    "ureq::patch",
    "ureq::delete",
    "ureq::head",
    "ureq::options",
    "ureq::trace",
    "ureq::request",
    "ureq::request_url",
];
/// Calls that send a ureq request.
const UREQ_SENDS: &[&str] = &[
    "call",
    "send",
    "send_json",
    "send_string",
    "send_form",
    "send_bytes",
    "send_empty",
];
const REQUEST_METHODS: &[&str] = &["get", "post", "put", "patch", "delete", "head", "request"];
/// Per-request settings that bound the request (reqwest, ureq 2, ureq 3).
const REQUEST_BOUNDS: &[&str] = &["timeout", "timeout_global", "timeout_per_call"];
/// Facts: a request sent through `self.<value>` sets (or lacks) its own timeout.
const REQUEST_BOUNDED: &str = "http_request_bounded";
const REQUEST_UNBOUNDED: &str = "http_request_unbounded";

fn is_none(expr: Option<&syn::Expr>) -> bool {
    matches!(expr.map(strip_parens), Some(syn::Expr::Path(p)) if p.path.is_ident("None"))
}

/// A chain sets one of `names` to a bound (not `None`).
fn sets(chain: &[&syn::ExprMethodCall], names: &[&str]) -> bool {
    chain
        .iter()
        .any(|m| names.iter().any(|n| m.method == n) && !is_none(m.args.first()))
}

fn lib_of(callee: &str) -> Option<(&'static Lib, bool)> {
    LIBS.iter().find_map(|lib| {
        if lib.clients.contains(&callee) {
            Some((lib, true))
        } else if lib.builders.contains(&callee) {
            Some((lib, false))
        } else {
            None
        }
    })
}

impl Rule for HttpClientWithoutTimeout {
    fn check_fn(&mut self, _cx: &mut Cx<'_>, _body: &syn::Block) {
        self.functions.push(Vec::new());
    }

    fn check_fn_post(&mut self, cx: &mut Cx<'_>, _body: &syn::Block) {
        for tracked in self.functions.pop().unwrap_or_default() {
            let escaped = tracked.escaped && tracked.lib.configurable;
            let unbounded = escaped
                || (tracked.requests == 0 && tracked.lib.configurable)
                || tracked.request_without_timeout;
            if tracked.kind == TrackedKind::Client && unbounded {
                let mut finding = client_finding(tracked.span, tracked.lib);
                if escaped && tracked.requests == 0 {
                    // Stored as `Self { client }`: silent when every request the package
                    // sends through `self.client` sets its own timeout.
                    let every_request_bounded = Condition::All(vec![
                        Condition::has_named(REQUEST_BOUNDED, tracked.var.clone()),
                        Condition::has_named(REQUEST_UNBOUNDED, tracked.var.clone()).negate(),
                    ]);
                    finding = finding.when(every_request_bounded.negate());
                }
                cx.report(finding);
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
        let Some((lib, is_client)) = lib_of(callee) else {
            return;
        };
        let kind = if is_client {
            TrackedKind::Client
        } else {
            TrackedKind::Builder { timeout: false }
        };
        if cx.is_chain_top() {
            // A call that is a chain's receiver is decided by the chain in check_method_call.
            self.bind_or_report(cx, cx.value_usage().clone(), cx.span(call), kind, lib);
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
            if let Some((_, message)) = DEFAULTED_BUILDERS.iter().find(|(b, _)| *b == callee) {
                report_disabled_timeout(cx, &chain, message);
            } else if UREQ_REQUESTS.contains(&callee.as_str()) {
                if has(UREQ_SENDS) && !sets(&chain, REQUEST_BOUNDS) {
                    let finding = Finding::new(DEF.id, cx.span(root_call), format!("`{callee}` sends through an agent with no timeout"), "no timeout on this request")
                        .with_help("set one on the request (ureq 2: `.timeout(Duration::from_secs(30))`; ureq 3: `.config().timeout_global(Some(..)).build()`), or build one agent with a global timeout and reuse it");
                    cx.report(finding);
                }
            } else if let Some((lib, is_client)) = lib_of(&callee) {
                if is_client {
                    if !self.request_bounded(cx, &chain) {
                        cx.report(client_finding(cx.span(root_call), lib));
                    }
                    return;
                }
                let timeout = sets(&chain, lib.bounds);
                let kind = if has(lib.builds) {
                    TrackedKind::Client
                } else {
                    TrackedKind::Builder { timeout }
                };
                if !timeout || kind != TrackedKind::Client {
                    self.bind_or_report(
                        cx,
                        cx.value_usage().clone(),
                        cx.span(root_call),
                        kind,
                        lib,
                    );
                }
            }
            return;
        }
        let Some(var) = crate::context::ident_of(root) else {
            return;
        };
        let usage = cx.value_usage().clone();
        let bounded = self.request_bounded(cx, &chain);
        if let (Some(field), true) = (var.strip_prefix("self."), has(REQUEST_METHODS)) {
            // Requests through a client kept in a struct field, for the function that built it.
            let key = if bounded {
                REQUEST_BOUNDED
            } else {
                REQUEST_UNBOUNDED
            };
            cx.fact(Fact::named(key, field));
        }
        let Some(tracked) = self.find(&var) else {
            return;
        };
        match tracked.kind {
            TrackedKind::Client if has(REQUEST_METHODS) => {
                tracked.requests += 1;
                tracked.request_without_timeout |= !bounded;
            }
            TrackedKind::Builder { timeout } => {
                let lib = tracked.lib;
                let timeout = timeout || sets(&chain, lib.bounds);
                let kind = if has(lib.builds) {
                    TrackedKind::Client
                } else {
                    TrackedKind::Builder { timeout }
                };
                if kind != TrackedKind::Client && !matches!(usage, Usage::Let(_)) {
                    // `builder = builder.timeout(d)` (often under an `if`): the same builder.
                    tracked.kind = kind;
                    return;
                }
                if !(timeout && kind == TrackedKind::Client) {
                    let span = tracked.span;
                    self.bind_or_report(cx, usage, span, kind, lib);
                }
            }
            TrackedKind::Client => {}
        }
    }

    fn check_path(&mut self, cx: &mut Cx<'_>, expr: &syn::ExprPath) {
        // Every path expression comes here: nothing tracked, nothing to look up.
        if self.functions.last().is_none_or(Vec::is_empty) || expr.path.segments.len() != 1 {
            return;
        }
        let name = expr.path.segments[0].ident.to_string();
        let Some(tracked) = self.find(&name) else {
            return;
        };
        let sends = matches!(cx.usage(), Usage::Receiver(m) if match tracked.kind {
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

    /// Tracks a client or builder bound by `let`; reports a client that goes anywhere
    /// else (when its library takes a timeout in the builder).
    fn bind_or_report(
        &mut self,
        cx: &mut Cx<'_>,
        usage: Usage,
        span: Span,
        kind: TrackedKind,
        lib: &'static Lib,
    ) {
        let bound = match (&usage, self.functions.last_mut()) {
            (Usage::Let(names), Some(tracked)) if names.len() == 1 && names[0] != "_" => {
                tracked.push(Tracked {
                    var: names[0].clone(),
                    span,
                    kind,
                    lib,
                    requests: 0,
                    request_without_timeout: false,
                    escaped: false,
                });
                true
            }
            _ => false,
        };
        if !bound && kind == TrackedKind::Client && lib.configurable {
            cx.report(client_finding(span, lib));
        }
    }

    /// True when a request chain sets its own timeout or is wrapped in one.
    fn request_bounded(&self, cx: &Cx<'_>, chain: &[&syn::ExprMethodCall]) -> bool {
        sets(chain, REQUEST_BOUNDS) || cx.under_timeout() || cx.in_macro("tokio::select")
    }
}

fn client_finding(span: Span, lib: &Lib) -> Finding {
    let message = if lib.configurable {
        format!("{} client built without a timeout", lib.name)
    } else {
        format!("{} client sends requests with no timeout", lib.name)
    };
    let finding = Finding::new(DEF.id, span, message, "no timeout on this client");
    if lib.name == "reqwest" {
        finding // the catalogue's help is the reqwest fix
    } else {
        finding.with_help(lib.fix)
    }
}

/// `.timeout(None)` on a blocking reqwest builder, `.disable_timeout()` on awc's.
fn report_disabled_timeout(cx: &mut Cx<'_>, chain: &[&syn::ExprMethodCall], message: &str) {
    for m in chain {
        let disables =
            (m.method == "timeout" && is_none(m.args.first())) || m.method == "disable_timeout";
        if disables {
            let span = cx.span_between(&m.method, *m);
            let finding = Finding::new(DEF.id, span, message, "no timeout: waits forever")
                .with_help("pass a bound instead: `.timeout(Duration::from_secs(30))`");
            cx.report(finding);
        }
    }
}
