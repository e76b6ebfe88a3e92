use crate::context::{
    chain_methods, chain_root, ident_of, strip_parens, Cx, HandlerEvidence, Usage,
};
use crate::finding::{Finding, Span};
use crate::rule::{hooks, Rule};
use crate::walk::pattern_names;
use std::collections::HashMap;

crate::declare_rule! {
    /// Reading a whole body, socket or decompressed stream into memory with no size
    /// limit lets one client choose how much memory the process uses: a 10 GB upload, a
    /// peer that never closes, or a 40 KB gzip/zip bomb that inflates to gigabytes, and
    /// the OOM killer ends every request in flight.
    ///
    /// ### Fires on
    /// ```rust,ignore
    /// let app = Router::new().route("/upload", post(upload)).layer(DefaultBodyLimit::disable());
    /// let bytes = hyper::body::to_bytes(req.into_body()).await?;
    /// let bytes = req.into_body().collect().await?.to_bytes();      // http-body-util
    /// GzDecoder::new(&body[..]).read_to_end(&mut out)?;   // in a request handler: a gzip bomb
    /// let data = zstd::decode_all(&body[..])?;
    /// archive.by_index(i)?.read_to_end(&mut out)?;                   // a zip entry
    /// stream.read_to_end(&mut buf).await?;                           // a TcpStream
    /// App::new().app_data(web::PayloadConfig::new(usize::MAX));      // actix
    /// ```
    /// ### Stays silent on
    /// ```rust,ignore
    /// let bytes = Limited::new(req.into_body(), 1 << 20).collect().await?.to_bytes();
    /// GzDecoder::new(&body[..]).take(MAX_INFLATED).read_to_end(&mut out)?;
    /// GzDecoder::new(File::open(state_path)?).read_to_end(&mut out)?; // not in a handler
    /// let bytes = axum::body::to_bytes(body, 1 << 20).await?;
    /// let reply = hyper::body::to_bytes(upstream_response.into_body()).await?; // not a handler
    /// async fn upload(body: Bytes) {}                                // axum's 2 MB default
    /// ```
    /// Bodies, decompressors and zip entries are flagged where the code runs per
    /// request (a handler by its extractors, its route attribute or its registration on a
    /// router, in any file of the package), a body only when the function never looked at
    /// its `Content-Length`; sockets and limits set to `usize::MAX` everywhere. Only
    /// service code is checked.
    pub DEF = "unbounded_body_read",
        hooks::FN | hooks::LOCAL | hooks::LOOP | hooks::CALL | hooks::METHOD_CALL,
        UnboundedBodyRead::default
}

/// Per function: variables known to hold an unbounded reader (or a listener or a zip
/// archive that hands them out).
#[derive(Default)]
pub struct UnboundedBodyRead {
    functions: Vec<HashMap<String, Source>>,
    /// Per function: the declared length of a body was looked at (`content_length()`,
    /// `headers().get(CONTENT_LENGTH)`), so a whole read is checked against it.
    length_checked: Vec<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    /// A decompressor over data of unknown origin: untrusted only in a request handler.
    Decoder,
    /// A decompressor over a socket or a body.
    NetworkDecoder,
    Socket,
    ZipEntry,
    Listener,
    ZipArchive,
    Body,
}

impl Source {
    fn describe(self) -> &'static str {
        match self {
            Source::Decoder | Source::NetworkDecoder => {
                "a decompressor (a small bomb inflates to gigabytes)"
            }
            Source::Socket => "a network stream",
            Source::ZipEntry => "a zip entry (a small bomb inflates to gigabytes)",
            Source::Body => "an HTTP body",
            Source::Listener | Source::ZipArchive => "a stream",
        }
    }
}

