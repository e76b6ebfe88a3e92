use crate::context::{chain_root, strip_parens, Cx, HandlerEvidence};
use crate::finding::Finding;
use crate::rule::{hooks, Rule};

crate::declare_rule! {
    /// A request handler that unwraps the result of parsing, decoding or I/O panics on the
    /// first malformed request or failing dependency: the client gets a reset instead of
    /// a 4xx/5xx, and with `panic = "abort"` every other request in flight dies with it.
    ///
    /// ### Fires on
    /// ```rust,ignore
    /// async fn get_user(Path(id): Path<String>, State(db): State<PgPool>) -> Json<User> {
    ///     let id: i64 = id.parse().unwrap();
    ///     let user = sqlx::query_as("select * from users where id = $1")
    ///         .bind(id).fetch_one(&db).await.unwrap();
    ///     Json(user)
    /// }
    /// async fn webhook(headers: HeaderMap, body: Bytes) {
    ///     let sig = headers.get("x-signature").unwrap().to_str().unwrap();
    ///     let event: Event = serde_json::from_slice(&body).expect("valid json");
    /// }
    /// ```
    /// ### Stays silent on
    /// ```rust,ignore
    /// async fn get_user(Path(id): Path<i64>, State(state): State<AppState>) -> Result<Json<User>, AppError> {
    ///     let cache = state.cache.lock().unwrap();          // poisoning is a bug elsewhere
    ///     let addr: SocketAddr = "127.0.0.1:80".parse().unwrap(); // a constant
    ///     Ok(Json(state.load(id).await?))
    /// }
    /// fn main() { let port: u16 = std::env::var("PORT").unwrap().parse().unwrap(); } // start-up
    /// ```
    pub DEF = "unwrap_in_request_path", hooks::METHOD_CALL | hooks::LOCAL | hooks::FN, UnwrapInRequestPath::default
}

/// Per function: the locals bound to a literal (`let v = "text/plain";`), whose parse
/// cannot fail at run time.
#[derive(Default)]
pub struct UnwrapInRequestPath {
    literal_locals: Vec<Vec<String>>,
}

/// Functions whose `Result` says a parse, a decode or an I/O failed, by resolved path.
const FALLIBLE_CALLS: &[(&str, &str)] = &[
    ("serde_json::from_str", "a JSON decode"),
    ("serde_json::from_slice", "a JSON decode"),
    ("serde_json::from_value", "a JSON decode"),
    ("serde_json::from_reader", "a JSON decode"),
    ("serde_yaml::from_str", "a YAML decode"),
    ("serde_yaml::from_slice", "a YAML decode"),
    ("toml::from_str", "a TOML decode"),
    ("serde_urlencoded::from_str", "a form decode"),
    ("serde_urlencoded::from_bytes", "a form decode"),
    ("serde_qs::from_str", "a query decode"),
    ("bincode::deserialize", "a bincode decode"),
    ("rmp_serde::from_slice", "a MessagePack decode"),
    ("std::str::from_utf8", "a UTF-8 decode"),
    ("String::from_utf8", "a UTF-8 decode"),
    ("std::string::String::from_utf8", "a UTF-8 decode"),
    ("hex::decode", "a hex decode"),
    ("base64::decode", "a base64 decode"),
    ("uuid::Uuid::parse_str", "a parse"),
    ("uuid::Uuid::from_slice", "a parse"),
    ("url::Url::parse", "a parse"),
    ("jsonwebtoken::decode", "a token decode"),
    ("chrono::DateTime::parse_from_rfc3339", "a parse"),
    ("chrono::DateTime::parse_from_rfc2822", "a parse"),
    ("chrono::DateTime::parse_from_str", "a parse"),
    ("chrono::NaiveDate::parse_from_str", "a parse"),
    ("chrono::NaiveDateTime::parse_from_str", "a parse"),
    ("hyper::body::to_bytes", "a body read"),
    ("axum::body::to_bytes", "a body read"),
    ("reqwest::get", "an HTTP call"),
    ("std::net::TcpStream::connect", "a connect"),
    ("tokio::net::TcpStream::connect", "a connect"),
];

/// Crates and modules whose calls are I/O, by resolved path prefix.
const IO_PREFIXES: &[(&str, &str)] = &[
    ("std::fs::", "file I/O"),
    ("tokio::fs::", "file I/O"),
    ("async_std::fs::", "file I/O"),
    ("sqlx::", "a database query"),
    ("reqwest::", "an HTTP call"),
    ("redis::", "a Redis call"),
    ("diesel::", "a database query"),
];

