use super::{db_method, looks_like_sql, sql_text, DbReceiver, SqlVars};
use crate::context::{chain_root, ident_of, method_chain, strip_parens, Cx};
use crate::finding::Finding;
use crate::rule::{hooks, Rule};
use crate::walk::pattern_names;

crate::declare_rule! {
    /// A query per item of a loop is select n + 1: a page of 500 rows costs 501 round
    /// trips, latency grows with the data, and under load the pool runs dry while the
    /// database parses the same statement over and over.
    ///
    /// ### Fires on
    /// ```rust,ignore
    /// for order in &orders {
    ///     let items = sqlx::query_as::<_, Item>("SELECT * FROM items WHERE order_id = $1")
    ///         .bind(order.id)
    ///         .fetch_all(&pool)
    ///         .await?;
    /// }
    /// ids.iter().map(|id| users.find(id).first::<User>(conn)).collect::<Result<Vec<_>, _>>()?; // diesel
    /// while let Some(row) = rows.try_next().await? {
    ///     client.execute("UPDATE stock SET n = n - 1 WHERE id = $1", &[&row.id]).await?;     // tokio-postgres
    /// }
    /// ```
    /// ### Stays silent on
    /// ```rust,ignore
    /// sqlx::query("SELECT * FROM items WHERE order_id = ANY($1)").bind(&ids).fetch_all(&pool).await?;
    /// loop {                                       // a polling worker, not a loop over items
    ///     let jobs = sqlx::query("SELECT ..").fetch_all(&pool).await?;
    ///     tokio::time::sleep(Duration::from_secs(5)).await;
    /// }
    /// for attempt in 0..3 { if sqlx::query("SELECT 1").execute(&pool).await.is_ok() { break } }
    /// while let Some(event) = rx.recv().await { store(&pool, event).await? }   // an event loop
    /// for tag in &tags { tx.execute("INSERT ..", params![tag])?; }  // rusqlite: SQLite in the process
    /// ```
    /// SQLite through rusqlite runs in the process: a query is a function call, not a
    /// round trip, so many small queries are its intended use.
    pub DEF = "query_in_loop",
        hooks::FN | hooks::LOCAL | hooks::LOOP | hooks::METHOD_CALL | hooks::MACRO,
        QueryInLoop::default
}

/// Per function: the enclosing loops (true for a loop over items), the byte ranges of
/// closures run once per item, query values and prepared statements bound to variables.
#[derive(Default)]
pub struct QueryInLoop {
    functions: Vec<FnState>,
    vars: SqlVars,
}

#[derive(Default)]
struct FnState {
    /// Per enclosing loop: the byte range of its body when it iterates over items.
    loops: Vec<Option<(u32, u32)>>,
    per_item_closures: Vec<(u32, u32)>,
    queries: Vec<String>,
    statements: Vec<String>,
}

/// sqlx methods that run a query.
const SQLX_RUN: &[&str] = &[
    "fetch",
    "fetch_one",
    "fetch_all",
    "fetch_optional",
    "fetch_many",
    "execute",
    "execute_many",
];
/// Client methods that prepare rather than run.
const PREPARE: &[&str] = &["prepare", "prepare_cached", "prepare_typed"];
/// diesel `RunQueryDsl` methods that run a query.
const DIESEL_RUN: &[&str] = &[
    "load",
    "get_result",
    "get_results",
    "first",
    "execute",
    "load_iter",
];
/// diesel query-building methods: evidence that a chain is a diesel query.
const DIESEL_DSL: &[&str] = &[
    "filter",
    "find",
    "select",
    "order",
    "order_by",
    "then_order_by",
    "limit",
    "offset",
    "inner_join",
    "left_join",
    "left_outer_join",
    "values",
    "set",
    "group_by",
    "distinct",
    "on_conflict",
    "do_update",
    "returning",
    "into_boxed",
];
/// Iterator adapters whose closure runs once per item.
const PER_ITEM: &[&str] = &[
    "map",
    "for_each",
    "try_for_each",
    "filter_map",
    "flat_map",
    "then",
    "and_then",
    "fold",
    "try_fold",
    "for_each_concurrent",
    "try_for_each_concurrent",
];
/// Methods that make a chain an iteration over items.
const ITERATES: &[&str] = &[
    "iter",
    "into_iter",
    "iter_mut",
    "par_iter",
    "into_par_iter",
    "chunks",
    "drain",
    "keys",
    "values",
    "lines",
    "into_stream",
];
/// Calls that make a stream over items.
const STREAM_FROM_ITER: &[&str] = &[
    "futures::stream::iter",
    "futures_util::stream::iter",
    "tokio_stream::iter",
];
/// `while let` scrutinees of an event loop (a message or a connection per turn).
const EVENT_SOURCES: &[&str] = &[
    "recv",
    "recv_async",
    "recv_timeout",
    "accept",
    "incoming",
    "recv_many",
];

