use crate::context::{chain_methods, Cx, Usage};
use crate::finding::{Finding, Span};
use crate::rule::{hooks, Rule};
use crate::rust::files::{fs_op, open_options, path_key, FsOp};

crate::declare_rule! {
    /// Checking that a path exists and then opening, creating or removing it is a race:
    /// between the two calls another process, a second replica or an attacker can create,
    /// remove or swap the file (a symlink), so the check answers a question about a file
    /// that is no longer the one used, and the "impossible" error still happens under load.
    ///
    /// ### Fires on
    /// ```rust,ignore
    /// if path.exists() {
    ///     let text = std::fs::read_to_string(&path)?;       // may be gone by now
    /// }
    /// if !Path::new(&lock).exists() {
    ///     File::create(&lock)?;                             // two processes both create it
    /// }
    /// if fs::metadata(&tmp).is_ok() { fs::remove_file(&tmp)?; }
    /// ```
    /// ### Stays silent on
    /// ```rust,ignore
    /// match File::open(&path) {                             // the open answers the question
    ///     Ok(file) => load(file)?,
    ///     Err(e) if e.kind() == ErrorKind::NotFound => Config::default(),
    ///     Err(e) => return Err(e.into()),
    /// }
    /// OpenOptions::new().write(true).create_new(true).open(&lock)?;   // atomic
    /// if !dir.exists() { fs::create_dir_all(&dir)?; }       // idempotent
    /// ```
    pub DEF = "exists_then_open",
        hooks::CALL | hooks::METHOD_CALL | hooks::LOCAL | hooks::FN,
        ExistsThenOpen::default
}

/// Per function: path values checked so far, with where and how.
#[derive(Default)]
pub struct ExistsThenOpen {
    functions: Vec<Vec<Check>>,
    /// Per function: a lock guard is held (`let guard = map.lock()`): its author
    /// serialised the check and the use.
    guarded: Vec<bool>,
}

struct Check {
    /// The blocks around the check: it applies to uses in the same block or nested ones.
    blocks: Vec<u32>,
    key: String,
    name: String,
    span: Span,
}

/// Methods of `Path` that ask whether a file is at the path.
const CHECK_METHODS: &[&str] = &["exists", "is_file", "try_exists"];
/// Functions that ask whether a file is at their path argument.
const CHECK_CALLS: &[&str] = &[
    "std::path::Path::exists",
    "std::path::Path::is_file",
    "tokio::fs::try_exists",
    "std::fs::exists",
];
/// `metadata` reads a file's size or times as often as it tests for it: a check only
/// when its result is tested right away (`fs::metadata(p).is_ok()`).
const METADATA_CALLS: &[&str] = &[
    "std::fs::metadata",
    "tokio::fs::metadata",
    "async_std::fs::metadata",
];
const EXISTENCE_TESTS: &[&str] = &["is_ok", "is_err"];
/// Methods that change a `PathBuf` in place.
const PATH_MUTATORS: &[&str] = &["push", "pop", "set_file_name", "set_extension", "clear"];
/// Methods whose bound result is a lock guard.
const GUARDS: &[&str] = &["lock", "write", "lock_exclusive", "blocking_lock"];

impl Rule for ExistsThenOpen {
    fn check_fn(&mut self, _cx: &mut Cx<'_>, _body: &syn::Block) {
        self.functions.push(Vec::new());
        self.guarded.push(false);
    }

    fn check_fn_post(&mut self, _cx: &mut Cx<'_>, _body: &syn::Block) {
        self.functions.pop();
        self.guarded.pop();
    }

    fn check_local(&mut self, _cx: &mut Cx<'_>, local: &syn::Local) {
        let guard = local.init.as_ref().is_some_and(|init| {
            chain_methods(&init.expr)
                .iter()
                .any(|m| GUARDS.contains(&m.method.to_string().as_str()) && m.args.is_empty())
        });
        if let (true, Some(guarded)) = (guard, self.guarded.last_mut()) {
            *guarded = true;
        }
        // A new binding of the same name is a new value: its old checks do not apply.
        let names = crate::walk::pattern_names(&local.pat);
        if let Some(checks) = self.functions.last_mut() {
            checks.retain(|c| !names.contains(&c.key));
        }
    }

