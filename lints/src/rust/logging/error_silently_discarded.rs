use crate::context::{ident_of, Cx, MatchArm, Usage};
use crate::finding::Finding;
use crate::rule::{hooks, Rule};
use crate::rust::database::{db_method, is_sqlx_query_function, looks_like_sql, DbReceiver};
use crate::rust::files::{fs_op, open_options, FsOp};

crate::declare_rule! {
    /// A write, a database statement or a child process that fails with its error thrown
    /// away leaves nothing behind: the data is not saved, the row is not written, and
    /// the log that would explain the incident says nothing. At least log the rare case.
    ///
    /// Only calls whose failure matters are checked, by resolved path or typed receiver:
    /// file-system writes (`std::fs`, `tokio::fs`, `File` writes, flushes and syncs),
    /// database statements (sqlx, diesel, tokio-postgres, rusqlite) and child processes
    /// (`Command::status`/`output`/`spawn`). Unknown callees stay silent, and so do
    /// deliberate idioms: channel sends (a receiver that hung up is the normal end),
    /// removals (best-effort cleanup), reads (the caller that needed the data handles
    /// its absence), a comment on the line or the line above, `impl Drop`, and a
    /// function whose doc comment says it is best-effort.
    ///
    /// ### Fires on
    /// ```rust,ignore
    /// let _ = std::fs::write(&path, body);
    /// tokio::fs::rename(&tmp, &path).await.ok();
    /// let _ = sqlx::query("DELETE FROM sessions WHERE id = $1").bind(id).execute(&pool).await;
    /// if let Ok(out) = Command::new("git").output() { use_it(out) }   // no else
    /// match file.sync_all() { Ok(()) => {} Err(_) => {} }
    /// ```
    /// ### Stays silent on
    /// ```rust,ignore
    /// // the receiver may have hung up: the request is gone
    /// let _ = tx.send(reply);                       // channel sends: a closed receiver is the normal end
    /// let _ = std::fs::remove_file(&tmp);           // best-effort cleanup
    /// let _ = writeln!(std::io::stderr(), "{e}");   // nothing better to do
    /// let _ = fs::write(&path, body); // a cache: losing it is fine   (any comment says why)
    /// if let Err(e) = fs::write(&path, body) { tracing::warn!(error = %e, "cache not saved") }
    /// let saved = fs::write(&path, body).ok();      // `.ok()` used as a value
    /// impl Drop for TempDir { fn drop(&mut self) { let _ = fs::remove_dir_all(&self.0); } }
    /// ```
    /// Use instead:
    /// ```rust,ignore
    /// if let Err(e) = std::fs::write(&path, body) {
    ///     tracing::warn!(error = %e, path = %path.display(), "could not save the state");
    /// }
    /// ```
    pub DEF = "error_silently_discarded",
        hooks::CALL | hooks::METHOD_CALL | hooks::MACRO,
        ErrorSilentlyDiscarded::default
}

/// Stateless: each call is decided from its resolved path and how its value is used.
#[derive(Default)]
pub struct ErrorSilentlyDiscarded;

/// How the error is thrown away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Discard {
    /// `let _ = call();`
    LetUnderscore,
    /// `call().ok();`
    OkStatement,
    /// `if let Ok(..) = call() { .. }` with no `else`, or `match` arms that drop `Err`.
    EmptyErrArm,
}

/// Types whose writes, flushes and syncs go to a file (resolved paths).
const FILE_TYPES: &[&str] = &["std::fs::File", "tokio::fs::File", "async_std::fs::File"];

/// `File` methods whose failure means the data did not reach the file.
const FILE_WRITES: &[&str] = &[
    "write_all",
    "flush",
    "sync_all",
    "sync_data",
    "set_len",
    "set_permissions",
];

/// `Command` constructors (resolved paths) and the calls that run the child.
const COMMANDS: &[&str] = &[
    "std::process::Command::new",
    "tokio::process::Command::new",
    "async_process::Command::new",
];
const COMMAND_RUNS: &[&str] = &["status", "output", "spawn"];

