use crate::context::{chain_root, ident_of, strip_parens, Cx, Frame, Usage};
use crate::finding::{Finding, Span};
use crate::rule::{hooks, Rule};
use crate::rust::files::mentions;
use quote::ToTokens;
use syn::spanned::Spanned;

crate::declare_rule! {
    /// A `BufWriter` that is dropped instead of flushed writes its last buffer in `Drop`,
    /// where an error (disk full, quota, broken pipe) cannot be returned and is silently
    /// ignored: the function reports success and the tail of the file is missing. Tokio's
    /// `BufWriter` does not even try: its buffer is simply lost.
    ///
    /// ### Fires on
    /// ```rust,ignore
    /// let mut out = BufWriter::new(File::create(path)?);
    /// for row in rows { writeln!(out, "{row}")?; }
    /// Ok(())                                     // dropped: the last write error is lost
    ///
    /// let mut out = BufWriter::new(File::create(path)?);
    /// if rows.is_empty() { writeln!(out, "none")?; return Ok(()); }   // this path never flushes
    /// out.flush()?;
    /// ```
    /// ### Stays silent on
    /// ```rust,ignore
    /// let mut out = BufWriter::new(File::create(path)?);
    /// serde_json::to_writer(&mut out, &report)?;
    /// out.flush()?;                              // or `out.into_inner()?`
    /// fn writer(path: &Path) -> io::Result<BufWriter<File>> { Ok(BufWriter::new(File::create(path)?)) }
    /// let out = BufWriter::new(io::stdout().lock());          // stdout, not a file
    /// ```
    pub DEF = "bufwriter_not_flushed",
        hooks::CALL | hooks::METHOD_CALL | hooks::PATH | hooks::FN | hooks::STRUCT_LIT,
        BufWriterNotFlushed::default
}

/// Per function: the buffered writers bound to a name.
#[derive(Default)]
pub struct BufWriterNotFlushed {
    functions: Vec<Function>,
}

#[derive(Default)]
struct Function {
    /// Depth of the usage stack at the function's entry.
    base: usize,
    writers: Vec<Writer>,
}

struct Writer {
    var: String,
    span: Span,
    /// Where the `let` is: its block path and how many closures deep.
    at: Place,
    /// Where each statement-level flush is.
    flushes: Vec<Place>,
    flushed_somewhere: bool,
    escaped: bool,
    /// An explicit `return` reached with the writer neither flushed nor returned.
    unflushed_return: Option<u32>,
}

/// A point of the function: the blocks around it and how many closures or async
/// blocks deep it is (their statements run at another time).
#[derive(Clone, PartialEq, Eq)]
struct Place {
    blocks: Vec<u32>,
    closures: usize,
}

impl Place {
    fn here(cx: &Cx<'_>) -> Self {
        Place {
            blocks: cx.block_path().to_vec(),
            closures: cx
                .frames_in_fn()
                .filter(|f| matches!(f, Frame::Closure { .. } | Frame::Async { .. }))
                .count(),
        }
    }

    /// True when a statement at `self` has run before any later point at `later`.
    fn dominates(&self, later: &Place) -> bool {
        self.closures == later.closures && later.blocks.starts_with(&self.blocks)
    }
}

const BUFWRITERS: &[&str] = &[
    "std::io::BufWriter::new",
    "std::io::BufWriter::with_capacity",
    "std::io::LineWriter::new",
    "tokio::io::BufWriter::new",
    "tokio::io::BufWriter::with_capacity",
    "futures::io::BufWriter::new",
    "futures::io::BufWriter::with_capacity",
    "async_std::io::BufWriter::new",
    "async_std::io::BufWriter::with_capacity",
];
/// Methods that write the buffer out and report its error.
const FLUSHES: &[&str] = &["flush", "into_inner", "into_parts", "shutdown", "close"];
/// Inner writers whose errors cannot matter to a service (memory, standard streams).
const HARMLESS_INNER: &[&str] = &[
    "std::io::stdout",
    "std::io::stderr",
    "std::io::sink",
    "std::io::Cursor::new",
    "Vec::new",
    "Vec::with_capacity",
    "std::vec::Vec::new",
    "String::new",
    "tokio::io::stdout",
    "tokio::io::stderr",
    "tokio::io::sink",
];

impl Rule for BufWriterNotFlushed {
    fn check_fn(&mut self, cx: &mut Cx<'_>, _body: &syn::Block) {
        self.functions.push(Function {
            base: cx.usages().count(),
            writers: Vec::new(),
        });
    }

    fn check_fn_post(&mut self, cx: &mut Cx<'_>, _body: &syn::Block) {
        let Some(function) = self.functions.pop() else {
            return;
        };
        for w in function.writers.into_iter().filter(|w| !w.escaped) {
            // A flush in the writer's own block, after it: every path to its end flushes.
            let flushed_here = w.flushes.contains(&w.at);
            let message = if !flushed_here && w.flushed_somewhere {
                format!("`{}` is flushed on some paths only", w.var)
            } else if !flushed_here {
                format!("`{}` is dropped without `.flush()`", w.var)
            } else if let Some(line) = w.unflushed_return {
                format!(
                    "`{}` is not flushed before the `return` on line {line}",
                    w.var
                )
            } else {
                continue;
            };
            let finding = Finding::new(
                DEF.id,
                w.span,
                format!("buffered writer not flushed on every path: {message}"),
                "a write error in its `Drop` is silently lost",
            );
            cx.report(finding);
        }
    }

