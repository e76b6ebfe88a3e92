use super::{
    db_method, looks_like_sql, sql_arg_of_call, sql_literal_of_macro, sql_text, SqlText, SqlVars,
};
use crate::context::{strip_parens, Cx};
use crate::finding::Finding;
use crate::rule::{hooks, Rule, StaticItem};
use std::collections::{HashMap, HashSet};

crate::declare_rule! {
    /// `SELECT *` ships every column on every call, blobs included, so one added column
    /// slows every query that never needed it and can break code that maps rows by
    /// position; the database cannot answer from a covering index either.
    ///
    /// ### Fires on
    /// ```rust,ignore
    /// sqlx::query_as::<_, User>("SELECT * FROM users WHERE id = $1").bind(id).fetch_one(&pool).await?;
    /// sqlx::query!("select * from orders where user_id = $1", id).fetch_all(&pool).await?;
    /// const LIST: &str = "SELECT u.* FROM users u JOIN teams t ON t.id = u.team_id";
    /// client.query(LIST, &[]).await?;                                       // tokio-postgres
    /// ```
    /// ### Stays silent on
    /// ```rust,ignore
    /// sqlx::query_scalar("SELECT count(*) FROM users").fetch_one(&pool).await?;
    /// sqlx::query("SELECT id, name FROM users WHERE EXISTS (SELECT * FROM teams)").fetch_all(&pool).await?;
    /// let help = "use SELECT * sparingly";                                 // never given to a query
    /// ```
    pub DEF = "select_star",
        hooks::FN | hooks::LOCAL | hooks::CALL | hooks::METHOD_CALL | hooks::MACRO | hooks::STATIC,
        SelectStar::default
}

/// String constants of the file, variables holding SQL text, and the literals already
/// reported (a constant used twice is reported once).
#[derive(Default)]
pub struct SelectStar {
    constants: HashMap<String, SqlText>,
    vars: SqlVars,
    reported: HashSet<u32>,
}

impl Rule for SelectStar {
    fn check_fn(&mut self, _cx: &mut Cx<'_>, _body: &syn::Block) {
        self.vars.enter();
    }

    fn check_fn_post(&mut self, _cx: &mut Cx<'_>, _body: &syn::Block) {
        self.vars.exit();
    }

    fn check_static(&mut self, cx: &mut Cx<'_>, item: &StaticItem<'_>) {
        if let Some(syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        })) = item.expr.map(strip_parens)
        {
            let text = SqlText {
                text: s.value(),
                span: cx.span(s),
                runtime: None,
            };
            self.constants.insert(item.ident.to_string(), text);
        }
    }

    fn check_local(&mut self, cx: &mut Cx<'_>, local: &syn::Local) {
        self.vars.on_local(cx, local);
    }

    fn check_macro(&mut self, cx: &mut Cx<'_>, mac: &syn::Macro, path: &str) {
        self.vars.on_macro(cx, mac, path);
        if let Some(literal) = sql_literal_of_macro(mac, path) {
            let text = SqlText {
                text: literal.value(),
                span: cx.span(&literal),
                runtime: None,
            };
            self.check_text(cx, &text);
        }
    }

    fn check_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprCall, callee: &str) {
        if let Some(text) = sql_arg_of_call(callee, call).and_then(|arg| self.text(cx, arg)) {
            self.check_text(cx, &text);
        }
    }

    fn check_method_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprMethodCall) {
        self.vars.on_method_call(cx, call);
        if db_method(cx, call).is_none() {
            return;
        }
        if let Some(text) = self.text(cx, &call.args[0]) {
            if looks_like_sql(&text.text) {
                self.check_text(cx, &text);
            }
        }
    }
}

impl SelectStar {
    /// The SQL text of an argument: a literal, a variable, a `format!`, or a constant.
    fn text(&self, cx: &Cx<'_>, arg: &syn::Expr) -> Option<SqlText> {
        sql_text(cx, &self.vars, arg).or_else(|| {
            let mut expr = strip_parens(arg);
            while let syn::Expr::Reference(r) = expr {
                expr = strip_parens(&r.expr);
            }
            match expr {
                syn::Expr::Path(p) => {
                    let name = p.path.segments.last()?.ident.to_string();
                    self.constants.get(&name).cloned()
                }
                _ => None,
            }
        })
    }

    fn check_text(&mut self, cx: &mut Cx<'_>, text: &SqlText) {
        if !selects_star(&text.text) || !self.reported.insert(text.span.byte_start) {
            return;
        }
        let finding = Finding::new(
            DEF.id,
            text.span,
            "`SELECT *` in a query",
            "fetches every column, present and future",
        );
        cx.report(finding);
    }
}

/// True when SQL selects `*` or `table.*` (not `count(*)`, not inside `EXISTS (..)`).
pub fn selects_star(sql: &str) -> bool {
    let upper = sql.to_ascii_uppercase();
    let words: Vec<&str> = upper
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let mut index = 0;
    while index < words.len() {
        let word = words[index].trim_start_matches('(');
        if word == "SELECT" {
            let in_exists =
                index > 0 && {
                    let before = words[index - 1];
                    before == "EXISTS"
                        || before == "EXISTS("
                        || (before == "(" && index > 1 && words[index - 2] == "EXISTS")
                } || words[index].starts_with('(') && index > 0 && words[index - 1] == "EXISTS";
            let mut next = index + 1;
            while next < words.len() && matches!(words[next], "DISTINCT" | "ALL") {
                next += 1;
            }
            let star = words
                .get(next)
                .is_some_and(|w| *w == "*" || w.ends_with(".*") || w.starts_with("*"));
            // `SELECT * FROM my_function(..)`: the function defines the columns.
            let from_function = words.get(next + 1) == Some(&"FROM")
                && words.get(next + 2).is_some_and(|w| w.contains('('));
            if star && !in_exists && !from_function {
                return true;
            }
        }
        index += 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::selects_star;

    #[test]
    fn star_and_look_alikes() {
        assert!(selects_star("SELECT * FROM users"));
        assert!(selects_star("select distinct u.* from users u"));
        assert!(selects_star("WITH a AS (SELECT id FROM t) SELECT * FROM a"));
        assert!(selects_star("SELECT *, 1 FROM t"));
        assert!(!selects_star("SELECT count(*) FROM users"));
        assert!(!selects_star(
            "SELECT id FROM t WHERE EXISTS (SELECT * FROM u)"
        ));
        assert!(!selects_star(
            "SELECT id FROM t WHERE EXISTS(SELECT * FROM u)"
        ));
        assert!(!selects_star("SELECT a * b FROM t"));
        assert!(!selects_star(
            "UPDATE t SET n = (select * from activity('1 day'))"
        ));
    }
}
