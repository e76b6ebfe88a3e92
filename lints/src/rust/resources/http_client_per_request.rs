use crate::context::{chain_root, Cx};
use crate::finding::Span;
use crate::rule::{hooks, Rule};
use crate::rust::repeated::{in_cached_initializer, RepeatedCode, Repeats};
use crate::rust::timeouts::http_client_without_timeout::UREQ_REQUESTS;

crate::declare_rule! {
    /// An HTTP client is a connection pool. Built per request or per loop iteration, each
    /// call opens a fresh TCP connection and TLS handshake, and every closed connection
    /// waits in TIME_WAIT: under load the service runs out of ephemeral ports and its
    /// outbound calls fail with "cannot assign requested address".
    ///
    /// ### Fires on
    /// ```rust,ignore
    /// async fn notify(Json(event): Json<Event>) -> StatusCode {
    ///     let client = reqwest::Client::new();                 // a new pool per request
    ///     client.post(WEBHOOK).json(&event).send().await ..
    /// }
    /// for url in urls {
    ///     let body = reqwest::get(url).await?.text().await?;   // `get` builds a client per call
    /// }
    /// ```
    /// ### Stays silent on
    /// ```rust,ignore
    /// static CLIENT: LazyLock<reqwest::Client> = LazyLock::new(reqwest::Client::new);
    /// async fn notify(State(app): State<App>, Json(event): Json<Event>) -> StatusCode {
    ///     app.client.post(WEBHOOK).json(&event).send().await ..  // built once, cloned
    /// }
    /// ```
    pub DEF = "http_client_per_request",
        hooks::CALL | hooks::METHOD_CALL,
        HttpClientPerRequest::default
}

/// Where the file's code runs once per item of an iterator.
#[derive(Default)]
pub struct HttpClientPerRequest {
    loops: RepeatedCode,
}

/// Calls that build a client (and its connection pool) on their own.
const CLIENTS: &[&str] = &[
    "reqwest::Client::new",
    "reqwest::Client::default",
    "reqwest::blocking::Client::new",
    "reqwest::blocking::Client::default",
    "ureq::agent",
    "ureq::Agent::new",
    "ureq::Agent::default",
    "ureq::Agent::new_with_defaults",
    "hyper::Client::new",
    "hyper::client::Client::new",
    "awc::Client::new",
    "awc::Client::default",
];

/// Convenience functions documented to build a new client on every call.
/// (ureq's free functions, [`UREQ_REQUESTS`], build a default agent each time too.)
const ONE_SHOT_REQUESTS: &[&str] = &["reqwest::get", "reqwest::blocking::get"];

/// Builders whose final call (`build`, `build_http`, `finish`, `new_agent`) makes a client.
const BUILDERS: &[&str] = &[
    "reqwest::Client::builder",
    "reqwest::ClientBuilder::new",
    "reqwest::blocking::Client::builder",
    "reqwest::blocking::ClientBuilder::new",
    "ureq::builder",
    "ureq::AgentBuilder::new",
    "ureq::Agent::config_builder",
    "hyper::Client::builder",
    "hyper::client::Client::builder",
    "hyper_util::client::legacy::Client::builder",
    "awc::Client::builder",
    "awc::ClientBuilder::new",
];

/// The calls that turn a builder into a client.
const BUILDS: &[&str] = &["build", "build_http", "finish", "new_agent"];

impl Rule for HttpClientPerRequest {
    fn check_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprCall, callee: &str) {
        if CLIENTS.contains(&callee) {
            self.check(cx, cx.span(call), "an HTTP client built");
        } else if ONE_SHOT_REQUESTS.contains(&callee) || UREQ_REQUESTS.contains(&callee) {
            let what = format!("`{callee}` builds a client for this one call, and it is");
            self.check(cx, cx.span(call), &what);
        }
    }

    fn check_method_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprMethodCall) {
        self.loops.on_method_call(cx, call);
        if !BUILDS.contains(&call.method.to_string().as_str()) {
            return;
        }
        let syn::Expr::Call(root) = chain_root(&call.receiver) else {
            return;
        };
        if cx
            .resolve_expr(&root.func)
            .is_some_and(|callee| BUILDERS.contains(&callee.as_str()))
        {
            self.check(cx, cx.span_between(root, call), "an HTTP client built");
        }
    }
}

impl HttpClientPerRequest {
    fn check(&self, cx: &mut Cx<'_>, span: Span, what: &str) {
        if in_cached_initializer(cx) {
            return;
        }
        let per_iteration = format!("{what} on every iteration");
        let per_request = format!("{what} on every request");
        let says = Repeats {
            rule: DEF.id,
            per_iteration: (&per_iteration, "a new connection pool, TCP and TLS handshake each time round"),
            per_request: (&per_request, "a new connection pool, TCP and TLS handshake per request"),
            help: "build one client at start-up (in `main`, the app state, or a `static LazyLock<Client>`) and clone it where needed: a client is a handle to a shared pool",
        };
        self.loops.report(cx, span, &says);
    }
}