/// Client methods that run a statement (a `let _ =` on a query that reads is a ping
/// or a warm-up: the rows are not wanted, nothing is lost).
const DB_STATEMENTS: &[&str] = &["execute", "batch_execute", "execute_batch"];

/// sqlx query methods that run a statement.
const SQLX_RUNS: &[&str] = &["execute"];

/// Diesel methods that run a write built by `insert_into`/`update`/`delete`.
const DIESEL_RUNS: &[&str] = &["execute", "get_result", "get_results"];
const DIESEL_WRITES: &[&str] = &[
    "diesel::insert_into",
    "diesel::insert_or_ignore_into",
    "diesel::replace_into",
    "diesel::update",
    "diesel::delete",
    "diesel::sql_query",
];

/// Programs started for the user's convenience (open a browser, a notification):
/// failing to start them is not worth a log line.
const CONVENIENCE_PROGRAMS: &[&str] = &[
    "xdg-open",
    "open",
    "explorer",
    "explorer.exe",
    "start",
    "notify-send",
];

/// What a resolved function call does, when its failure matters.
fn fallible_call(callee: &str) -> Option<&'static str> {
    match fs_op(callee)? {
        // Reading: the caller that needed the data handles its absence; removing:
        // best-effort cleanup of something that may already be gone; `create_dir`:
        // "create unless it exists", whose usual error is `AlreadyExists`.
        FsOp::Read | FsOp::ReadDir | FsOp::Remove | FsOp::CreateDir => None,
        FsOp::Write | FsOp::CreateDirAll | FsOp::Move => Some("file-system"),
    }
}

/// What a method call does, when its failure matters: a typed file write, an
/// `OpenOptions` open for writing, a database statement, a child process.
fn fallible_method(cx: &Cx<'_>, call: &syn::ExprMethodCall) -> Option<&'static str> {
    let method = call.method.to_string();
    let method = method.as_str();
    if FILE_WRITES.contains(&method) {
        let ty = cx.receiver_type(&call.receiver)?;
        // std's `File::flush` does nothing: the file is not buffered.
        let noop = method == "flush" && ty == "std::fs::File";
        return (FILE_TYPES.contains(&ty.as_str()) && !noop).then_some("file-system");
    }
    if open_options(cx, call).is_some_and(|f| f.write || f.append || f.create) {
        return Some("file-system");
    }
    let statement = DB_STATEMENTS.contains(&method);
    match db_method(cx, call).filter(|_| statement) {
        Some(_) if call.args.first().is_some_and(is_ddl_literal) => return None,
        Some(DbReceiver::Typed) => return Some("database"),
        // An untyped client (a pooled connection) with SQL text as its first argument.
        Some(DbReceiver::Untyped) if call.args.first().is_some_and(is_sql_literal) => {
            return Some("database")
        }
        _ => {}
    }
    let root = match crate::context::chain_root(&call.receiver) {
        syn::Expr::Macro(m) => cx.resolve_macro(&m.mac.path),
        _ => cx.chain_root_path(call)?,
    };
    let runs = |names: &[&str]| names.contains(&method);
    if (runs(SQLX_RUNS) && is_sqlx_query_function(&root))
        || (runs(DIESEL_RUNS) && DIESEL_WRITES.contains(&root.as_str()))
    {
        let ddl = match crate::context::chain_root(&call.receiver) {
            syn::Expr::Call(c) => c.args.first().is_some_and(is_ddl_literal),
            _ => false,
        };
        return (!ddl).then_some("database");
    }
    let command = runs(COMMAND_RUNS) && COMMANDS.contains(&root.as_str());
    (command && !starts_convenience_program(call)).then_some("process")
}

/// `Command::new("xdg-open")...spawn()`: see [`CONVENIENCE_PROGRAMS`].
fn starts_convenience_program(call: &syn::ExprMethodCall) -> bool {
    let syn::Expr::Call(root) = crate::context::chain_root(&call.receiver) else {
        return false;
    };
    matches!(root.args.first().map(crate::context::strip_parens),
        Some(syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }))
            if CONVENIENCE_PROGRAMS.contains(&s.value().as_str()))
}

