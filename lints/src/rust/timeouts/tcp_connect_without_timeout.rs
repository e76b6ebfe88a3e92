use crate::context::{ident_of, Cx, Frame, Usage};
use crate::facts::{Condition, Fact};
use crate::finding::{Finding, Span};
use crate::rule::{hooks, Rule};
use crate::rust::timeouts::names_loopback;
use std::collections::HashSet;

crate::declare_rule! {
    /// A TCP connect with no timeout waits for the kernel to give up (about two minutes
    /// with Linux's default SYN retries) when the peer's host is down or a firewall drops
    /// packets, and a std stream with no read timeout waits forever on a peer that
    /// stopped answering: the thread or task, and whatever waits on it, hang with it.
    ///
    /// ### Fires on
    /// ```rust,ignore
    /// let stream = std::net::TcpStream::connect(addr)?;               // use connect_timeout
    /// let stream = TcpStream::connect_timeout(&addr, d)?;
    /// stream.read_exact(&mut header)?;                                  // no set_read_timeout
    /// let stream = tokio::net::TcpStream::connect(addr).await?;         // not in a timeout
    /// ```
    /// ### Stays silent on
    /// ```rust,ignore
    /// let stream = TcpStream::connect_timeout(&addr, Duration::from_secs(3))?;
    /// stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    /// let stream = timeout(Duration::from_secs(3), tokio::net::TcpStream::connect(addr)).await??;
    /// async fn dial(a: &str) -> io::Result<TcpStream> { TcpStream::connect(a).await }
    /// let stream = timeout(Duration::from_secs(3), dial(addr)).await??;   // bounded by the caller
    /// let probe = TcpStream::connect(("127.0.0.1", port));              // loopback answers at once
    /// ```
    pub DEF = "tcp_connect_without_timeout",
        hooks::CALL | hooks::METHOD_CALL | hooks::FN | hooks::LOCAL,
        TcpConnectWithoutTimeout::default
}

/// std streams bound in each open function, decided at its end.
#[derive(Default)]
pub struct TcpConnectWithoutTimeout {
    functions: Vec<Vec<StdStream>>,
    /// Per open function: names bound to a loopback address (`("localhost", port)`).
    loopback: Vec<HashSet<String>>,
}

/// A `std::net::TcpStream` bound by `let` from `connect_timeout`.
struct StdStream {
    var: String,
    first_io: Option<Span>,
    read_timeout: bool,
}

const STD_CONNECT: &str = "std::net::TcpStream::connect";
const STD_CONNECT_TIMEOUT: &str = "std::net::TcpStream::connect_timeout";
const ASYNC_CONNECTS: &[&str] = &[
    "tokio::net::TcpStream::connect",
    "async_std::net::TcpStream::connect",
    "smol::net::TcpStream::connect",
];
/// Reads and writes on a std stream that wait on the peer.
const STREAM_IO: &[&str] = &[
    "read",
    "read_exact",
    "read_to_end",
    "read_to_string",
    "write_all",
];

impl Rule for TcpConnectWithoutTimeout {
    fn check_fn(&mut self, _cx: &mut Cx<'_>, _body: &syn::Block) {
        self.functions.push(Vec::new());
        self.loopback.push(HashSet::new());
    }

    fn check_local(&mut self, _cx: &mut Cx<'_>, local: &syn::Local) {
        let Some(init) = &local.init else { return };
        let Some(loopback) = self.loopback.last_mut() else {
            return;
        };
        if names_loopback(&init.expr, loopback) {
            loopback.extend(crate::walk::pattern_names(&local.pat));
        }
    }

    fn check_fn_post(&mut self, cx: &mut Cx<'_>, _body: &syn::Block) {
        self.loopback.pop();
        for stream in self.functions.pop().unwrap_or_default() {
            if let (Some(span), false) = (stream.first_io, stream.read_timeout) {
                let finding = Finding::new(
                    DEF.id,
                    span,
                    "std TCP stream read with no read timeout",
                    "waits forever if the peer stops answering",
                )
                .with_help("call `stream.set_read_timeout(Some(Duration::from_secs(30)))?` (and `set_write_timeout`) after connecting");
                cx.report(finding);
            }
        }
    }