    fn check_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprCall, callee: &str) {
        self.on_exit(cx, call, || is_err(cx, call));
        if !BUFWRITERS.contains(&callee) {
            return;
        }
        let Some(inner) = call.args.last() else {
            return;
        };
        if harmless_inner(cx, inner) {
            return;
        }
        let (Some(_), Usage::Let(names)) = (statement_depth(cx), cx.value_usage().clone()) else {
            return;
        };
        let ([name], Some(function)) = (names.as_slice(), self.functions.last_mut()) else {
            return;
        };
        if name == "_" {
            return;
        }
        function.writers.push(Writer {
            var: name.clone(),
            span: cx.span(call),
            at: Place::here(cx),
            flushes: Vec::new(),
            flushed_somewhere: false,
            escaped: false,
            unflushed_return: None,
        });
    }

    fn check_method_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprMethodCall) {
        self.on_exit(cx, call, || false);
        if !FLUSHES.contains(&call.method.to_string().as_str()) {
            return;
        }
        let Some(var) = ident_of(chain_root(&call.receiver)) else {
            return;
        };
        let statement = statement_depth(cx).is_some();
        let place = Place::here(cx);
        if let Some(w) = self.writer(&var) {
            w.flushed_somewhere = true;
            if statement {
                w.flushes.push(place);
            }
        }
    }

    fn check_path(&mut self, cx: &mut Cx<'_>, expr: &syn::ExprPath) {
        self.on_exit(cx, expr, || false);
        let Some(ident) = expr.path.get_ident() else {
            return;
        };
        let usage = cx.usage().clone();
        // `&mut w` handed to a function of this crate (or a method) may flush it there.
        let lent_to_local = matches!(cx.usages().nth(1), Some(Usage::Arg(callee))
            if usage == Usage::Other && cx.may_be_crate_local(callee));
        if let Some(w) = self.writer(&ident.to_string()) {
            let moved = match usage {
                Usage::Arg(callee) => callee != "std::mem::drop" && callee != "drop",
                Usage::Return | Usage::Tail | Usage::Let(_) => true,
                _ => lent_to_local,
            };
            w.escaped |= moved;
        }
    }

    fn check_struct_lit(&mut self, _cx: &mut Cx<'_>, expr: &syn::ExprStruct, _path: &str) {
        if let Some(function) = self.functions.last_mut() {
            for w in &mut function.writers {
                w.escaped |= expr.fields.iter().any(|f| mentions(&f.expr, &w.var));
            }
        }
    }
}

impl BufWriterNotFlushed {
    fn writer(&mut self, var: &str) -> Option<&mut Writer> {
        self.functions
            .last_mut()?
            .writers
            .iter_mut()
            .rev()
            .find(|w| w.var == var)
    }

    /// At an explicit `return value` of the function (not a closure's, not an error),
    /// every writer still open must have been flushed on the way or be returned.
    fn on_exit(
        &mut self,
        cx: &Cx<'_>,
        expr: &(impl ToTokens + Spanned),
        is_err: impl FnOnce() -> bool,
    ) {
        let Some(function) = self.functions.last_mut() else {
            return;
        };
        if function.writers.is_empty() || *cx.usage() != Usage::Return || in_closure(cx) {
            return;
        }
        let depth = cx.usages().count();
        if depth <= function.base + 1 {
            return; // the body's tail: decided at the function's end
        }
        if is_err() {
            return;
        }
        let line = cx.span(expr).line_start;
        let here = Place::here(cx);
        for w in function.writers.iter_mut() {
            let live = w.at.dominates(&here) && !w.escaped;
            let flushed = w.flushes.iter().any(|f| f.dominates(&here));
            if live && !flushed && !mentions(expr, &w.var) && w.unflushed_return.is_none() {
                w.unflushed_return = Some(line);
            }
        }
    }
}

/// `Err(..)`: an error path, where the writer's buffered data does not matter.
fn is_err(cx: &Cx<'_>, call: &syn::ExprCall) -> bool {
    cx.resolve_expr(&call.func)
        .is_some_and(|p| p == "Err" || p.ends_with("::Err"))
}

/// The usage depth of the statement the current expression belongs to, through `?`,
/// `.await` and method chains (`w.flush().await?;`).
fn statement_depth(cx: &Cx<'_>) -> Option<usize> {
    let total = cx.usages().count();
    for (index, usage) in cx.usages().enumerate() {
        match usage {
            Usage::Await | Usage::Try | Usage::Receiver(_) => continue,
            Usage::Statement | Usage::Let(_) | Usage::Return | Usage::Tail => {
                return Some(total - index)
            }
            _ => return None,
        }
    }
    None
}

/// True inside a closure or async block of the current function: its `return` and its
/// flushes run at another time than the function's own statements.
fn in_closure(cx: &Cx<'_>) -> bool {
    cx.frames_in_fn()
        .any(|f| matches!(f, Frame::Closure { .. } | Frame::Async { .. }))
}

/// Memory buffers and standard streams: their write errors are not data loss.
fn harmless_inner(cx: &Cx<'_>, inner: &syn::Expr) -> bool {
    let inner = match strip_parens(inner) {
        syn::Expr::Reference(r) => &*r.expr,
        other => other,
    };
    match chain_root(inner) {
        syn::Expr::Call(c) => cx
            .resolve_expr(&c.func)
            .is_some_and(|p| HARMLESS_INNER.contains(&p.as_str())),
        syn::Expr::Macro(m) => cx.resolve_macro(&m.mac.path) == "std::vec",
        other => cx.infer_type(other).is_some_and(|t| {
            matches!(
                t.as_str(),
                "Vec"
                    | "std::vec::Vec"
                    | "std::io::Cursor"
                    | "String"
                    | "std::io::Stdout"
                    | "std::io::Stderr"
            )
        }),
    }
}