/// `write!(f, ..)` where `f` is a local or parameter typed as a std `File` (stderr,
/// stdout, `String` and formatter targets stay silent).
fn writes_to_file(cx: &Cx<'_>, mac: &syn::Macro) -> bool {
    let mut tokens = mac.tokens.clone().into_iter();
    let target = match tokens.next() {
        Some(proc_macro2::TokenTree::Ident(i)) => i.to_string(),
        Some(proc_macro2::TokenTree::Punct(p)) if p.as_char() == '&' => match tokens.next() {
            Some(proc_macro2::TokenTree::Ident(i)) if i == "mut" => match tokens.next() {
                Some(proc_macro2::TokenTree::Ident(i)) => i.to_string(),
                _ => return false,
            },
            Some(proc_macro2::TokenTree::Ident(i)) => i.to_string(),
            _ => return false,
        },
        _ => return false,
    };
    let comma_next =
        matches!(tokens.next(), Some(proc_macro2::TokenTree::Punct(p)) if p.as_char() == ',');
    comma_next && cx.local_type(&target) == Some("std::fs::File")
}

/// A literal schema change (`ALTER TABLE .. ADD COLUMN`, `CREATE INDEX`): run with its
/// error ignored, it is the "migrate unless already done" idiom.
fn is_ddl_literal(expr: &syn::Expr) -> bool {
    matches!(crate::context::strip_parens(expr), syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. })
    if s.value().split_whitespace().next().is_some_and(|w| {
        ["ALTER", "CREATE", "DROP"].iter().any(|k| w.eq_ignore_ascii_case(k))
    }))
}

/// A string literal that reads as a SQL statement.
fn is_sql_literal(expr: &syn::Expr) -> bool {
    matches!(crate::context::strip_parens(expr), syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. })
        if looks_like_sql(&s.value()))
}

/// How the current call's result is thrown away, if it is.
fn discard(cx: &Cx<'_>) -> Option<Discard> {
    let mut usages = cx.usages().filter(|u| !matches!(u, Usage::Await));
    match usages.next()? {
        Usage::Let(names) if is_underscore(names) => Some(Discard::LetUnderscore),
        Usage::Receiver(method) if method == "ok" => match usages.next()? {
            Usage::Statement => Some(Discard::OkStatement),
            Usage::Let(names) if is_underscore(names) => Some(Discard::OkStatement),
            _ => None,
        },
        Usage::Matched(arms) if err_dropped(cx, arms) => Some(Discard::EmptyErrArm),
        _ => None,
    }
}

fn is_underscore(names: &[String]) -> bool {
    matches!(names, [name] if name == "_")
}

/// True when every arm an `Err` can reach does nothing, and no comment there says why.
fn err_dropped(cx: &Cx<'_>, arms: &[MatchArm]) -> bool {
    let mut takes_err = arms
        .iter()
        .filter(|a| a.variants.iter().any(|v| v == "Err" || v == "_"))
        .peekable();
    if takes_err.peek().is_none() {
        return false;
    }
    takes_err.all(|arm| {
        arm.empty && !(arm.lines.0.saturating_sub(1)..=arm.lines.1).any(|l| has_comment(cx, l))
    })
}

/// True when line `line` (1-based) holds a comment.
fn has_comment(cx: &Cx<'_>, line: u32) -> bool {
    let Some(text) = cx.text.lines().nth(line.saturating_sub(1) as usize) else {
        return false;
    };
    // `//~` marks an expected finding in a ui test: not an explanation.
    text.match_indices("//")
        .any(|(at, _)| !text[..at].ends_with(':') && !text[at..].starts_with("//~"))
        || text.contains("/*")
}

/// True when the statement at `line` carries a comment on its own line or the one above.
fn explained(cx: &Cx<'_>, line: u32) -> bool {
    has_comment(cx, line) || (line > 1 && has_comment(cx, line - 1))
}