    fn check_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprCall, callee: &str) {
        let connect = callee == STD_CONNECT
            || callee == STD_CONNECT_TIMEOUT
            || ASYNC_CONNECTS.contains(&callee);
        let loopback = connect
            && self
                .loopback
                .last()
                .is_some_and(|names| call.args.first().is_some_and(|a| names_loopback(a, names)));
        // `impl Drop`: a connect to the process's own listener, to wake its accept loop.
        let waking_own_listener = connect
            && cx
                .enclosing_fn()
                .and_then(|f| f.trait_path.as_deref())
                .is_some_and(|t| t == "std::ops::Drop" || t == "Drop");
        if loopback || waking_own_listener {
            return; // a local peer answers or refuses at once
        }
        if callee == STD_CONNECT {
            let finding = Finding::new(
                DEF.id,
                cx.span(call),
                "std TCP connect with no connect timeout",
                "waits for the kernel's SYN retries (about 2 minutes)",
            )
            .with_help("use `TcpStream::connect_timeout(&addr, Duration::from_secs(3))` and set read/write timeouts on the stream");
            cx.report(finding);
        } else if callee == STD_CONNECT_TIMEOUT {
            if let Usage::Let(names) = cx.value_usage() {
                if let ([name], Some(open)) = (names.as_slice(), self.functions.last_mut()) {
                    open.push(StdStream {
                        var: name.clone(),
                        first_io: None,
                        read_timeout: false,
                    });
                }
            }
        } else if ASYNC_CONNECTS.contains(&callee) && awaited_unbounded(cx) {
            let finding = Finding::new(
                DEF.id,
                cx.span(call),
                "TCP connect awaited with no timeout",
                "waits for the kernel's SYN retries (about 2 minutes)",
            )
            .with_help("wrap it: `tokio::time::timeout(Duration::from_secs(3), TcpStream::connect(addr)).await??`");
            let direct = cx
                .frames_in_fn()
                .all(|f| matches!(f, Frame::Loop | Frame::Macro(_)));
            let name = cx.enclosing_fn().map(|f| f.name.clone());
            match name {
                // The caller may bound the whole function: `timeout(d, self.connect_to(a))`.
                Some(name) if direct => cx.report(
                    finding.when(Condition::has_named(CALLED_UNDER_TIMEOUT, name).negate()),
                ),
                _ => cx.report(finding),
            }
        } else if cx.under_timeout() && !is_external(cx, callee) {
            if let Some(name) = callee.rsplit("::").next() {
                cx.fact(Fact::named(CALLED_UNDER_TIMEOUT, name));
            }
        }
    }

    fn check_method_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprMethodCall) {
        if cx.under_timeout() {
            cx.fact(Fact::named(CALLED_UNDER_TIMEOUT, call.method.to_string()));
        }
        let Some(var) = ident_of(&call.receiver) else {
            return;
        };
        let Some(stream) = self
            .functions
            .last_mut()
            .and_then(|open| open.iter_mut().rev().find(|s| s.var == var))
        else {
            return;
        };
        let method = call.method.to_string();
        if method == "set_read_timeout" {
            stream.read_timeout |=
                !matches!(call.args.first(), Some(syn::Expr::Path(p)) if p.path.is_ident("None"));
        } else if STREAM_IO.contains(&method.as_str()) && stream.first_io.is_none() {
            stream.first_io = Some(cx.span(call));
        } else if method == "try_clone" || method == "set_nonblocking" {
            stream.read_timeout = true; // handed on or made non-blocking: cannot follow
        }
    }
}

/// Fact: the function named in the value is called inside a timeout wrapper.
const CALLED_UNDER_TIMEOUT: &str = "called_under_timeout";

/// A path into std or a dependency (`tokio::net::TcpStream::connect`), not this crate's.
fn is_external(cx: &Cx<'_>, callee: &str) -> bool {
    let first = callee
        .trim_start_matches("::")
        .split("::")
        .next()
        .unwrap_or("");
    matches!(first, "std" | "core" | "alloc" | "tokio" | "async_std")
        || cx.package.dependency(first).is_some()
        || cx.package.dependencies.contains_key(first)
}

/// The connect future is awaited here, not inside a timeout or a `select!`.
fn awaited_unbounded(cx: &Cx<'_>) -> bool {
    let awaited = cx.usages().any(|u| matches!(u, Usage::Await));
    awaited
        && !cx.under_timeout()
        && !cx.in_macro("tokio::select")
        && !cx.in_macro("futures::select")
}
