use crate::context::{chain_root, strip_parens, Cx, Usage};
use crate::finding::{Finding, Span};
use crate::rule::{hooks, Rule};
use crate::rust::files::is_constant_name;

crate::declare_rule! {
    /// A file or socket that is forgotten, leaked or turned into a raw descriptor nobody
    /// closes keeps its descriptor until the process exits: a service that does it per
    /// request or per item reaches its `RLIMIT_NOFILE` (1024 by default) and then fails
    /// every `accept`, `open` and `connect` with "too many open files".
    ///
    /// ### Fires on
    /// ```rust,ignore
    /// std::mem::forget(file);
    /// let _ = ManuallyDrop::new(TcpStream::connect(addr)?);
    /// let file: &'static File = Box::leak(Box::new(File::open(path)?));
    /// let fd = socket.into_raw_fd();                       // and never handed on
    /// for path in paths { self.open_files.push(File::open(path)?); }
    /// ```
    /// ### Stays silent on
    /// ```rust,ignore
    /// let fd = file.into_raw_fd();
    /// let owned = unsafe { OwnedFd::from_raw_fd(fd) };     // ownership handed on
    /// Command::new("x").stdout(unsafe { Stdio::from_raw_fd(file.into_raw_fd()) });
    /// fn main() { std::mem::forget(log_file); }            // lives as long as the process
    /// let files: Vec<File> = paths.iter().map(File::open).collect::<Result<_, _>>()?; // local
    /// ```
    pub DEF = "file_handle_leak",
        hooks::CALL | hooks::METHOD_CALL | hooks::PATH | hooks::FN | hooks::LOCAL,
        FileHandleLeak::default
}

/// Per function: raw descriptors bound to a name and not used since.
#[derive(Default)]
pub struct FileHandleLeak {
    functions: Vec<Vec<(String, Span, bool)>>,
    /// Locals bound to a descriptor owner by a constructor the walker does not type
    /// (`TcpStream::connect`), per function.
    owners: Vec<std::collections::HashMap<String, String>>,
}

/// Types that own a file descriptor (or socket handle).
const FD_TYPES: &[&str] = &[
    "std::fs::File",
    "tokio::fs::File",
    "async_std::fs::File",
    "std::net::TcpStream",
    "std::net::TcpListener",
    "std::net::UdpSocket",
    "std::os::unix::net::UnixStream",
    "std::os::unix::net::UnixListener",
    "std::os::unix::net::UnixDatagram",
    "std::os::fd::OwnedFd",
    "tokio::net::TcpStream",
    "tokio::net::TcpListener",
    "tokio::net::UdpSocket",
    "tokio::net::UnixStream",
    "tokio::net::UnixListener",
    "socket2::Socket",
];
/// Constructors of those types beyond `new`/`open`/`create`.
const FD_OPENERS: &[&str] = &["connect", "bind", "open", "create", "connect_timeout"];
const LEAKS: &[&str] = &[
    "std::mem::forget",
    "std::mem::ManuallyDrop::new",
    "Box::leak",
    "std::boxed::Box::leak",
];
const INTO_RAW: &[&str] = &["into_raw_fd", "into_raw_socket", "into_raw_handle"];

impl Rule for FileHandleLeak {
    fn check_fn(&mut self, _cx: &mut Cx<'_>, _body: &syn::Block) {
        self.functions.push(Vec::new());
        self.owners.push(Default::default());
    }

    fn check_local(&mut self, cx: &mut Cx<'_>, local: &syn::Local) {
        let names = crate::walk::pattern_names(&local.pat);
        let [name] = names.as_slice() else { return };
        let ty = local.init.as_ref().and_then(|i| self.fd_type(cx, &i.expr));
        if let Some(owners) = self.owners.last_mut() {
            match ty {
                Some(ty) => owners.insert(name.clone(), ty),
                None => owners.remove(name),
            };
        }
    }

    fn check_fn_post(&mut self, cx: &mut Cx<'_>, _body: &syn::Block) {
        self.owners.pop();
        for (var, span, used) in self.functions.pop().unwrap_or_default() {
            if !used {
                cx.report(raw_finding(span, &var));
            }
        }
    }