/// Decompressing readers, by constructor.
const DECODERS: &[&str] = &[
    "flate2::read::GzDecoder::new",
    "flate2::read::MultiGzDecoder::new",
    "flate2::read::ZlibDecoder::new",
    "flate2::read::DeflateDecoder::new",
    "flate2::bufread::GzDecoder::new",
    "flate2::bufread::MultiGzDecoder::new",
    "flate2::bufread::ZlibDecoder::new",
    "flate2::bufread::DeflateDecoder::new",
    "zstd::Decoder::new",
    "zstd::stream::Decoder::new",
    "zstd::stream::read::Decoder::new",
    "zstd::stream::read::Decoder::with_buffer",
    "brotli::Decompressor::new",
    "xz2::read::XzDecoder::new",
    "xz2::bufread::XzDecoder::new",
    "bzip2::read::BzDecoder::new",
    "bzip2::read::MultiBzDecoder::new",
    "lz4_flex::frame::FrameDecoder::new",
    "snap::read::FrameDecoder::new",
    "async_compression::tokio::bufread::GzipDecoder::new",
    "async_compression::tokio::bufread::ZlibDecoder::new",
    "async_compression::tokio::bufread::DeflateDecoder::new",
    "async_compression::tokio::bufread::ZstdDecoder::new",
    "async_compression::tokio::bufread::BrotliDecoder::new",
    "async_compression::tokio::bufread::XzDecoder::new",
    "async_compression::futures::bufread::GzipDecoder::new",
    "async_compression::futures::bufread::ZstdDecoder::new",
    "async_compression::futures::bufread::BrotliDecoder::new",
];
/// Calls that connect a stream socket.
const CONNECTS: &[&str] = &[
    "std::net::TcpStream::connect",
    "std::net::TcpStream::connect_timeout",
    "tokio::net::TcpStream::connect",
    "async_std::net::TcpStream::connect",
    "std::os::unix::net::UnixStream::connect",
    "tokio::net::UnixStream::connect",
];
/// Stream socket types, for parameters.
const SOCKET_TYPES: &[&str] = &[
    "std::net::TcpStream",
    "tokio::net::TcpStream",
    "async_std::net::TcpStream",
    "std::os::unix::net::UnixStream",
    "tokio::net::UnixStream",
];
/// Calls that bind a listener.
const LISTENERS: &[&str] = &[
    "std::net::TcpListener::bind",
    "tokio::net::TcpListener::bind",
    "async_std::net::TcpListener::bind",
    "std::os::unix::net::UnixListener::bind",
    "tokio::net::UnixListener::bind",
];
const LISTENER_TYPES: &[&str] = &[
    "std::net::TcpListener",
    "tokio::net::TcpListener",
    "async_std::net::TcpListener",
    "std::os::unix::net::UnixListener",
    "tokio::net::UnixListener",
];
const ZIP_ARCHIVES: &[&str] = &["zip::ZipArchive", "zip::read::ZipArchive"];
/// Request body types whose `collect()` buffers everything.
const BODY_TYPES: &[&str] = &[
    "hyper::body::Incoming",
    "hyper::Body",
    "hyper::body::Body",
    "axum::body::Body",
];
/// Functions that buffer a whole body or stream, with what they read.
const WHOLE_READS: &[&str] = &[
    "hyper::body::to_bytes",
    "hyper::body::aggregate",
    "zstd::decode_all",
    "zstd::stream::decode_all",
];
/// Wrappers that cap a body.
const LIMITED: &[&str] = &[
    "http_body_util::Limited::new",
    "http_body::Limited::new",
    "hyper::body::Limited::new",
];
/// Limits that are no limit, by the constructor that takes them.
const LIMIT_SETTERS: &[&str] = &[
    "axum::extract::DefaultBodyLimit::max",
    "tower_http::limit::RequestBodyLimitLayer::new",
    "actix_web::web::PayloadConfig::new",
];
const ACTIX_CONFIGS: &[&str] = &[
    "actix_web::web::PayloadConfig",
    "actix_web::web::JsonConfig",
    "actix_web::web::FormConfig",
];

impl Rule for UnboundedBodyRead {
    fn check_fn(&mut self, cx: &mut Cx<'_>, _body: &syn::Block) {
        let mut vars = HashMap::new();
        if let Some(info) = cx.enclosing_fn() {
            for (name, ty) in &info.params {
                if SOCKET_TYPES.contains(&ty.as_str()) {
                    vars.insert(name.clone(), Source::Socket);
                } else if LISTENER_TYPES.contains(&ty.as_str()) {
                    vars.insert(name.clone(), Source::Listener);
                } else if BODY_TYPES.contains(&ty.as_str()) {
                    vars.insert(name.clone(), Source::Body);
                }
            }
        }
        self.functions.push(vars);
        self.length_checked.push(false);
    }

    fn check_fn_post(&mut self, _cx: &mut Cx<'_>, _body: &syn::Block) {
        self.functions.pop();
        self.length_checked.pop();
    }

    fn check_local(&mut self, cx: &mut Cx<'_>, local: &syn::Local) {
        let names = pattern_names(&local.pat);
        let Some(init) = &local.init else { return };
        let source = self.source_of(cx, &init.expr);
        let Some(vars) = self.functions.last_mut() else {
            return;
        };
        match (source, names.as_slice()) {
            (Some(source), [name]) => {
                vars.insert(name.clone(), source);
            }
            // `let (stream, addr) = listener.accept()?;`
            (Some(Source::Socket), [stream, ..]) => {
                vars.insert(stream.clone(), Source::Socket);
            }
            (None, [name]) => {
                vars.remove(name);
            }
            _ => {}
        }
    }