    fn check_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprCall, callee: &str) {
        let Some(arg) = call.args.first() else { return };
        let tested = || {
            matches!(cx.usages().find(|u| !matches!(u, Usage::Try | Usage::Await)),
                Some(Usage::Receiver(m)) if EXISTENCE_TESTS.contains(&m.as_str()))
        };
        if CHECK_CALLS.contains(&callee) || (METADATA_CALLS.contains(&callee) && tested()) {
            let name = callee.rsplit("::").next().unwrap_or(callee).to_string();
            self.record(cx, arg, name, cx.span(call));
            return;
        }
        let used = matches!(
            fs_op(callee),
            Some(FsOp::Read | FsOp::Write | FsOp::CreateDir | FsOp::Remove)
        );
        if used {
            let short: Vec<&str> = callee.rsplit("::").take(2).collect();
            let name = format!("{}::{}", short[1], short[0]);
            self.use_path(cx, arg, &name, cx.span(call));
        }
    }

    fn check_method_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprMethodCall) {
        let method = call.method.to_string();
        let tested =
            matches!(cx.usage(), Usage::Receiver(m) if EXISTENCE_TESTS.contains(&m.as_str()));
        let check = CHECK_METHODS.contains(&method.as_str()) || (method == "metadata" && tested);
        if call.args.is_empty() && check {
            self.record(cx, &call.receiver, method, cx.span(call));
            return;
        }
        if PATH_MUTATORS.contains(&method.as_str()) {
            // `path.set_file_name(..)`: the checked value is gone.
            if let (Some(key), Some(checks)) =
                (path_key(cx, &call.receiver), self.functions.last_mut())
            {
                checks.retain(|c| c.key != key);
            }
            return;
        }
        if let Some(flags) = open_options(cx, call) {
            if !flags.create_new {
                let span = cx.span_between(&call.method, call);
                self.use_path(cx, &call.args[0], "OpenOptions::open", span);
            }
        }
    }
}

impl ExistsThenOpen {
    fn record(&mut self, cx: &Cx<'_>, path: &syn::Expr, name: String, span: Span) {
        if self.guarded.last().copied().unwrap_or(false) {
            return;
        }
        let (Some(key), Some(checks)) = (path_key(cx, path), self.functions.last_mut()) else {
            return;
        };
        checks.push(Check {
            blocks: cx.block_path().to_vec(),
            key,
            name,
            span,
        });
    }

    fn use_path(&mut self, cx: &mut Cx<'_>, path: &syn::Expr, what: &str, span: Span) {
        // A use whose result is matched (`match`, `if let`) or ignored (`let _ =`) handles
        // the file having changed since the check.
        match cx.usages().find(|u| !matches!(u, Usage::Await)) {
            Some(Usage::Other | Usage::Matched(_)) | None => return,
            Some(Usage::Let(names)) if names.len() == 1 && names[0] == "_" => return,
            _ => {}
        }
        let Some(key) = path_key(cx, path) else {
            return;
        };
        let here = cx.block_path();
        let Some(check) = self.functions.last().and_then(|checks| {
            checks
                .iter()
                .rev()
                .find(|c| c.key == key && here.starts_with(&c.blocks))
        }) else {
            return;
        };
        let line = check.span.line_start;
        let finding = Finding::new(
            DEF.id,
            span,
            format!(
                "`{what}` on a path checked with `{}` on line {line}: the file can change in between",
                check.name
            ),
            "time of check is not time of use",
        )
        .with_note(format!(
            "`{}` (line {line}) and this call race with any other process using `{key}`",
            check.name
        ));
        cx.report(finding);
    }
}