impl Rule for QueryInLoop {
    fn check_fn(&mut self, _cx: &mut Cx<'_>, _body: &syn::Block) {
        self.functions.push(FnState::default());
        self.vars.enter();
    }

    fn check_fn_post(&mut self, _cx: &mut Cx<'_>, _body: &syn::Block) {
        self.functions.pop();
        self.vars.exit();
    }

    fn check_local(&mut self, cx: &mut Cx<'_>, local: &syn::Local) {
        self.vars.on_local(cx, local);
        let names = pattern_names(&local.pat);
        let (Some(init), [name], Some(state)) =
            (&local.init, names.as_slice(), self.functions.last_mut())
        else {
            return;
        };
        let value = strip_parens(&init.expr);
        let root = chain_root(value);
        let runs = method_chain_of(value)
            .iter()
            .any(|m| SQLX_RUN.contains(&m.method.to_string().as_str()));
        if is_sqlx_query(cx, root) && !runs {
            state.queries.push(name.clone());
        }
        if method_chain_of(value)
            .iter()
            .any(|m| PREPARE.contains(&m.method.to_string().as_str()))
        {
            state.statements.push(name.clone());
        }
    }

    fn check_macro(&mut self, cx: &mut Cx<'_>, mac: &syn::Macro, path: &str) {
        self.vars.on_macro(cx, mac, path);
    }

    fn check_loop(&mut self, cx: &mut Cx<'_>, expr: &syn::Expr) {
        self.vars.on_loop(cx, expr);
        let body = match expr {
            syn::Expr::ForLoop(f)
                if !constant_range(&f.expr)
                    && !event_source(&f.expr)
                    && !self.vars.is_constant_collection(cx, &f.expr) =>
            {
                Some(&f.body)
            }
            syn::Expr::While(w) => match strip_parens(&w.cond) {
                syn::Expr::Let(l) if !event_source(&l.expr) => Some(&w.body),
                _ => None,
            },
            _ => None,
        };
        // The body only: the iterable of a `for` is evaluated once.
        let range = body.map(|b| {
            let span = cx.block_span(b);
            (span.byte_start, span.byte_end)
        });
        if let Some(state) = self.functions.last_mut() {
            state.loops.push(range);
        }
    }

    fn check_loop_post(&mut self, _cx: &mut Cx<'_>, _expr: &syn::Expr) {
        if let Some(state) = self.functions.last_mut() {
            state.loops.pop();
        }
    }

    fn check_method_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprMethodCall) {
        self.vars.on_method_call(cx, call);
        self.note_per_item_closures(cx, call);
        if !self.per_item(cx, call) {
            return;
        }
        let Some(kind) = self.query_kind(cx, call) else {
            return;
        };
        let root = chain_root(&call.receiver);
        let span = match root {
            syn::Expr::Call(_) | syn::Expr::Macro(_) => cx.span_between(root, &call.method),
            _ => cx.span_between(&call.receiver, &call.method),
        };
        let finding = Finding::new(
            DEF.id,
            span,
            format!("{kind} query run once per item of a loop"),
            "one database round trip per item: select n + 1",
        );
        cx.report(finding);
    }
}

impl QueryInLoop {
    /// Remembers the closures of `items.iter().map(|x| ..)` as running once per item.
    fn note_per_item_closures(&mut self, cx: &Cx<'_>, call: &syn::ExprMethodCall) {
        if !PER_ITEM.contains(&call.method.to_string().as_str()) {
            return;
        }
        let chain = method_chain(call);
        let iterates = chain[1..]
            .iter()
            .any(|m| ITERATES.contains(&m.method.to_string().as_str()))
            || matches!(chain_root(&call.receiver), syn::Expr::Call(c)
                if cx.resolve_expr(&c.func).is_some_and(|p| STREAM_FROM_ITER.contains(&p.as_str())));
        if !iterates {
            return;
        }
        let Some(state) = self.functions.last_mut() else {
            return;
        };
        for arg in &call.args {
            if matches!(strip_parens(arg), syn::Expr::Closure(_)) {
                let span = cx.expr_span(arg);
                state
                    .per_item_closures
                    .push((span.byte_start, span.byte_end));
            }
        }
    }

