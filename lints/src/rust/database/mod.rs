//! database: how the service talks to its database (select n + 1, injection, `SELECT *`).
//!
//! The vocabulary the three rules share: which calls take SQL text, what an expression
//! holding SQL was built from, and the per-function memory of variables holding SQL.

pub mod query_in_loop;
pub mod select_star;
pub mod sql_built_with_format;

use crate::context::{strip_parens, Cx};
use crate::finding::Span;
use std::collections::{HashMap, HashSet};

/// Functions whose first argument is SQL text (resolved paths; generics are dropped).
const SQL_FUNCTIONS: &[&str] = &[
    "sqlx::query",
    "sqlx::query_as",
    "sqlx::query_scalar",
    "sqlx::query_with",
    "sqlx::query_as_with",
    "sqlx::query_scalar_with",
    "sqlx::raw_sql",
    "sqlx::QueryBuilder::new",
    "diesel::sql_query",
];

/// sqlx macros checked against the database at compile time, with the index of their
/// SQL literal.
const SQL_MACROS: &[(&str, usize)] = &[
    ("sqlx::query", 0),
    ("sqlx::query_as", 1),
    ("sqlx::query_scalar", 0),
    ("sqlx::query_unchecked", 0),
    ("sqlx::query_as_unchecked", 1),
    ("sqlx::query_scalar_unchecked", 0),
];

/// Methods of database clients whose first argument is SQL text (tokio-postgres,
/// postgres, rusqlite and the pools that deref to them).
const SQL_METHODS: &[&str] = &[
    "query",
    "query_one",
    "query_opt",
    "query_raw",
    "query_typed",
    "execute",
    "batch_execute",
    "simple_query",
    "prepare",
    "prepare_cached",
    "prepare_typed",
    "query_row",
    "execute_batch",
];

/// Client types whose SQL methods are [`SQL_METHODS`] (resolved paths).
const DB_CLIENT_TYPES: &[&str] = &[
    "tokio_postgres::Client",
    "tokio_postgres::Transaction",
    "postgres::Client",
    "postgres::Transaction",
    "rusqlite::Connection",
    "rusqlite::Transaction",
    "deadpool_postgres::Client",
    "deadpool_postgres::Transaction",
];

/// Crates whose clients take SQL text through methods named as in [`SQL_METHODS`].
const DB_CLIENT_CRATES: &[&str] = &[
    "tokio_postgres",
    "postgres",
    "rusqlite",
    "deadpool_postgres",
    "bb8_postgres",
    "r2d2_postgres",
    "r2d2_sqlite",
    "tokio_rusqlite",
];

/// The SQL argument of a call: `sqlx::query(sql)`, `diesel::sql_query(sql)`.
pub fn sql_arg_of_call<'e>(callee: &str, call: &'e syn::ExprCall) -> Option<&'e syn::Expr> {
    SQL_FUNCTIONS
        .contains(&callee)
        .then(|| call.args.first())
        .flatten()
}

/// True for a sqlx function that makes a runnable query from SQL text (`sqlx::query`).
pub fn is_sqlx_query_function(path: &str) -> bool {
    path.starts_with("sqlx::query") || path == "sqlx::raw_sql"
}

/// The SQL literal of a sqlx query macro (`sqlx::query!("SELECT ..", id)`).
pub fn sql_literal_of_macro(mac: &syn::Macro, path: &str) -> Option<syn::LitStr> {
    use syn::parse::Parser;
    let (_, index) = SQL_MACROS.iter().find(|(p, _)| *p == path)?;
    let parser = syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated;
    let args = parser.parse2(mac.tokens.clone()).ok()?;
    match args.iter().nth(*index).map(strip_parens) {
        Some(syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        })) => Some(s.clone()),
        _ => None,
    }
}

/// True for the path of a sqlx query macro.
pub fn is_sql_macro(path: &str) -> bool {
    SQL_MACROS.iter().any(|(p, _)| *p == path)
}