    fn check_loop(&mut self, cx: &mut Cx<'_>, expr: &syn::Expr) {
        // `for stream in listener.incoming()`
        let syn::Expr::ForLoop(f) = expr else { return };
        let names = pattern_names(&f.pat);
        let incoming = matches!(strip_parens(&f.expr), syn::Expr::MethodCall(m)
            if m.method == "incoming" && self.source_of(cx, &m.receiver) == Some(Source::Listener));
        if let (true, [name], Some(vars)) = (incoming, names.as_slice(), self.functions.last_mut())
        {
            vars.insert(name.clone(), Source::Socket);
        }
    }

    fn check_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprCall, callee: &str) {
        let span = cx.span(call);
        match callee {
            "axum::extract::DefaultBodyLimit::disable" => cx.report(
                Finding::new(DEF.id, span, "request body limit disabled", "every extractor now buffers bodies of any size")
                    .with_help("set a bound instead: `DefaultBodyLimit::max(8 * 1024 * 1024)` on the routes that take uploads"),
            ),
            _ if LIMIT_SETTERS.contains(&callee) && call.args.first().is_some_and(is_no_limit) => {
                cx.report(
                    Finding::new(DEF.id, span, "body limit set to the maximum integer", "no limit at all")
                        .with_help("set the largest body the endpoint really accepts, e.g. `8 * 1024 * 1024`"),
                );
            }
            "axum::body::to_bytes" if call.args.iter().nth(1).is_some_and(is_no_limit) => {
                cx.report(read_finding(span, "`axum::body::to_bytes` with no limit", Source::Body));
            }
            _ if WHOLE_READS.contains(&callee) => {
                let limited = call.args.first().is_some_and(|a| self.is_limited(cx, a));
                if !limited {
                    let source = if callee.starts_with("zstd") { Source::Decoder } else { Source::Body };
                    let name = callee.rsplit("::").next().unwrap_or(callee);
                    self.report(cx, read_finding(span, &format!("`{name}` buffers the whole input"), source), source);
                }
            }
            "std::io::read_to_string" => {
                if let Some(source) = call.args.first().and_then(|a| self.reader_source(cx, a)) {
                    self.report(cx, read_finding(span, "`read_to_string` of the whole input", source), source);
                }
            }
            _ => {}
        }
    }

    fn check_method_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprMethodCall) {
        let method = call.method.to_string();
        let names_length = matches!(method.as_str(), "content_length" | "size_hint")
            || call.args.iter().any(|a| {
                matches!(strip_parens(a), syn::Expr::Path(p)
                if p.path.segments.last().is_some_and(|s| s.ident == "CONTENT_LENGTH"))
            });
        if names_length {
            if let Some(checked) = self.length_checked.last_mut() {
                *checked = true;
            }
        }
        match method.as_str() {
            "read_to_end" | "read_to_string" if call.args.len() == 1 => {
                if let Some(source) = self.reader_source(cx, &call.receiver) {
                    let span = cx.span_between(&call.receiver, call);
                    self.report(
                        cx,
                        read_finding(span, &format!("`{method}` with no size limit"), source),
                        source,
                    );
                }
            }
            "collect" if call.args.is_empty() && matches!(cx.usage(), Usage::Await) => {
                let receiver = strip_parens(&call.receiver);
                let body = match receiver {
                    syn::Expr::MethodCall(m) if m.method == "into_body" => {
                        !self.is_limited(cx, receiver)
                    }
                    other => ident_of(other).is_some_and(|v| self.var(&v) == Some(Source::Body)),
                };
                if body {
                    let span = cx.span_between(&call.receiver, call);
                    self.report(
                        cx,
                        read_finding(span, "`collect()` buffers the whole body", Source::Body),
                        Source::Body,
                    );
                }
            }
            "limit" if call.args.first().is_some_and(is_no_limit) => {
                let root = match chain_root(&call.receiver) {
                    syn::Expr::Call(c) => cx.resolve_expr(&c.func),
                    _ => None,
                };
                let actix = root.as_deref().is_some_and(|r| {
                    ACTIX_CONFIGS
                        .iter()
                        .any(|c| r.strip_prefix(c).is_some_and(|rest| rest.starts_with("::")))
                });
                if actix {
                    let span = cx.span_between(&call.method, call);
                    cx.report(
                        Finding::new(DEF.id, span, "body limit set to the maximum integer", "no limit at all")
                            .with_help("set the largest body the endpoint really accepts, e.g. `.limit(8 * 1024 * 1024)`"),
                    );
                }
            }
            _ => {}
        }
    }
}