/// Types whose methods do I/O (clients, pools, files), by resolved path.
const IO_TYPES: &[(&str, &str)] = &[
    ("reqwest::Client", "an HTTP call"),
    ("sqlx::PgPool", "a database query"),
    ("sqlx::MySqlPool", "a database query"),
    ("sqlx::SqlitePool", "a database query"),
    ("sqlx::Pool", "a database query"),
    ("sqlx::postgres::PgPool", "a database query"),
    ("sqlx::mysql::MySqlPool", "a database query"),
    ("sqlx::sqlite::SqlitePool", "a database query"),
    ("deadpool_postgres::Pool", "a database query"),
    ("bb8::Pool", "a pool checkout"),
    ("redis::Client", "a Redis call"),
    ("std::fs::File", "file I/O"),
    ("tokio::fs::File", "file I/O"),
];

/// Methods of I/O chains whose `Result` is the I/O outcome.
const IO_METHODS: &[&str] = &[
    "send",
    "json",
    "text",
    "bytes",
    "error_for_status",
    "execute",
    "fetch_one",
    "fetch_all",
    "fetch_optional",
    "query",
    "query_one",
    "query_opt",
    "prepare",
    "get",
    "acquire",
    "begin",
    "commit",
    "get_connection",
    "get_async_connection",
    "get_multiplexed_async_connection",
    "get_multiplexed_tokio_connection",
    "query_async",
    "open",
    "read_to_string",
    "read_to_end",
    "write_all",
    "sync_all",
    "metadata",
    "load",
    "first",
    "get_result",
    "get_results",
];

/// Parameter types that carry what the client sent (state and app data excluded).
const REQUEST_DATA_TYPES: &[&str] = &[
    "axum::Json",
    "axum::Form",
    "axum::extract::Json",
    "axum::extract::Path",
    "axum::extract::Query",
    "axum::extract::Form",
    "axum::extract::Multipart",
    "axum::extract::Request",
    "axum::extract::RawQuery",
    "axum::http::HeaderMap",
    "axum::http::Request",
    "http::HeaderMap",
    "http::Request",
    "hyper::Request",
    "hyper::HeaderMap",
    "actix_web::HttpRequest",
    "actix_web::web::Json",
    "actix_web::web::Path",
    "actix_web::web::Query",
    "actix_web::web::Form",
    "actix_web::web::Payload",
    "actix_multipart::Multipart",
    "tonic::Request",
    "tonic::Streaming",
    "poem::Request",
    "poem::web::Json",
    "poem::web::Path",
    "poem::web::Query",
];

/// Methods on request data that read server-side state, not what the client sent.
const SERVER_SIDE_ACCESSORS: &[&str] = &[
    "app_data",
    "match_info",
    "extensions",
    "extensions_mut",
    "peer_addr",
    "remote_addr",
    "connection_info",
    "state",
    "lock",
    "try_lock",
];

impl Rule for UnwrapInRequestPath {
    fn check_fn(&mut self, _cx: &mut Cx<'_>, _body: &syn::Block) {
        self.literal_locals.push(Vec::new());
    }

    fn check_fn_post(&mut self, _cx: &mut Cx<'_>, _body: &syn::Block) {
        self.literal_locals.pop();
    }

    fn check_local(&mut self, _cx: &mut Cx<'_>, local: &syn::Local) {
        let (syn::Pat::Ident(ident), Some(init)) = (&local.pat, &local.init) else {
            return;
        };
        if is_literal(&init.expr, &[]) {
            if let Some(names) = self.literal_locals.last_mut() {
                names.push(ident.ident.to_string());
            }
        }
    }

    fn check_method_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprMethodCall) {
        let method = call.method.to_string();
        if method != "unwrap" && method != "expect" {
            return;
        }
        let condition = match cx.request_handler() {
            HandlerEvidence::No => return,
            HandlerEvidence::Certain => None,
            HandlerEvidence::IfRouted(condition) => Some(condition),
        };
        let literals = self.literal_locals.last().map(Vec::as_slice).unwrap_or(&[]);
        let Some(what) = fallible_source(cx, &call.receiver, literals) else {
            return;
        };
        let finding = Finding::new(
            DEF.id,
            cx.span_between(&call.method, call),
            format!("`.{method}()` on {what} in a request handler"),
            "one bad request or failing dependency panics the handler",
        );
        cx.report(match condition {
            Some(condition) => finding.when(condition),
            None => finding,
        });
    }
}