/// Words in a function's doc comment that say its failures are ignored on purpose.
const BEST_EFFORT_WORDS: &[&str] = &["best-effort", "best effort", "ignore", "ignoring"];

/// True when the doc comment of the enclosing function says it is best-effort
/// ("Best-effort: does nothing if IO fails").
fn documented_best_effort(cx: &Cx<'_>) -> bool {
    let Some(line) = cx.enclosing_fn().map(|f| f.span.line_start) else {
        return false;
    };
    let lines: Vec<&str> = cx.text.lines().take(line as usize).collect();
    lines
        .iter()
        .rev()
        .skip(1)
        .map(|l| l.trim_start())
        .take_while(|l| l.starts_with("///") || l.starts_with("#["))
        .any(|l| {
            let lower = l.to_ascii_lowercase();
            BEST_EFFORT_WORDS.iter().any(|w| lower.contains(w))
        })
}

/// Traits whose methods cannot report a failure anywhere: `Drop` (cleanup) and the
/// loggers themselves (a logger that fails to write cannot log it).
const SILENT_TRAITS: &[&str] = &[
    "Drop",
    "std::ops::Drop",
    "log::Log",
    "tracing_subscriber::Layer",
    "tracing_subscriber::layer::Layer",
    "tracing::Subscriber",
    "tracing_core::Subscriber",
];

/// True inside an `impl` of one of [`SILENT_TRAITS`].
fn in_silent_impl(cx: &Cx<'_>) -> bool {
    cx.enclosing_fn()
        .and_then(|f| f.trait_path.as_deref())
        .is_some_and(|t| SILENT_TRAITS.contains(&t))
}

fn report(cx: &mut Cx<'_>, node: &impl syn::spanned::Spanned, what: String, kind: &str) {
    let Some(how) = discard(cx) else {
        return;
    };
    let span = cx.span(node);
    if in_silent_impl(cx)
        || documented_best_effort(cx)
        || (how != Discard::EmptyErrArm && explained(cx, span.line_start))
    {
        return;
    }
    let (message, help) = match how {
        Discard::LetUnderscore => (
            format!("`let _ =` throws away the error of `{what}`"),
            format!("log it: `if let Err(e) = {what}(..) {{ tracing::warn!(error = %e, \"..\") }}`, or return it with `?`; if ignoring it is intended, say why in a comment"),
        ),
        Discard::OkStatement => (
            format!("`.ok()` throws away the error of `{what}`"),
            format!("log it: `if let Err(e) = {what}(..) {{ tracing::warn!(error = %e, \"..\") }}`, or return it with `?`"),
        ),
        Discard::EmptyErrArm => (
            format!("the error of `{what}` is matched and dropped"),
            "log the error in its arm: `Err(e) => tracing::warn!(error = %e, \"..\")`, or return it with `?`".to_string(),
        ),
    };
    let label = format!("a failed {kind} operation leaves no trace");
    cx.report(Finding::new(DEF.id, span, message, label).with_help(help));
}

impl Rule for ErrorSilentlyDiscarded {
    fn check_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprCall, callee: &str) {
        if let Some(kind) = fallible_call(callee) {
            let short = callee.rsplitn(3, "::").take(2).collect::<Vec<_>>();
            let what = short.into_iter().rev().collect::<Vec<_>>().join("::");
            report(cx, call, what, kind);
        }
    }

    fn check_macro(&mut self, cx: &mut Cx<'_>, mac: &syn::Macro, path: &str) {
        if matches!(path, "std::write" | "std::writeln") && writes_to_file(cx, mac) {
            let what = path.trim_start_matches("std::").to_string() + "!";
            report(cx, mac, what, "file-system");
        }
    }

    fn check_method_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprMethodCall) {
        if let Some(kind) = fallible_method(cx, call) {
            let receiver = ident_of(&call.receiver).unwrap_or_else(|| "..".to_string());
            report(cx, call, format!("{receiver}.{}", call.method), kind);
        }
    }
}