/// How sure we are that a method call sends SQL to a database client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DbReceiver {
    /// The receiver is a typed database client (`tokio_postgres::Client`, ...).
    Typed,
    /// The receiver's type is unknown, but the package uses a database client crate: a
    /// finding also needs the SQL argument to look like SQL.
    Untyped,
}

/// Whether `call` is a SQL method of a database client (see [`DbReceiver`]).
pub fn db_method(cx: &Cx<'_>, call: &syn::ExprMethodCall) -> Option<DbReceiver> {
    let method = call.method.to_string();
    if call.args.is_empty() || !SQL_METHODS.contains(&method.as_str()) {
        return None;
    }
    match cx.receiver_type(&call.receiver) {
        Some(ty) if DB_CLIENT_TYPES.contains(&ty.as_str()) => Some(DbReceiver::Typed),
        Some(_) => None,
        None => uses_db_client_crate(cx).then_some(DbReceiver::Untyped),
    }
}

/// True when the client of a SQL method is SQLite in the process (rusqlite): a query
/// is a function call, not a network round trip.
pub fn is_embedded(cx: &Cx<'_>, call: &syn::ExprMethodCall) -> bool {
    match cx.receiver_type(&call.receiver) {
        Some(ty) => ty.starts_with("rusqlite::"),
        None => DB_CLIENT_CRATES
            .iter()
            .filter(|c| cx.package.dependency(c).is_some())
            .all(|c| SQLITE_CRATES.contains(c)),
    }
}

/// Crates of SQLite in the process.
const SQLITE_CRATES: &[&str] = &["rusqlite", "r2d2_sqlite", "tokio_rusqlite"];

/// True for a name that holds a list of bind placeholders (`placeholders`, `sql_params`,
/// `repeat_vars(n)`): `IN ({placeholders})` splices `?, ?, ?`, never a value.
fn is_placeholder_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    ["placeholder", "params", "vars", "binds", "qmarks"]
        .iter()
        .any(|w| lower.contains(w))
}

/// True for a variable or a call named as a list of bind placeholders.
fn is_placeholder_list(expr: &syn::Expr) -> bool {
    match strip_parens(expr) {
        syn::Expr::Reference(r) => is_placeholder_list(&r.expr),
        syn::Expr::Path(p) if p.path.segments.len() == 1 => {
            is_placeholder_name(&p.path.segments[0].ident.to_string())
        }
        syn::Expr::Call(c) => matches!(strip_parens(&c.func), syn::Expr::Path(p)
            if p.path.segments.last().is_some_and(|s| is_placeholder_name(&s.ident.to_string()))),
        // `vec!["?"; n].join(", ")`
        syn::Expr::MethodCall(m) if m.method == "join" => matches!(strip_parens(&m.receiver),
            syn::Expr::Macro(v) if v.mac.tokens.to_string().starts_with("\"?\"")),
        _ => false,
    }
}

/// True when the package depends on a crate whose clients take SQL text in methods.
pub fn uses_db_client_crate(cx: &Cx<'_>) -> bool {
    DB_CLIENT_CRATES
        .iter()
        .any(|c| cx.package.dependency(c).is_some())
}

/// True when a text reads as a SQL statement (`SELECT .. FROM`, `INSERT INTO`, ...).
pub fn looks_like_sql(text: &str) -> bool {
    let upper = text.trim_start().to_ascii_uppercase();
    let first = upper.split_whitespace().next().unwrap_or_default();
    let has = |word: &str| upper.split_whitespace().any(|w| w == word);
    match first {
        "SELECT" => has("FROM"),
        "INSERT" | "REPLACE" => has("INTO"),
        "UPDATE" => has("SET"),
        "DELETE" => has("FROM"),
        "WITH" => has("SELECT") || has("AS"),
        "CREATE" | "DROP" | "ALTER" => has("TABLE") || has("INDEX") || has("VIEW"),
        "TRUNCATE" | "MERGE" | "UPSERT" => true,
        _ => false,
    }
}

