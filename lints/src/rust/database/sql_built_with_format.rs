use super::{db_method, looks_like_sql, sql_arg_of_call, sql_text, DbReceiver, SqlText, SqlVars};
use crate::context::Cx;
use crate::finding::Finding;
use crate::rule::{hooks, Rule};

crate::declare_rule! {
    /// SQL text built from runtime values with `format!`, `+` or `push_str` is SQL
    /// injection waiting for one crafted input (`' OR 1=1 --`), and the database gets a
    /// new statement text per value: no prepared-statement reuse, a plan cache flooded.
    ///
    /// ### Fires on
    /// ```rust,ignore
    /// let sql = format!("SELECT id FROM users WHERE name = '{name}'");
    /// sqlx::query(&sql).fetch_all(&pool).await?;
    /// client.query(&format!("DELETE FROM jobs WHERE id = {}", id), &[]).await?;  // tokio-postgres
    /// let mut sql = String::from("UPDATE users SET name = '");
    /// sql.push_str(&name);
    /// conn.execute(&sql, [])?;                                                     // rusqlite
    /// diesel::sql_query(format!("SELECT * FROM t WHERE k = {key}")).load::<Row>(conn)?;
    /// ```
    /// ### Stays silent on
    /// ```rust,ignore
    /// sqlx::query!("SELECT id FROM users WHERE name = $1", name).fetch_all(&pool).await?;
    /// sqlx::query("SELECT id FROM users WHERE name = $1").bind(name).fetch_all(&pool).await?;
    /// let sql = format!("SELECT {COLUMNS} FROM users WHERE id = $1");   // constants only
    /// let sql = format!("DELETE FROM t WHERE id IN ({placeholders})"); // `?, ?, ?` only
    /// builder.push("WHERE name = ").push_bind(name);                     // sqlx QueryBuilder
    /// for (interval, column) in [("1 day", "day"), ("1 week", "week")] { // a literal table
    ///     sql_query(format!("UPDATE stats SET active_{column} = f('{interval}')")).execute(conn)?;
    /// }
    /// ```
    pub DEF = "sql_built_with_format",
        hooks::FN | hooks::LOCAL | hooks::LOOP | hooks::CALL | hooks::METHOD_CALL | hooks::MACRO,
        SqlBuiltWithFormat::default
}

/// Variables holding SQL text, per function.
#[derive(Default)]
pub struct SqlBuiltWithFormat {
    vars: SqlVars,
}

impl Rule for SqlBuiltWithFormat {
    fn check_fn(&mut self, _cx: &mut Cx<'_>, _body: &syn::Block) {
        self.vars.enter();
    }

    fn check_fn_post(&mut self, _cx: &mut Cx<'_>, _body: &syn::Block) {
        self.vars.exit();
    }

    fn check_local(&mut self, cx: &mut Cx<'_>, local: &syn::Local) {
        self.vars.on_local(cx, local);
    }

    fn check_loop(&mut self, cx: &mut Cx<'_>, expr: &syn::Expr) {
        self.vars.on_loop(cx, expr);
    }

    fn check_macro(&mut self, cx: &mut Cx<'_>, mac: &syn::Macro, path: &str) {
        self.vars.on_macro(cx, mac, path);
    }

    fn check_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprCall, callee: &str) {
        let Some(arg) = sql_arg_of_call(callee, call) else {
            return;
        };
        if let Some(text) = sql_text(cx, &self.vars, arg) {
            let name = callee.rsplit("::").next().unwrap_or(callee);
            report(cx, arg, &text, name);
        }
    }

    fn check_method_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprMethodCall) {
        self.vars.on_method_call(cx, call);
        let Some(receiver) = db_method(cx, call) else {
            return;
        };
        let arg = &call.args[0];
        let Some(text) = sql_text(cx, &self.vars, arg) else {
            return;
        };
        if receiver == DbReceiver::Typed || looks_like_sql(&text.text) {
            report(cx, arg, &text, &call.method.to_string());
        }
    }
}

fn report(cx: &mut Cx<'_>, arg: &syn::Expr, text: &SqlText, sink: &str) {
    let Some(how) = text.runtime else { return };
    let span = cx.span(arg);
    let mut finding = Finding::new(
        DEF.id,
        span,
        format!("SQL text built with `{how}` from runtime values is passed to `{sink}`"),
        "runtime values spliced into the SQL: injection, and no prepared statement",
    )
    .with_help("keep the SQL constant and pass values as bind parameters (`$1`/`?` with `.bind(value)`, `params![..]`, `&[&value]`), or `sqlx::query!`; for dynamic SQL use `sqlx::QueryBuilder::push_bind`");
    if text.span.line_start != span.line_start {
        finding = finding.with_note(format!(
            "the SQL text gets its runtime values at line {}",
            text.span.line_start
        ));
    }
    cx.report(finding);
}
