use crate::context::{chain_root, method_chain, strip_parens, Cx};
use crate::finding::{Finding, Span};
use crate::rule::{hooks, Rule};

crate::declare_rule! {
    /// A thread per accepted connection lets clients choose how many threads the
    /// process runs: each costs a stack (2 MB by default) and a scheduler slot, so a
    /// burst or a slow-loris attack exhausts memory or the thread limit, and `spawn`
    /// panics.
    ///
    /// ### Fires on
    /// ```rust,ignore
    /// for stream in listener.incoming() {
    ///     let stream = stream?;
    ///     std::thread::spawn(move || handle(stream));
    /// }
    /// loop {
    ///     let (stream, _) = listener.accept()?;
    ///     thread::Builder::new().name("conn".into()).spawn(move || handle(stream))?;
    /// }
    /// ```
    /// ### Stays silent on
    /// ```rust,ignore
    /// let pool = threadpool::ThreadPool::new(16);
    /// for stream in listener.incoming() {
    ///     pool.execute(move || handle(stream.unwrap()));     // a bounded pool
    /// }
    /// loop {
    ///     let (socket, _) = listener.accept().await?;
    ///     tokio::spawn(handle(socket));                        // tasks, not threads
    /// }
    /// for _ in 0..workers { std::thread::spawn(worker); }      // a fixed number of threads
    /// ```
    pub DEF = "thread_per_connection",
        hooks::FN | hooks::LOOP | hooks::CALL | hooks::METHOD_CALL,
        ThreadPerConnection::default
}

/// Open loops, innermost last, with their accept evidence and the threads they spawn;
/// and the closures given to `listener.incoming().for_each(..)`.
#[derive(Default)]
pub struct ThreadPerConnection {
    loops: Vec<Vec<AcceptLoop>>,
    accept_closures: Vec<(u32, u32)>,
}

#[derive(Default)]
struct AcceptLoop {
    accepts: bool,
    capped: bool,
    spawns: Vec<Span>,
}

/// Methods that wait for a running thread or a permit: a loop calling one is capped.
const CAPS: &[&str] = &[
    "join",
    "acquire",
    "try_acquire",
    "acquire_owned",
    "wait",
    "wait_while",
];

impl Rule for ThreadPerConnection {
    fn check_fn(&mut self, _cx: &mut Cx<'_>, _body: &syn::Block) {
        self.loops.push(Vec::new());
    }

    fn check_fn_post(&mut self, _cx: &mut Cx<'_>, _body: &syn::Block) {
        self.loops.pop();
    }

    fn check_loop(&mut self, _cx: &mut Cx<'_>, expr: &syn::Expr) {
        let accepts = match expr {
            syn::Expr::ForLoop(f) => accepts_connections(&f.expr),
            _ => false,
        };
        if let Some(loops) = self.loops.last_mut() {
            loops.push(AcceptLoop {
                accepts,
                ..AcceptLoop::default()
            });
        }
    }

    fn check_loop_post(&mut self, cx: &mut Cx<'_>, _expr: &syn::Expr) {
        let Some(loops) = self.loops.last_mut() else {
            return;
        };
        let Some(done) = loops.pop() else { return };
        if done.accepts {
            if !done.capped {
                for span in done.spawns {
                    cx.report(finding(span));
                }
            }
        } else if let Some(outer) = loops.last_mut() {
            // A spawn in an inner loop still runs once per connection of an outer one.
            outer.spawns.extend(done.spawns);
            outer.capped |= done.capped;
        }
    }

    fn check_call(&mut self, cx: &mut Cx<'_>, _call: &syn::ExprCall, callee: &str) {
        if callee == "std::thread::spawn" {
            self.spawned(cx, cx.span(_call));
        }
    }

    fn check_method_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprMethodCall) {
        let method = call.method.to_string();
        let current = self.loops.last_mut().and_then(|l| l.last_mut());
        match method.as_str() {
            "accept" | "incoming" if call.args.is_empty() => {
                if let Some(current) = current {
                    current.accepts = true;
                }
            }
            m if CAPS.contains(&m) && (m != "join" || call.args.is_empty()) => {
                if let Some(current) = current {
                    current.capped = true;
                }
            }
            "spawn" => {
                let root = match chain_root(&call.receiver) {
                    syn::Expr::Call(c) => cx.resolve_expr(&c.func),
                    _ => None,
                };
                if root.as_deref() == Some("std::thread::Builder::new") {
                    let span = cx.span_between(&call.receiver, call);
                    self.spawned(cx, span);
                }
            }
            "for_each" | "try_for_each" if accepts_connections(&call.receiver) => {
                for arg in &call.args {
                    let span = cx.span(arg);
                    self.accept_closures.push((span.byte_start, span.byte_end));
                }
            }
            _ => {}
        }
    }
}

impl ThreadPerConnection {
    fn spawned(&mut self, cx: &mut Cx<'_>, span: Span) {
        let in_accept_closure = self
            .accept_closures
            .iter()
            .any(|&(start, end)| start <= span.byte_start && span.byte_start < end);
        if in_accept_closure {
            cx.report(finding(span));
        } else if let Some(current) = self.loops.last_mut().and_then(|l| l.last_mut()) {
            current.spawns.push(span);
        }
    }
}

/// `listener.incoming()` (with adapters), the source of a connection per item.
fn accepts_connections(expr: &syn::Expr) -> bool {
    match strip_parens(expr) {
        syn::Expr::MethodCall(m) => method_chain(m)
            .iter()
            .any(|c| c.method == "incoming" && c.args.is_empty()),
        _ => false,
    }
}

fn finding(span: Span) -> Finding {
    Finding::new(
        DEF.id,
        span,
        "a new thread for every accepted connection",
        "one OS thread per client, with no cap",
    )
}