/// What an expression holding SQL text was built from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlText {
    /// The literal text (for `format!`, its template; for concatenation, the literals).
    pub text: String,
    /// Span of the literal or of the building expression.
    pub span: Span,
    /// How runtime values got in: `None` for constant text, else `format!`, `+`,
    /// `push_str`, `write!`.
    pub runtime: Option<&'static str>,
}

impl SqlText {
    fn constant(text: String, span: Span) -> Self {
        SqlText {
            text,
            span,
            runtime: None,
        }
    }
}

/// The SQL text an expression evaluates to, following variables recorded in `vars`:
/// a literal, a `format!` (runtime when it interpolates a non-constant), a `+`
/// concatenation, `.to_string()`/`String::from`/`&`/`.as_str()` of those.
pub fn sql_text(cx: &Cx<'_>, vars: &SqlVars, expr: &syn::Expr) -> Option<SqlText> {
    use syn::Expr;
    match strip_parens(expr) {
        Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => Some(SqlText::constant(s.value(), cx.span(s))),
        Expr::Reference(r) => sql_text(cx, vars, &r.expr),
        Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => sql_text(cx, vars, &u.expr),
        Expr::MethodCall(m)
            if m.args.is_empty()
                && matches!(
                    m.method.to_string().as_str(),
                    "to_string" | "to_owned" | "as_str" | "as_ref" | "into" | "clone" | "borrow"
                ) =>
        {
            sql_text(cx, vars, &m.receiver)
        }
        Expr::Call(c) if c.args.len() == 1 => {
            let callee = cx.resolve_expr(&c.func)?;
            matches!(
                callee.as_str(),
                "String::from" | "std::string::String::from" | "std::borrow::Cow::from"
            )
            .then(|| sql_text(cx, vars, &c.args[0]))
            .flatten()
        }
        Expr::Macro(m) => {
            let path = cx.resolve_macro(&m.mac.path);
            (path == "std::format")
                .then(|| format_text(cx, vars, &m.mac))
                .flatten()
        }
        Expr::Binary(b) if matches!(b.op, syn::BinOp::Add(_)) => {
            let left = sql_text(cx, vars, &b.left);
            let right = sql_text(cx, vars, &b.right);
            let text = [&left, &right]
                .iter()
                .filter_map(|t| t.as_ref().map(|t| t.text.as_str()))
                .collect::<Vec<_>>()
                .join("");
            let runtime = match (&left, &right) {
                (Some(l), Some(r)) => l.runtime.or(r.runtime),
                (Some(_), None) if !vars.is_constant(&b.right) => Some("+"),
                (None, Some(_)) if !vars.is_constant(&b.left) => Some("+"),
                _ => None,
            };
            (left.is_some() || right.is_some()).then(|| SqlText {
                text,
                span: cx.span(b),
                runtime,
            })
        }
        Expr::Path(p) if p.path.segments.len() == 1 => {
            let name = p.path.segments[0].ident.to_string();
            vars.get(&name).cloned()
        }
        _ => None,
    }
}

/// The template of a `format!` and whether it interpolates a runtime value.
fn format_text(cx: &Cx<'_>, vars: &SqlVars, mac: &syn::Macro) -> Option<SqlText> {
    use syn::parse::Parser;
    let parser = syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated;
    let args = parser.parse2(mac.tokens.clone()).ok()?;
    let mut iter = args.iter();
    let template = match iter.next().map(strip_parens) {
        Some(syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        })) => s.value(),
        _ => return None,
    };
    let explicit_runtime = iter.any(|arg| {
        let value = match arg {
            syn::Expr::Assign(a) => &a.right,
            other => other,
        };
        !vars.is_constant(value) && !is_placeholder_list(value)
    });
    let runtime = explicit_runtime || vars.captures_runtime(&template, &args);
    Some(SqlText {
        text: template,
        span: cx.span_between(&mac.path, &mac.delimiter.span().close()),
        runtime: runtime.then_some("format!"),
    })
}