/// What failure the unwrapped value reports, when it is a parse, decode or I/O result.
fn fallible_source(cx: &Cx<'_>, receiver: &syn::Expr, literals: &[String]) -> Option<&'static str> {
    let value = match strip_parens(receiver) {
        syn::Expr::Await(a) => strip_parens(&a.base),
        other => other,
    };
    match value {
        syn::Expr::Call(call) => {
            let callee = cx.resolve_expr(&call.func)?;
            fallible_call(&callee)
        }
        syn::Expr::MethodCall(m) => fallible_method(cx, m, literals),
        syn::Expr::Field(_) => request_data(cx, value).then_some("request data"),
        _ => None,
    }
}

fn fallible_call(callee: &str) -> Option<&'static str> {
    if let Some((_, what)) = FALLIBLE_CALLS.iter().find(|(path, _)| *path == callee) {
        return Some(what);
    }
    if callee.ends_with("::from_str") && callee.contains("::") {
        return Some("a parse");
    }
    IO_PREFIXES
        .iter()
        .find(|(prefix, _)| callee.starts_with(prefix))
        .map(|(_, what)| *what)
}

fn fallible_method(
    cx: &Cx<'_>,
    m: &syn::ExprMethodCall,
    literals: &[String],
) -> Option<&'static str> {
    let name = m.method.to_string();
    if matches!(name.as_str(), "lock" | "read" | "write") && m.args.is_empty() {
        return None;
    }
    if name == "parse" {
        // `"0.0.0.0:80".parse()` cannot fail at run time.
        return (!is_literal(&m.receiver, literals)).then_some("a parse result");
    }
    if IO_METHODS.contains(&name.as_str()) {
        match chain_root(&m.receiver) {
            syn::Expr::Call(root) => {
                let callee = cx.resolve_expr(&root.func).unwrap_or_default();
                if let Some((_, what)) = IO_PREFIXES.iter().find(|(p, _)| callee.starts_with(p)) {
                    return Some(what);
                }
            }
            root => {
                let ty = cx.infer_type(root).unwrap_or_default();
                if let Some((_, what)) = IO_TYPES.iter().find(|(t, _)| *t == ty) {
                    return Some(what);
                }
            }
        }
    }
    let server_side = SERVER_SIDE_ACCESSORS.contains(&name.as_str());
    (!server_side && request_data(cx, &m.receiver)).then_some("request data")
}

/// True when the value is read from what the client sent: a chain or field access on a
/// handler parameter of a request type (`headers.get("x")`, `req.into_inner().user`).
fn request_data(cx: &Cx<'_>, expr: &syn::Expr) -> bool {
    let mut expr = expr;
    loop {
        expr = match strip_parens(expr) {
            syn::Expr::MethodCall(m) => {
                if SERVER_SIDE_ACCESSORS.contains(&m.method.to_string().as_str()) {
                    return false;
                }
                &m.receiver
            }
            syn::Expr::Field(f) => &f.base,
            syn::Expr::Index(i) => &i.expr,
            syn::Expr::Reference(r) => &r.expr,
            syn::Expr::Try(t) => &t.expr,
            syn::Expr::Await(a) => &a.base,
            syn::Expr::Path(p) => {
                let Some(name) = p.path.get_ident() else {
                    return false;
                };
                let is_param = cx
                    .enclosing_fn()
                    .is_some_and(|f| f.params.iter().any(|(n, _)| name == n));
                return is_param
                    && cx
                        .local_type(&name.to_string())
                        .is_some_and(|ty| REQUEST_DATA_TYPES.contains(&ty));
            }
            _ => return false,
        };
    }
}

/// A literal, a `CONSTANT`, a local bound to a literal (`literals`), or an `if`/`match`
/// whose every branch ends in one (`let ty = if gz { "application/gzip" } else { .. }`).
fn is_literal(expr: &syn::Expr, literals: &[String]) -> bool {
    let tail_is_literal = |block: &syn::Block| match block.stmts.last() {
        Some(syn::Stmt::Expr(tail, None)) => is_literal(tail, literals),
        _ => false,
    };
    match strip_parens(expr) {
        syn::Expr::Lit(_) => true,
        syn::Expr::If(i) => {
            tail_is_literal(&i.then_branch)
                && i.else_branch
                    .as_ref()
                    .is_some_and(|(_, otherwise)| is_literal(otherwise, literals))
        }
        syn::Expr::Block(b) => tail_is_literal(&b.block),
        syn::Expr::Match(m) => m.arms.iter().all(|arm| is_literal(&arm.body, literals)),
        syn::Expr::Reference(r) => is_literal(&r.expr, literals),
        syn::Expr::Path(p)
            if p.path
                .get_ident()
                .is_some_and(|i| literals.iter().any(|l| i == l)) =>
        {
            true
        }
        syn::Expr::Path(p) => p.path.segments.last().is_some_and(|s| {
            s.ident
                .to_string()
                .chars()
                .all(|c| c.is_uppercase() || c == '_' || c.is_ascii_digit())
        }),
        _ => false,
    }
}
