use crate::context::{chain_root, method_chain, strip_parens, Cx};
use crate::finding::{Finding, Span};
use crate::rule::{hooks, Rule};
use crate::rust::files::{fs_op, literal_path, open_options, FsOp};
use std::collections::HashMap;

crate::declare_rule! {
    /// A file created under a name anyone can guess in a shared temp directory can be
    /// pre-created by another local user: a symlink there makes the service overwrite a
    /// file of the attacker's choosing, a file or directory there is read or written by
    /// the attacker, and a leftover from a crashed run makes the next start fail.
    ///
    /// ### Fires on
    /// ```rust,ignore
    /// std::fs::write("/tmp/report.csv", &rows)?;
    /// let path = std::env::temp_dir().join("upload.bin");
    /// let file = File::create(&path)?;
    /// fs::create_dir_all(format!("/tmp/myapp-{}", std::process::id()))?;   // pids are guessable
    /// OpenOptions::new().write(true).create(true).open("/var/tmp/state")?;
    /// ```
    /// ### Stays silent on
    /// ```rust,ignore
    /// let file = tempfile::NamedTempFile::new()?;                 // random name, O_EXCL
    /// let dir = tempfile::tempdir()?;
    /// OpenOptions::new().write(true).create_new(true).open(dir.path().join(name))?;
    /// std::fs::write(temp_dir().join(format!("{}.part", Uuid::new_v4())), &data)?;
    /// ```
    pub DEF = "predictable_temp_path",
        hooks::CALL | hooks::METHOD_CALL | hooks::LOCAL | hooks::FN,
        PredictableTempPath::default
}

/// Per function: variables bound to a guessable temp path, or to the temp dir itself.
#[derive(Default)]
pub struct PredictableTempPath {
    functions: Vec<HashMap<String, TempValue>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum TempValue {
    /// The shared temp directory itself (`std::env::temp_dir()`, `"/tmp"`).
    Dir,
    /// A fixed or guessable path inside it, as written.
    Path(String),
}

const TEMP_DIRS: &[&str] = &["/tmp", "/var/tmp", "/dev/shm"];
const TEMP_DIR_CALLS: &[&str] = &["std::env::temp_dir"];
/// Values that an attacker can predict: the pid, the clock.
const PREDICTABLE_CALLS: &[&str] = &[
    "std::process::id",
    "std::time::SystemTime::now",
    "std::time::Instant::now",
    "chrono::Utc::now",
    "chrono::Local::now",
    "time::OffsetDateTime::now_utc",
    "libc::getpid",
];
/// Calls whose value is a socket bound at the path.
const SOCKET_BINDS: &[&str] = &[
    "std::os::unix::net::UnixListener::bind",
    "tokio::net::UnixListener::bind",
    "async_std::os::unix::net::UnixListener::bind",
];

impl Rule for PredictableTempPath {
    fn check_fn(&mut self, _cx: &mut Cx<'_>, _body: &syn::Block) {
        self.functions.push(HashMap::new());
    }

    fn check_fn_post(&mut self, _cx: &mut Cx<'_>, _body: &syn::Block) {
        self.functions.pop();
    }

    fn check_local(&mut self, cx: &mut Cx<'_>, local: &syn::Local) {
        let names = crate::walk::pattern_names(&local.pat);
        let [name] = names.as_slice() else { return };
        let value = local
            .init
            .as_ref()
            .and_then(|i| self.temp_value(cx, &i.expr));
        if let Some(vars) = self.functions.last_mut() {
            match value {
                Some(value) => vars.insert(name.clone(), value),
                None => vars.remove(name), // shadowed by something else
            };
        }
    }

    fn check_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprCall, callee: &str) {
        let creates = matches!(
            fs_op(callee),
            Some(FsOp::Write | FsOp::CreateDir | FsOp::CreateDirAll)
        ) || SOCKET_BINDS.contains(&callee);
        if !creates {
            return;
        }
        if let Some(TempValue::Path(path)) = call.args.first().and_then(|a| self.temp_value(cx, a))
        {
            let short = callee.rsplit("::").take(2).collect::<Vec<_>>();
            let name = short.into_iter().rev().collect::<Vec<_>>().join("::");
            report(cx, cx.span(call), &name, &path);
        }
    }

    fn check_method_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprMethodCall) {
        let Some(flags) = open_options(cx, call) else {
            return;
        };
        if flags.create_new || !(flags.create || flags.write || flags.append) {
            return;
        }
        if let Some(TempValue::Path(path)) = self.temp_value(cx, &call.args[0]) {
            report(
                cx,
                cx.span_between(&call.method, call),
                "OpenOptions::open",
                &path,
            );
        }
    }
}