/// SCREAMING_CASE: the name of a `const` or `static`.
fn is_constant_name(name: &str) -> bool {
    name.chars().any(|c| c.is_ascii_uppercase())
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// What the current function binds: variables holding SQL text, and variables holding
/// constant data (a literal table and the loop variables over it), innermost last.
#[derive(Default)]
pub struct SqlVars {
    functions: Vec<FnVars>,
}

#[derive(Default)]
struct FnVars {
    texts: HashMap<String, SqlText>,
    constants: HashSet<String>,
}

impl SqlVars {
    /// Entry of a function.
    pub fn enter(&mut self) {
        self.functions.push(FnVars::default());
    }

    /// Exit of a function.
    pub fn exit(&mut self) {
        self.functions.pop();
    }

    /// The SQL text a variable of the current function holds.
    pub fn get(&self, name: &str) -> Option<&SqlText> {
        self.functions.last()?.texts.get(name)
    }

    fn is_constant_var(&self, name: &str) -> bool {
        self.functions
            .last()
            .is_some_and(|f| f.constants.contains(name))
    }

    /// True for a path naming a constant or a constant variable of this function.
    fn is_constant_path(&self, path: &syn::Path) -> bool {
        path.segments.last().is_some_and(|s| {
            let name = s.ident.to_string();
            is_constant_name(&name) || (path.segments.len() == 1 && self.is_constant_var(&name))
        })
    }

    /// True for a literal, a constant (`TABLE`, `Self::COLUMNS`), or a value read from
    /// constant data of this function (`interval.0` in `for interval in &INTERVALS`).
    pub fn is_constant(&self, expr: &syn::Expr) -> bool {
        use syn::Expr;
        match strip_parens(expr) {
            Expr::Lit(_) => true,
            Expr::Reference(r) => self.is_constant(&r.expr),
            Expr::Field(f) => self.is_constant(&f.base),
            Expr::Tuple(t) => t.elems.iter().all(|e| self.is_constant(e)),
            Expr::Path(p) => self.is_constant_path(&p.path),
            _ => false,
        }
    }

    /// True for a literal table (`vec![("1 day", "day"), ..]`, `[1, 2]`), a variable bound
    /// to one, or an iterator over one: a loop over it runs a fixed number of times.
    pub fn is_constant_collection(&self, cx: &Cx<'_>, expr: &syn::Expr) -> bool {
        use syn::Expr;
        match strip_parens(expr) {
            Expr::Array(a) => a.elems.iter().all(|e| self.is_constant(e)),
            Expr::Reference(r) => self.is_constant_collection(cx, &r.expr),
            Expr::MethodCall(m)
                if m.args.is_empty()
                    && matches!(
                        m.method.to_string().as_str(),
                        "iter" | "into_iter" | "copied" | "cloned"
                    ) =>
            {
                self.is_constant_collection(cx, &m.receiver)
            }
            Expr::Macro(m) if cx.resolve_macro(&m.mac.path) == "std::vec" => {
                use syn::parse::Parser;
                let parser =
                    syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated;
                parser
                    .parse2(m.mac.tokens.clone())
                    .is_ok_and(|elems| elems.iter().all(|e| self.is_constant(e)))
            }
            Expr::Path(p) => self.is_constant_path(&p.path),
            _ => false,
        }
    }

    /// Records the variables of `for x in <constant table>` as constant.
    pub fn on_loop(&mut self, cx: &Cx<'_>, expr: &syn::Expr) {
        let syn::Expr::ForLoop(f) = expr else { return };
        if self.is_constant_collection(cx, &f.expr) {
            let names = crate::walk::pattern_names(&f.pat);
            if let Some(vars) = self.functions.last_mut() {
                vars.constants.extend(names);
            }
        }
    }

    /// True when a format template captures a variable inline (`{id}`) that is neither a
    /// named argument nor constant (`{TABLE}`).
    fn captures_runtime(
        &self,
        template: &str,
        args: &syn::punctuated::Punctuated<syn::Expr, syn::Token![,]>,
    ) -> bool {
        let named: Vec<String> = args
            .iter()
            .filter_map(|a| match a {
                syn::Expr::Assign(a) => crate::context::ident_of(&a.left),
                _ => None,
            })
            .collect();
        let mut rest = template.replace("{{", "").replace("}}", "");
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            let inner = &rest[open + 1..open + close];
            let name = inner.split(':').next().unwrap_or_default().trim();
            let is_ident = name.starts_with(|c: char| c.is_alphabetic() || c == '_');
            if is_ident
                && !named.iter().any(|n| n == name)
                && !is_constant_name(name)
                && !self.is_constant_var(name)
                && !is_placeholder_name(name)
            {
                return true;
            }
            rest = rest[open + close + 1..].to_string();
        }
        false
    }

    /// Records `let name = <sql text>` (and forgets a shadowed name).
    pub fn on_local(&mut self, cx: &Cx<'_>, local: &syn::Local) {
        let names = crate::walk::pattern_names(&local.pat);
        let [name] = names.as_slice() else { return };
        let text = local
            .init
            .as_ref()
            .and_then(|init| match strip_parens(&init.expr) {
                syn::Expr::Call(c) if c.args.is_empty() => {
                    let callee = cx.resolve_expr(&c.func).unwrap_or_default();
                    matches!(callee.as_str(), "String::new" | "std::string::String::new")
                        .then(|| SqlText::constant(String::new(), cx.span(c)))
                }
                other => sql_text(cx, self, other),
            });
        let constant = local.init.as_ref().is_some_and(|init| {
            self.is_constant(&init.expr)
                || self.is_constant_collection(cx, &init.expr)
                || is_placeholder_list(&init.expr)
        });
        let Some(scope) = self.functions.last_mut() else {
            return;
        };
        match text {
            Some(text) => scope.texts.insert(name.clone(), text),
            None => scope.texts.remove(name),
        };
        if constant {
            scope.constants.insert(name.clone());
        } else {
            scope.constants.remove(name);
        }
    }

    /// Records `sql.push_str(..)`/`sql.push(..)` on a variable holding SQL text.
    pub fn on_method_call(&mut self, cx: &Cx<'_>, call: &syn::ExprMethodCall) {
        if !matches!(call.method.to_string().as_str(), "push_str" | "push") {
            return;
        }
        let Some(var) = crate::context::ident_of(&call.receiver) else {
            return;
        };
        if self.get(&var).is_none() || call.args.len() != 1 {
            return;
        }
        let added = sql_text(cx, self, &call.args[0]);
        let runtime = match &added {
            Some(text) => text.runtime,
            None if self.is_constant(&call.args[0]) => None,
            None => Some("push_str"),
        };
        let span = cx.span(call);
        if let Some(text) = self
            .functions
            .last_mut()
            .and_then(|f| f.texts.get_mut(&var))
        {
            if let Some(added) = added {
                text.text.push_str(&added.text);
            }
            if text.runtime.is_none() && runtime.is_some() {
                text.runtime = runtime;
                text.span = span;
            }
        }
    }

    /// Records `write!(sql, ..)` into a variable holding SQL text.
    pub fn on_macro(&mut self, cx: &Cx<'_>, mac: &syn::Macro, path: &str) {
        use syn::parse::Parser;
        if !matches!(path, "std::write" | "std::writeln") {
            return;
        }
        let parser = syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated;
        let Ok(args) = parser.parse2(mac.tokens.clone()) else {
            return;
        };
        let Some(var) = args.first().and_then(crate::context::ident_of) else {
            return;
        };
        let runtime = args.iter().skip(2).any(|a| !self.is_constant(a))
            || args.iter().nth(1).is_some_and(|t| match t {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => self.captures_runtime(&s.value(), &args),
                _ => false,
            });
        let span = cx.span_between(&mac.path, &mac.delimiter.span().close());
        if let Some(text) = self
            .functions
            .last_mut()
            .and_then(|f| f.texts.get_mut(&var))
        {
            if runtime && text.runtime.is_none() {
                text.runtime = Some("write!");
                text.span = span;
            }
        }
    }
}
