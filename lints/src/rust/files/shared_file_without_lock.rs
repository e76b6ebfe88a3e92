use crate::context::{Cx, Usage};
use crate::finding::{Finding, Span};
use crate::rule::{hooks, Rule, StaticItem};
use crate::rust::files::{fs_op, mentions, open_options, FixedPath, FixedPaths, FsOp};

crate::declare_rule! {
    /// A file at a fixed path is shared by every process that runs the same code: a second
    /// instance, the next replica on the host, a cron job, the old process still draining
    /// during a deploy. With no lock their writes interleave and corrupt the file, and two
    /// instances both believe they own the pid or state file.
    ///
    /// ### Fires on
    /// ```rust,ignore
    /// let mut log = OpenOptions::new().append(true).create(true).open("/var/log/billing.log")?;
    /// writeln!(log, "{event}")?;
    /// let pid = File::create("/run/billing.pid")?;              // no lock: two instances run
    /// let state = OpenOptions::new().write(true).open(STATE_FILE)?;
    /// ```
    /// ### Stays silent on
    /// ```rust,ignore
    /// let file = OpenOptions::new().append(true).create(true).open("/var/log/billing.log")?;
    /// file.lock()?;                                             // std (1.89), fs2, fs4
    /// let mut lock = fd_lock::RwLock::new(File::create("/run/billing.pid")?);
    /// let writer = OpenOptions::new().append(true).open(&config.log_path)?;   // configured
    /// OpenOptions::new().write(true).create_new(true).open("/run/billing.pid")?;
    /// ```
    pub DEF = "shared_file_without_lock",
        hooks::CALL | hooks::METHOD_CALL | hooks::PATH | hooks::STATIC | hooks::LOCAL | hooks::FN | hooks::STRUCT_LIT,
        SharedFileWithoutLock::default
}

/// Constant paths of the file, and per function the files opened at one.
#[derive(Default)]
pub struct SharedFileWithoutLock {
    /// `const`/`static` and local names bound to a literal path.
    fixed: FixedPaths,
    functions: Vec<Vec<Opened>>,
}

struct Opened {
    var: String,
    path: String,
    finding: Finding,
    settled: bool,
}

/// Extensions of files that processes share by convention.
const SHARED_EXTENSIONS: &[&str] = &[
    ".log", ".pid", ".lock", ".db", ".sqlite", ".json", ".jsonl", ".csv", ".state", ".dat",
];
/// Methods that take an advisory lock (std 1.89, fs2, fs4, file-lock).
const LOCK_METHODS: &[&str] = &[
    "lock",
    "try_lock",
    "lock_shared",
    "try_lock_shared",
    "lock_exclusive",
    "try_lock_exclusive",
];
/// Functions that lock the file they are given (or take it to lock it).
const LOCK_CALLS: &[&str] = &[
    "fd_lock::RwLock::new",
    "fslock::LockFile::open",
    "file_guard::lock",
    "file_guard::try_lock",
    "nix::fcntl::flock",
    "nix::fcntl::Flock::lock",
    "rustix::fs::flock",
    "libc::flock",
    "libc::lockf",
    "libc::fcntl",
];
/// Wrappers that take the file and never lock it.
const WRAPPERS: &[&str] = &["std::io::BufWriter::new", "std::io::LineWriter::new"];

impl Rule for SharedFileWithoutLock {
    fn check_fn(&mut self, _cx: &mut Cx<'_>, _body: &syn::Block) {
        self.functions.push(Vec::new());
    }

    fn check_fn_post(&mut self, cx: &mut Cx<'_>, _body: &syn::Block) {
        for opened in self.functions.pop().unwrap_or_default() {
            if !opened.settled {
                cx.report(opened.finding);
            }
        }
    }

    fn check_static(&mut self, cx: &mut Cx<'_>, item: &StaticItem<'_>) {
        self.fixed.record_static(cx, item);
    }

    fn check_local(&mut self, cx: &mut Cx<'_>, local: &syn::Local) {
        self.fixed.record_local(cx, local);
    }

