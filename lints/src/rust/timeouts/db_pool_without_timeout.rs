use crate::context::{method_chain, strip_parens, Cx};
use crate::finding::Finding;
use crate::rule::{hooks, Rule};

crate::declare_rule! {
    /// A connection pool whose `get()` waits forever turns a database hiccup into a
    /// frozen service: when every connection is busy or broken, each request waits in
    /// the pool's queue with no end, and the service stops answering instead of failing.
    /// deadpool's default is no wait timeout; a sync redis connection has no response
    /// timeout. (bb8, r2d2, mobc and sqlx default to 30 s and are not flagged.)
    ///
    /// ### Fires on
    /// ```rust,ignore
    /// let pool = deadpool_postgres::Pool::builder(manager).max_size(16).build()?;
    /// let pool = deadpool_redis::Config::from_url(url).create_pool(Some(Runtime::Tokio1))?;
    /// let mut conn = redis::Client::open(url)?.get_connection()?;
    /// ```
    /// ### Stays silent on
    /// ```rust,ignore
    /// let pool = Pool::builder(manager)
    ///     .wait_timeout(Some(Duration::from_secs(5)))
    ///     .runtime(Runtime::Tokio1)
    ///     .build()?;
    /// let pool = bb8::Pool::builder().build(manager).await?;     // 30 s default
    /// let pool = sqlx::PgPool::connect(url).await?;               // 30 s acquire timeout
    /// let conn = client.get_connection_with_timeout(Duration::from_secs(2))?;
    /// ```
    pub DEF = "db_pool_without_timeout", hooks::METHOD_CALL, DbPoolWithoutTimeout::default
}

/// Stateless: each builder chain is judged at its outermost call.
#[derive(Default)]
pub struct DbPoolWithoutTimeout;

/// deadpool builder settings that bound the wait for a connection (or may: a whole
/// `PoolConfig` handed in).
const WAIT_BOUNDS: &[&str] = &["wait_timeout", "timeouts", "config"];

/// `deadpool_postgres::Pool::builder`, `deadpool::managed::Pool::builder`, ...
fn is_deadpool_builder(path: &str) -> bool {
    let deadpool = path.starts_with("deadpool")
        || path.starts_with("diesel_async::pooled_connection::deadpool::");
    deadpool && path.ends_with("Pool::builder")
}

/// `deadpool_redis::Config::from_url`, `deadpool_postgres::Config::new`, ...
fn is_deadpool_config(path: &str) -> bool {
    path.starts_with("deadpool_")
        && (path.ends_with("::Config::from_url")
            || path.ends_with("::Config::new")
            || path.ends_with("::Config::default"))
}

impl Rule for DbPoolWithoutTimeout {
    fn check_method_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprMethodCall) {
        if !cx.is_chain_top() {
            return;
        }
        let Some((root, callee)) = cx.chain_root_call(call) else {
            return;
        };
        let chain = method_chain(call);
        let has = |name: &str| chain.iter().any(|m| m.method == name);
        let bounded = chain.iter().any(|m| {
            WAIT_BOUNDS.iter().any(|b| m.method == b)
                && !matches!(m.args.first().map(strip_parens), Some(syn::Expr::Path(p)) if p.path.is_ident("None"))
        });
        if is_deadpool_builder(&callee) && has("build") && !bounded {
            let finding = Finding::new(
                DEF.id,
                cx.span(root),
                "deadpool pool with no wait timeout",
                "`pool.get()` waits forever when every connection is busy",
            )
            .with_help("set `.wait_timeout(Some(Duration::from_secs(5)))` and `.runtime(Runtime::Tokio1)` on the builder");
            cx.report(finding);
        } else if is_deadpool_config(&callee) && has("create_pool") && !has("builder") {
            let finding = Finding::new(
                DEF.id,
                cx.span(root),
                "deadpool pool created from a config with no wait timeout",
                "`pool.get()` waits forever when every connection is busy",
            )
            .with_help("set `pool: Some(PoolConfig { timeouts: Timeouts::wait_millis(5000), .. })` on the config, or use `.builder(..)?.wait_timeout(Some(..))`");
            cx.report(finding);
        } else if callee == "redis::Client::open" && has("get_connection") {
            let finding = Finding::new(
                DEF.id,
                cx.span(root),
                "redis connection with no connect or response timeout",
                "a stalled server blocks this thread forever",
            )
            .with_help("use `get_connection_with_timeout(Duration::from_secs(2))` and `conn.set_read_timeout(Some(..))`, or an async connection with a response timeout");
            cx.report(finding);
        }
    }
}