impl UnboundedBodyRead {
    /// Reports a read. A body, decompressor or zip entry of unknown origin only when the
    /// code runs per request (its input is then the client's, not a trusted upstream's or
    /// the service's own file), and a body only when its declared length went unchecked.
    fn report(&self, cx: &mut Cx<'_>, finding: Finding, source: Source) {
        if !matches!(source, Source::Decoder | Source::ZipEntry | Source::Body) {
            cx.report(finding);
            return;
        }
        if source == Source::Body && self.length_checked.last() == Some(&true) {
            return;
        }
        match cx.request_handler() {
            HandlerEvidence::Certain => cx.report(finding),
            HandlerEvidence::IfRouted(condition) => cx.report(finding.when(condition)),
            HandlerEvidence::No => {}
        }
    }

    fn var(&self, name: &str) -> Option<Source> {
        self.functions.last()?.get(name).copied()
    }

    /// What an expression yields, through `?`, `.await`, `.unwrap()` and rebinding;
    /// `None` once `.take(limit)` caps it.
    fn source_of(&self, cx: &Cx<'_>, expr: &syn::Expr) -> Option<Source> {
        let methods = chain_methods(expr);
        let mut names: Vec<String> = methods.iter().rev().map(|m| m.method.to_string()).collect();
        names.retain(|m| {
            !matches!(
                m.as_str(),
                "unwrap" | "expect" | "await" | "into_std" | "as_mut" | "by_ref"
            )
        });
        let root = chain_root(expr);
        let mut source = match root {
            syn::Expr::Call(c) => {
                let callee = cx.resolve_expr(&c.func).unwrap_or_default();
                if DECODERS.contains(&callee.as_str()) {
                    let input = c.args.first().and_then(|a| self.source_of(cx, a));
                    match input {
                        Some(Source::Socket | Source::Body) => Some(Source::NetworkDecoder),
                        _ => Some(Source::Decoder),
                    }
                } else if CONNECTS.contains(&callee.as_str()) {
                    Some(Source::Socket)
                } else if LISTENERS.contains(&callee.as_str()) {
                    Some(Source::Listener)
                } else if ZIP_ARCHIVES.iter().any(|z| callee == format!("{z}::new")) {
                    Some(Source::ZipArchive)
                } else {
                    None
                }
            }
            syn::Expr::Reference(r) => return self.source_of(cx, &r.expr),
            other => {
                let name = ident_of(other)?;
                self.var(&name).or_else(|| match cx.local_type(&name) {
                    Some(ty) if ZIP_ARCHIVES.contains(&ty) => Some(Source::ZipArchive),
                    Some(ty) if SOCKET_TYPES.contains(&ty) => Some(Source::Socket),
                    Some(ty) if LISTENER_TYPES.contains(&ty) => Some(Source::Listener),
                    _ => None,
                })
            }
        };
        for name in names {
            source = match (source?, name.as_str()) {
                (Source::Listener, "accept") => Some(Source::Socket),
                (
                    Source::ZipArchive,
                    "by_index" | "by_name" | "by_index_decrypt" | "by_name_decrypt",
                ) => Some(Source::ZipEntry),
                // `.take(limit)` caps it; any other adapter makes it something else.
                _ => None,
            };
        }
        source
    }

    /// What a reader given to `read_to_end` is, when it is unbounded.
    fn reader_source(&self, cx: &Cx<'_>, expr: &syn::Expr) -> Option<Source> {
        match self.source_of(cx, expr)? {
            s @ (Source::Decoder | Source::NetworkDecoder | Source::Socket | Source::ZipEntry) => {
                Some(s)
            }
            _ => None,
        }
    }

    /// True for `Limited::new(body, n)` or a variable bound to one.
    fn is_limited(&self, cx: &Cx<'_>, expr: &syn::Expr) -> bool {
        match chain_root(expr) {
            syn::Expr::Call(c) => cx
                .resolve_expr(&c.func)
                .is_some_and(|p| LIMITED.contains(&p.as_str())),
            other => ident_of(other)
                .and_then(|v| cx.local_type(&v).map(str::to_string))
                .is_some_and(|ty| {
                    LIMITED
                        .iter()
                        .any(|l| l.strip_suffix("::new") == Some(ty.as_str()))
                }),
        }
    }
}

/// `usize::MAX`, `u64::MAX`, `std::usize::MAX`.
fn is_no_limit(expr: &syn::Expr) -> bool {
    match strip_parens(expr) {
        syn::Expr::Path(p) => {
            let segs: Vec<String> = p
                .path
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect();
            segs.last().is_some_and(|l| l == "MAX")
                && segs
                    .iter()
                    .rev()
                    .nth(1)
                    .is_some_and(|t| matches!(t.as_str(), "usize" | "u64"))
        }
        _ => false,
    }
}

fn read_finding(span: Span, what: &str, source: Source) -> Finding {
    Finding::new(
        DEF.id,
        span,
        format!("{what}: reads {} with no size limit", source.describe()),
        "memory use is chosen by the sender",
    )
}