impl PredictableTempPath {
    /// Whether an expression is the temp dir or a guessable path in it.
    fn temp_value(&self, cx: &Cx<'_>, expr: &syn::Expr) -> Option<TempValue> {
        let expr = strip_parens(expr);
        if let Some(text) = literal_path(cx, expr) {
            return temp_literal(&text);
        }
        match expr {
            syn::Expr::Reference(r) => self.temp_value(cx, &r.expr),
            syn::Expr::Macro(m) => {
                let path = cx.resolve_macro(&m.mac.path);
                (path == "std::format")
                    .then(|| predictable_format(cx, &m.mac))?
                    .and_then(|text| temp_literal(&text))
            }
            syn::Expr::Call(c) => {
                let callee = cx.resolve_expr(&c.func)?;
                TEMP_DIR_CALLS
                    .contains(&callee.as_str())
                    .then_some(TempValue::Dir)
            }
            syn::Expr::MethodCall(m) if m.method == "join" && m.args.len() == 1 => {
                match self.temp_value(cx, &m.receiver)? {
                    TempValue::Dir => {
                        let name = guessable_name(cx, &m.args[0])?;
                        Some(TempValue::Path(format!("$TMPDIR/{name}")))
                    }
                    TempValue::Path(base) => {
                        let name = guessable_name(cx, &m.args[0])?;
                        Some(TempValue::Path(format!("{base}/{name}")))
                    }
                }
            }
            syn::Expr::MethodCall(m)
                if m.args.is_empty()
                    && matches!(
                        m.method.to_string().as_str(),
                        "as_path" | "clone" | "to_path_buf"
                    ) =>
            {
                self.temp_value(cx, &m.receiver)
            }
            syn::Expr::Path(p) => {
                let name = p.path.get_ident()?.to_string();
                self.functions.last()?.get(&name).cloned()
            }
            _ => None,
        }
    }
}

/// A literal under a shared temp dir: the dir itself or a path in it.
fn temp_literal(text: &str) -> Option<TempValue> {
    let trimmed = text.trim_end_matches('/');
    if TEMP_DIRS.contains(&trimmed) {
        return Some(TempValue::Dir);
    }
    TEMP_DIRS
        .iter()
        .any(|dir| {
            text.strip_prefix(dir)
                .is_some_and(|rest| rest.starts_with('/'))
        })
        .then(|| TempValue::Path(text.to_string()))
}

/// A file name that is a literal or a `format!` of guessable values.
fn guessable_name(cx: &Cx<'_>, expr: &syn::Expr) -> Option<String> {
    if let Some(text) = literal_path(cx, expr) {
        return Some(text);
    }
    match strip_parens(expr) {
        syn::Expr::Reference(r) => guessable_name(cx, &r.expr),
        syn::Expr::Macro(m) if cx.resolve_macro(&m.mac.path) == "std::format" => {
            predictable_format(cx, &m.mac)
        }
        _ => None,
    }
}

/// The format string of a `format!` whose every argument is guessable (a literal, the
/// pid, the clock); `None` when an argument may be random or comes from elsewhere.
fn predictable_format(cx: &Cx<'_>, mac: &syn::Macro) -> Option<String> {
    let parser = syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated;
    let args = syn::parse::Parser::parse2(parser, mac.tokens.clone()).ok()?;
    let mut args = args.iter();
    let syn::Expr::Lit(syn::ExprLit {
        lit: syn::Lit::Str(format),
        ..
    }) = args.next()?
    else {
        return None;
    };
    let text = format.value();
    // Inline captures (`{name}`) are values this rule cannot see.
    let inline = text.split('{').skip(1).any(|part| {
        part.chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_')
    });
    if inline || !args.all(|a| predictable_value(cx, a)) {
        return None;
    }
    Some(text)
}

fn predictable_value(cx: &Cx<'_>, expr: &syn::Expr) -> bool {
    match strip_parens(expr) {
        syn::Expr::Lit(_) => true,
        syn::Expr::Reference(r) => predictable_value(cx, &r.expr),
        syn::Expr::Call(c) => cx
            .resolve_expr(&c.func)
            .is_some_and(|p| PREDICTABLE_CALLS.contains(&p.as_str())),
        syn::Expr::MethodCall(m) => {
            !method_chain(m).is_empty() && predictable_value(cx, chain_root(&m.receiver))
        }
        syn::Expr::Try(t) => predictable_value(cx, &t.expr),
        _ => false,
    }
}

fn report(cx: &mut Cx<'_>, span: Span, what: &str, path: &str) {
    let finding = Finding::new(
        DEF.id,
        span,
        format!("`{what}` at a guessable path in a shared temp dir (`{path}`)"),
        "another user can pre-create or symlink this path",
    );
    cx.report(finding);
}