    fn check_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprCall, callee: &str) {
        let Some(arg) = call.args.first() else { return };
        let in_main = cx.enclosing_fn().is_some_and(|f| f.is_main);
        if LEAKS.contains(&callee) && !in_main {
            let arg = match strip_parens(arg) {
                syn::Expr::Call(b) if callee.ends_with("leak") => b.args.first().unwrap_or(arg),
                other => other,
            };
            if let Some(ty) = self.fd_type(cx, arg) {
                let short = ty.rsplit("::").next().unwrap_or(&ty).to_string();
                let what = callee.rsplit("::").take(2).collect::<Vec<_>>();
                let finding = Finding::new(
                    DEF.id,
                    cx.span(call),
                    format!(
                        "`{}::{}` on a `{short}`: its descriptor is never closed",
                        what[1], what[0]
                    ),
                    "descriptor leaked until the process exits",
                );
                cx.report(finding);
            }
        }
        let raw_call = callee
            .rsplit("::")
            .next()
            .is_some_and(|m| INTO_RAW.contains(&m))
            && callee.contains("IntoRaw");
        if raw_call && self.fd_type(cx, arg).is_some() {
            self.raw_descriptor(cx, cx.span(call));
        }
    }

    fn check_method_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprMethodCall) {
        let method = call.method.to_string();
        if INTO_RAW.contains(&method.as_str()) && call.args.is_empty() {
            if self.fd_type(cx, &call.receiver).is_some() {
                self.raw_descriptor(cx, cx.span(call));
            }
            return;
        }
        let stores = matches!(method.as_str(), "push" | "push_back" | "insert");
        if !stores || !cx.in_loop() {
            return;
        }
        let long_lived = match chain_root(&call.receiver) {
            syn::Expr::Field(f) => {
                matches!(&*f.base, syn::Expr::Path(p) if p.path.is_ident("self"))
            }
            syn::Expr::Path(p) => p
                .path
                .segments
                .last()
                .is_some_and(|s| is_constant_name(&s.ident.to_string())),
            _ => false,
        };
        let Some(value) = call.args.last() else {
            return;
        };
        if let (true, Some(ty)) = (long_lived, self.fd_type(cx, value)) {
            let short = ty.rsplit("::").next().unwrap_or(&ty).to_string();
            let finding = Finding::new(
                DEF.id,
                cx.span_between(&call.method, call),
                format!("a `{short}` opened in a loop is kept in a long-lived collection"),
                "one descriptor per item, never closed",
            )
            .with_help("close each file when done with it, or bound the collection (an LRU of open files) well below the descriptor limit");
            cx.report(finding);
        }
    }

    fn check_path(&mut self, _cx: &mut Cx<'_>, expr: &syn::ExprPath) {
        let Some(ident) = expr.path.get_ident() else {
            return;
        };
        if let Some(pending) = self.functions.last_mut() {
            if let Some(p) = pending.iter_mut().rev().find(|p| ident == p.0.as_str()) {
                p.2 = true;
            }
        }
    }
}

impl FileHandleLeak {
    /// A raw descriptor taken out of its owner: fine when handed on, a leak when dropped.
    fn raw_descriptor(&mut self, cx: &mut Cx<'_>, span: Span) {
        match cx.value_usage().clone() {
            Usage::Statement => cx.report(raw_finding(span, "_")),
            Usage::Let(names) if names.len() == 1 => {
                if names[0].starts_with('_') {
                    cx.report(raw_finding(span, &names[0]));
                } else if let Some(pending) = self.functions.last_mut() {
                    pending.push((names[0].clone(), span, false));
                }
            }
            _ => {}
        }
    }
}

impl FileHandleLeak {
    /// The descriptor-owning type of an expression, when its constructor or binding says so.
    fn fd_type(&self, cx: &Cx<'_>, expr: &syn::Expr) -> Option<String> {
        if let Some(ty) = cx
            .infer_type(expr)
            .filter(|t| FD_TYPES.contains(&t.as_str()))
        {
            return Some(ty);
        }
        if let Some(name) = crate::context::ident_of(expr) {
            if let Some(ty) = self.owners.last().and_then(|o| o.get(&name)) {
                return Some(ty.clone());
            }
        }
        let mut inner = strip_parens(expr);
        loop {
            match inner {
                syn::Expr::Try(t) => inner = strip_parens(&t.expr),
                syn::Expr::Await(a) => inner = strip_parens(&a.base),
                syn::Expr::MethodCall(m)
                    if matches!(m.method.to_string().as_str(), "unwrap" | "expect") =>
                {
                    inner = strip_parens(&m.receiver)
                }
                _ => break,
            }
        }
        let syn::Expr::Call(call) = inner else {
            return None;
        };
        let callee = cx.resolve_expr(&call.func)?;
        let (ty, func) = callee.rsplit_once("::")?;
        (FD_TYPES.contains(&ty) && FD_OPENERS.contains(&func)).then(|| ty.to_string())
    }
}

fn raw_finding(span: Span, var: &str) -> Finding {
    let message = if var == "_" {
        "raw descriptor taken and dropped: the file or socket is never closed".to_string()
    } else {
        format!("raw descriptor `{var}` is never handed to an owner: the file or socket is never closed")
    };
    Finding::new(DEF.id, span, message, "`into_raw_fd` gives up the close on drop")
        .with_help("keep the `File`/`OwnedFd`, or hand the raw descriptor to a function that takes ownership (`OwnedFd::from_raw_fd`)")
}