    /// True when the call runs once per item: in a loop over items, or in a closure
    /// given to an iterator adapter.
    fn per_item(&self, cx: &Cx<'_>, call: &syn::ExprMethodCall) -> bool {
        let Some(state) = self.functions.last() else {
            return false;
        };
        let at = cx.span(&call.method).byte_start;
        state
            .loops
            .iter()
            .flatten()
            .chain(&state.per_item_closures)
            .any(|&(start, end)| start <= at && at < end)
    }

    /// The library whose query this call runs, if it runs one.
    fn query_kind(&self, cx: &Cx<'_>, call: &syn::ExprMethodCall) -> Option<&'static str> {
        let method = call.method.to_string();
        let state = self.functions.last()?;
        let root = chain_root(&call.receiver);
        if SQLX_RUN.contains(&method.as_str()) {
            let bound = ident_of(root).is_some_and(|v| state.queries.contains(&v));
            if is_sqlx_query(cx, root) || bound {
                return Some("sqlx");
            }
        }
        if DIESEL_RUN.contains(&method.as_str()) && self.is_diesel(cx, call) {
            return Some("diesel");
        }
        if PREPARE.contains(&method.as_str()) || super::is_embedded(cx, call) {
            return None;
        }
        match db_method(cx, call)? {
            DbReceiver::Typed => Some("database"),
            DbReceiver::Untyped => {
                let arg = &call.args[0];
                let statement = ident_of(arg).is_some_and(|v| state.statements.contains(&v));
                let sql = sql_text(cx, &self.vars, arg).is_some_and(|t| looks_like_sql(&t.text));
                (statement || sql).then_some("database")
            }
        }
    }

    fn is_diesel(&self, cx: &Cx<'_>, call: &syn::ExprMethodCall) -> bool {
        let uses_diesel = ["diesel", "diesel_async"]
            .iter()
            .any(|c| cx.package.dependency(c).is_some());
        if !uses_diesel || call.args.len() != 1 {
            return false;
        }
        let chain = method_chain(call);
        let dsl = chain[1..]
            .iter()
            .any(|m| DIESEL_DSL.contains(&m.method.to_string().as_str()));
        let root = match chain_root(&call.receiver) {
            syn::Expr::Call(c) => cx.resolve_expr(&c.func),
            other => cx.resolve_expr(other),
        }
        .unwrap_or_default();
        let diesel_root = root.starts_with("diesel::")
            || root.contains("::dsl::")
            || root.ends_with("::table")
            || root.contains("schema::");
        dsl || diesel_root
    }
}

/// The method calls of a value (`a.b().c()?` -> `[c, b]`).
fn method_chain_of(expr: &syn::Expr) -> Vec<&syn::ExprMethodCall> {
    crate::context::chain_methods(expr)
}

/// True for a call of a sqlx query function or a sqlx query macro.
fn is_sqlx_query(cx: &Cx<'_>, expr: &syn::Expr) -> bool {
    match strip_parens(expr) {
        syn::Expr::Call(c) => cx
            .resolve_expr(&c.func)
            .is_some_and(|p| super::is_sqlx_query_function(&p)),
        syn::Expr::Macro(m) => super::is_sql_macro(&cx.resolve_macro(&m.mac.path)),
        _ => false,
    }
}

/// `0..3`, `1..=MAX_ATTEMPTS`: a loop that repeats, not a loop over items.
fn constant_range(expr: &syn::Expr) -> bool {
    let constant = |e: &Option<Box<syn::Expr>>| {
        e.as_deref().is_none_or(|e| match strip_parens(e) {
            syn::Expr::Lit(_) => true,
            syn::Expr::Path(p) => p.path.segments.last().is_some_and(|s| {
                let name = s.ident.to_string();
                name.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
            }),
            _ => false,
        })
    };
    matches!(strip_parens(expr), syn::Expr::Range(r) if constant(&r.start) && constant(&r.end))
}

/// True when a loop's source hands out messages or connections (`rx.recv().await`).
fn event_source(expr: &syn::Expr) -> bool {
    method_chain_of(expr)
        .iter()
        .any(|m| EVENT_SOURCES.contains(&m.method.to_string().as_str()))
}