    fn check_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprCall, callee: &str) {
        let is_lock = LOCK_CALLS.contains(&callee)
            || callee
                .rsplit("::")
                .next()
                .is_some_and(|last| LOCK_METHODS.contains(&last) && callee.contains("FileExt"));
        if is_lock {
            for arg in &call.args {
                self.settle_mentioned(arg);
            }
            return;
        }
        if fs_op(callee) == Some(FsOp::Move) {
            // Written at this path, then renamed into place: not shared while written.
            let moved = call.args.first().and_then(|a| self.shared_path(cx, a));
            if let (Some(moved), Some(opened)) = (moved, self.functions.last_mut()) {
                opened
                    .iter_mut()
                    .filter(|o| o.path == moved)
                    .for_each(|o| o.settled = true);
            }
            return;
        }
        let create = matches!(
            callee,
            "std::fs::File::create" | "tokio::fs::File::create" | "fs_err::File::create"
        );
        if let (true, Some(arg)) = (create, call.args.first()) {
            // Truncating a shared file is a problem for pid and lock files: the ones whose
            // whole point is to be owned by one process.
            if let Some(path) = self.shared_path(cx, arg) {
                if path.ends_with(".pid") || path.ends_with(".lock") {
                    self.opened(cx, cx.span(call), "created", &path);
                }
            }
        }
    }

    fn check_method_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprMethodCall) {
        if LOCK_METHODS.contains(&call.method.to_string().as_str()) {
            self.settle_mentioned(&call.receiver);
            return;
        }
        let Some(flags) = open_options(cx, call) else {
            return;
        };
        if flags.create_new || !(flags.append || flags.write) {
            return;
        }
        if let Some(path) = self.shared_path(cx, &call.args[0]) {
            let how = if flags.append {
                "opened for append"
            } else {
                "opened for writing"
            };
            let span = cx.span_between(&call.method, call);
            self.opened(cx, span, how, &path);
        }
    }

    fn check_path(&mut self, cx: &mut Cx<'_>, expr: &syn::ExprPath) {
        let Some(ident) = expr.path.get_ident() else {
            return;
        };
        let usage = cx.usage().clone();
        let Some(opened) = self
            .functions
            .last_mut()
            .and_then(|o| o.iter_mut().rev().find(|o| ident == o.var.as_str()))
        else {
            return;
        };
        match usage {
            Usage::Arg(callee) if WRAPPERS.contains(&callee.as_str()) => {}
            Usage::Arg(_) | Usage::Return | Usage::Tail | Usage::Let(_) => opened.settled = true,
            _ => {}
        }
    }

    fn check_struct_lit(&mut self, _cx: &mut Cx<'_>, expr: &syn::ExprStruct, _path: &str) {
        for field in &expr.fields {
            self.settle_mentioned(&field.expr);
        }
    }
}

impl SharedFileWithoutLock {
    /// A constant path that several processes share, as written.
    fn shared_path(&self, cx: &Cx<'_>, expr: &syn::Expr) -> Option<String> {
        match self.fixed.resolve(cx, expr)? {
            FixedPath::Literal(text) => (text.starts_with('/')
                || SHARED_EXTENSIONS.iter().any(|e| text.ends_with(e)))
            .then_some(text),
            FixedPath::Constant(name) => Some(name),
        }
    }

    /// Reports a file opened at a shared path, or follows it when bound to a name.
    fn opened(&mut self, cx: &mut Cx<'_>, span: Span, how: &str, path: &str) {
        let finding = Finding::new(
            DEF.id,
            span,
            format!("file at the fixed path `{path}` {how} with no lock"),
            "every process running this code writes the same file",
        );
        let usage = cx
            .usages()
            .find(|u| match u {
                Usage::Await | Usage::Try => false,
                Usage::Receiver(m) => !matches!(m.as_str(), "unwrap" | "expect"),
                _ => true,
            })
            .cloned();
        match usage {
            Some(Usage::Let(names)) if names.len() == 1 && names[0] != "_" => {
                if let Some(opened) = self.functions.last_mut() {
                    opened.push(Opened {
                        var: names[0].clone(),
                        path: path.to_string(),
                        finding,
                        settled: false,
                    });
                }
            }
            Some(Usage::Receiver(method)) if LOCK_METHODS.contains(&method.as_str()) => {}
            Some(Usage::Arg(callee)) if !WRAPPERS.contains(&callee.as_str()) => {}
            Some(Usage::Return | Usage::Tail | Usage::Other | Usage::Matched(_)) => {}
            _ => cx.report(finding),
        }
    }

    fn settle_mentioned(&mut self, expr: &syn::Expr) {
        if let Some(opened) = self.functions.last_mut() {
            for o in opened.iter_mut().filter(|o| mentions(expr, &o.var)) {
                o.settled = true;
            }
        }
    }
}
