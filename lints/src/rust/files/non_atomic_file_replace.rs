use crate::context::{strip_parens, Cx};
use crate::facts::{Condition, Fact};
use crate::finding::{Finding, Span};
use crate::rule::{hooks, Rule};
use crate::rust::files::{fs_op, is_constant_name, open_options, FixedPaths, FsOp};

crate::declare_rule! {
    /// Rewriting a file in place truncates it first: a reader (another request, another
    /// replica, the next start after a crash or an OOM kill) sees an empty or half-written
    /// file, and the service starts from corrupt state. Writing a temporary file in the
    /// same directory and renaming it over the old one is atomic.
    ///
    /// ### Fires on
    /// ```rust,ignore
    /// const STATE: &str = "state.json";
    /// fn load() -> io::Result<String> { std::fs::read_to_string(STATE) }
    /// fn save(state: &str) -> io::Result<()> { std::fs::write(STATE, state) }   // in place
    /// ```
    /// ### Stays silent on
    /// ```rust,ignore
    /// fn save(state: &str) -> io::Result<()> {
    ///     std::fs::write("state.json.tmp", state)?;
    ///     std::fs::rename("state.json.tmp", STATE)                              // atomic
    /// }
    /// let mut file = tempfile::NamedTempFile::new_in(dir)?; file.persist(STATE)?;
    /// std::fs::write("export.csv", rows)?;                  // never read back by the crate
    /// OpenOptions::new().append(true).open("audit.log")?;   // appended, not replaced
    /// ```
    pub DEF = "non_atomic_file_replace",
        hooks::CALL | hooks::METHOD_CALL | hooks::LOCAL | hooks::FN,
        NonAtomicFileReplace::default
}

/// Fact key: a file at this path (literal, or constant name) is read by the package.
const FILE_READ: &str = "file_read";

/// Per function: in-place writes seen, and paths renamed into place.
#[derive(Default)]
pub struct NonAtomicFileReplace {
    fixed: FixedPaths,
    functions: Vec<Function>,
}

/// One function's in-place writes (path key and where) and paths renamed into place.
#[derive(Default)]
struct Function {
    writes: Vec<(String, Span)>,
    renamed: Vec<String>,
}

impl Rule for NonAtomicFileReplace {
    fn check_fn(&mut self, _cx: &mut Cx<'_>, _body: &syn::Block) {
        self.functions.push(Function::default());
    }

    fn check_fn_post(&mut self, cx: &mut Cx<'_>, _body: &syn::Block) {
        let Some(Function { writes, renamed }) = self.functions.pop() else {
            return;
        };
        for (key, span) in writes {
            if renamed.contains(&key) || key.ends_with(".log") {
                continue;
            }
            let finding = Finding::new(
                DEF.id,
                span,
                format!("`{key}` is rewritten in place while the crate also reads it"),
                "truncated, then written: a reader or a crash sees a partial file",
            )
            .when(Condition::has_named(FILE_READ, key.clone()));
            cx.report(finding);
        }
    }

    fn check_local(&mut self, cx: &mut Cx<'_>, local: &syn::Local) {
        self.fixed.record_local(cx, local);
    }

    fn check_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprCall, callee: &str) {
        let Some(op) = fs_op(callee) else { return };
        let Some(key) = call.args.first().and_then(|a| self.key(cx, a)) else {
            return;
        };
        match op {
            FsOp::Read => cx.fact(Fact::named(FILE_READ, key)),
            FsOp::Write => self.write(key, cx.span(call)),
            FsOp::Move => {
                // `rename(tmp, path)`: the file at `tmp` is written then moved into place.
                if let Some(function) = self.functions.last_mut() {
                    function.renamed.push(key);
                }
            }
            _ => {}
        }
    }

    fn check_method_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprMethodCall) {
        let Some(flags) = open_options(cx, call) else {
            return;
        };
        let Some(key) = self.key(cx, &call.args[0]) else {
            return;
        };
        if flags.truncate && flags.write && !flags.append && !flags.create_new {
            self.write(key, cx.span_between(&call.method, call));
        } else if !(flags.write || flags.append || flags.create || flags.create_new) {
            cx.fact(Fact::named(FILE_READ, key));
        }
    }
}

impl NonAtomicFileReplace {
    /// A path's name across files: its literal text, or the name of the constant holding
    /// it (a constant of this file is keyed by name too, as other files name it so).
    fn key(&self, cx: &Cx<'_>, expr: &syn::Expr) -> Option<String> {
        if let syn::Expr::Path(p) = strip_parens(expr) {
            let last = p.path.segments.last()?.ident.to_string();
            if is_constant_name(&last) {
                return Some(last);
            }
        }
        self.fixed.resolve(cx, expr).map(|f| f.text().to_string())
    }

    fn write(&mut self, key: String, span: Span) {
        if let Some(function) = self.functions.last_mut() {
            function.writes.push((key, span));
        }
    }
}
