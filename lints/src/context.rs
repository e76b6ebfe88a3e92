//! What a rule knows while it looks at a node: the file, the package, the enclosing
//! function, loop and async context, how the node's value is used, and the `use` map.
//!
//! The vocabulary rules share lives here (`resolve`, `enclosing_fn`, `in_loop`,
//! `in_async`, `usage`), so a rule reads like its spec.

use crate::facts::{keys, Condition, Fact};
use crate::finding::{Finding, Span};
use crate::imports::{Imports, ModuleScope};
use crate::source::LineIndex;
use std::collections::HashMap;
use syn::spanned::Spanned;

/// A dependency of the analysed package, as Cargo.toml declares it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dependency {
    /// The crate's real name with `-` turned into `_` (`actix_web`).
    pub name: String,
    /// Features enabled explicitly.
    pub features: Vec<String>,
}

/// What the rules know about the package a file belongs to.
#[derive(Debug, Clone, Default)]
pub struct PackageInfo {
    /// Package name.
    pub name: String,
    /// Normal (non-dev) dependencies by the name the code uses.
    pub dependencies: HashMap<String, Dependency>,
    /// Library crates of the workspace this package's code can name (its own library
    /// and its workspace dependencies'), so references into them are recorded.
    pub local_crates: Vec<String>,
}

impl PackageInfo {
    /// The dependency whose real crate name is `name` (`-` or `_` spelling).
    pub fn dependency(&self, name: &str) -> Option<&Dependency> {
        let name = name.replace('-', "_");
        self.dependencies.values().find(|dep| dep.name == name)
    }

    /// True when the package depends on `name` with `feature` enabled explicitly.
    pub fn has_feature(&self, name: &str, feature: &str) -> bool {
        self.dependency(name)
            .is_some_and(|dep| dep.features.iter().any(|f| f == feature))
    }

    /// Renames from Cargo.toml (`http = { package = "reqwest" }`): alias -> crate.
    pub fn crate_renames(&self) -> HashMap<String, String> {
        self.dependencies
            .iter()
            .filter(|(alias, dep)| **alias != dep.name)
            .map(|(alias, dep)| (alias.clone(), dep.name.clone()))
            .collect()
    }
}

/// A function (free, associated or trait default) the walker is inside.
#[derive(Debug, Clone)]
pub struct FnInfo {
    /// The function's name.
    pub name: String,
    /// `async fn`.
    pub is_async: bool,
    /// `unsafe fn`: its caller upholds invariants the code does not show.
    pub is_unsafe: bool,
    /// `fn main` at the root of a binary crate.
    pub is_main: bool,
    /// Resolved self type of the enclosing `impl`, if any.
    pub self_ty: Option<String>,
    /// Resolved trait of the enclosing `impl Trait for ..`, if any.
    pub trait_path: Option<String>,
    /// Parameters: bound names and resolved type paths (refs, `Arc`, `Box` peeled).
    pub params: Vec<(String, String)>,
    /// Resolved attribute paths (`tokio::main`, `actix_web::get`).
    pub attrs: Vec<String>,
    /// Span of the function's name.
    pub span: Span,
}

/// Where the walker is: one entry per enclosing construct, outermost first.
#[derive(Debug, Clone)]
pub enum Frame {
    /// Inside a function body.
    Fn(Box<FnInfo>),
    /// Inside a closure; `arg_of` names the call it is passed to (`tokio::task::spawn_blocking`,
    /// or `.map` for a method).
    Closure {
        /// `async` closure.
        is_async: bool,
        /// The callee this closure is an argument of.
        arg_of: Option<String>,
    },
    /// Inside an `async` block; `arg_of` as for closures.
    Async {
        /// The callee this block is an argument of.
        arg_of: Option<String>,
    },
    /// Inside a `loop`, `while` or `for` body (the `for` iterable is outside).
    Loop,
    /// Inside the initializer of a `static`/`const` (or `lazy_static!`, `thread_local!`).
    StaticInit,
    /// Inside the body of a macro the walker parsed, by resolved macro path.
    Macro(String),
}

/// How the value of the current expression is used by its parent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Usage {
    /// `expr;`: the value is dropped.
    Statement,
    /// `let pat = expr`: bound names (`_` when the pattern is a bare underscore).
    Let(Vec<String>),
    /// The receiver of a method call, by method name.
    Receiver(String),
    /// An argument of a call, by resolved callee path.
    Arg(String),
    /// The operand of `.await`.
    Await,
    /// The operand of `?`.
    Try,
    /// Returned: `return expr` or the tail of a function body.
    Return,
    /// The tail expression of a block that is not a function body.
    Tail,
    /// The scrutinee of `if let` or `match`: what each arm does with the value (an
    /// `if let` without `else` has an implicit empty `_` arm).
    Matched(Vec<MatchArm>),
    /// Anything else.
    Other,
}

/// One arm of a `match` (or branch of an `if let`) as seen from its scrutinee.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchArm {
    /// The variants the pattern starts with (`Ok`, `Err`, `Some`); `_` for a wildcard
    /// or a binding that takes any value.
    pub variants: Vec<String>,
    /// The arm has an `if` guard, so it may not take every value its pattern matches.
    pub guarded: bool,
    /// The body does nothing: `{}` or `()`.
    pub empty: bool,
    /// First and last line of the arm, to look for a comment that explains it.
    pub lines: (u32, u32),
}

/// The per-file context handed to every rule hook.
pub struct Cx<'a> {
    /// Path of the file relative to the analysed root.
    pub path: &'a str,
    /// The file's text.
    pub text: &'a str,
    /// Line index for spans.
    pub lines: LineIndex<'a>,
    /// The package the file belongs to.
    pub package: &'a PackageInfo,
    /// True for the root file of a binary target (`src/main.rs`, `src/bin/*.rs`).
    pub is_bin_root: bool,
    pub(crate) imports: Imports,
    pub(crate) module: usize,
    pub(crate) blocks: Vec<ModuleScope>,
    pub(crate) frames: Vec<Frame>,
    pub(crate) usages: Vec<Usage>,
    pub(crate) locals: Vec<HashMap<String, String>>,
    pub(crate) item: Vec<String>,
    /// Per enclosing function: how many `if` branches and `match` arms the walker is in.
    pub(crate) branches: Vec<usize>,
    /// Byte ranges of the conditions guarding the code being walked, in the current
    /// function: `if` conditions and `match` scrutinees.
    pub(crate) conditions: Vec<(u32, u32)>,
    pub(crate) block_path: Vec<u32>,
    pub(crate) blocks_entered: u32,
    pub(crate) findings: Vec<Finding>,
    pub(crate) facts: Vec<Fact>,
    /// Modules of this crate or of workspace libraries that the code names, with the
    /// top-level item of this file that names them.
    pub(crate) references: std::collections::BTreeSet<(String, String)>,
}

impl<'a> Cx<'a> {
    /// A context for one file whose AST is `file`, indexed by `lines` (built once per file).
    pub fn new(
        path: &'a str,
        lines: LineIndex<'a>,
        package: &'a PackageInfo,
        is_bin_root: bool,
        file: &syn::File,
    ) -> Self {
        Cx {
            path,
            text: lines.text(),
            lines,
            package,
            is_bin_root,
            imports: Imports::collect(file, &package.crate_renames()),
            module: 0,
            blocks: Vec::new(),
            frames: Vec::new(),
            usages: Vec::new(),
            locals: Vec::new(),
            item: Vec::new(),
            branches: vec![0],
            conditions: Vec::new(),
            block_path: Vec::new(),
            blocks_entered: 0,
            findings: Vec::new(),
            facts: Vec::new(),
            references: Default::default(),
        }
    }

    /// Reports a finding; the enclosing item is filled in for baselines.
    pub fn report(&mut self, mut finding: Finding) {
        if finding.item.is_empty() {
            finding.item = self.item.join("::");
        }
        self.findings.push(finding);
    }

    /// Records a package-level fact.
    pub fn fact(&mut self, fact: Fact) {
        self.facts.push(fact);
    }

    /// Records that the code names `resolved` when it leads into this crate or a
    /// workspace library: the driver joins these into which modules each binary uses.
    pub fn note_reference(&mut self, resolved: &str) {
        if let Some(reference) = self
            .imports
            .local_reference(resolved, &self.package.local_crates)
        {
            let item = self.item.first().cloned().unwrap_or_default();
            self.references.insert((item, reference.to_string()));
        }
    }

    /// The span of any syntax node.
    pub fn span(&self, node: &impl Spanned) -> Span {
        self.lines.span(node.span())
    }

    /// The span of an expression, from its edge tokens ([`crate::bounds`]): unlike
    /// [`Cx::span`], it does not print the expression, so it costs the same on a
    /// one-token path and on a call holding a whole function body.
    pub fn expr_span(&self, expr: &syn::Expr) -> Span {
        self.lines
            .span_between(crate::bounds::first(expr), crate::bounds::last(expr))
    }

    /// The span of a block, from its braces.
    pub fn block_span(&self, block: &syn::Block) -> Span {
        let braces = block.brace_token.span;
        self.lines.span_between(braces.open(), braces.close())
    }

    /// Where a call starts: its first attribute's `#`, else its callee's or receiver's
    /// first token.
    pub fn start_byte(&self, attrs: &[syn::Attribute], head: &syn::Expr) -> u32 {
        let start = match attrs.first() {
            Some(attr) => attr.pound_token.span,
            None => crate::bounds::first(head),
        };
        self.lines.span_between(start, start).byte_start
    }

    /// The span from the start of `first` to the end of `last`.
    pub fn span_between(&self, first: &impl Spanned, last: &impl Spanned) -> Span {
        self.lines.span_between(first.span(), last.span())
    }

    /// The full path a written path denotes (`Http::new` -> `reqwest::Client::new`).
    pub fn resolve(&self, path: &syn::Path) -> String {
        self.imports
            .resolve(&crate::imports::segments(path), self.module, &self.blocks)
    }

    /// The full path of a macro (`println` -> `std::println`, `info` -> `tracing::info`).
    pub fn resolve_macro(&self, path: &syn::Path) -> String {
        self.imports
            .resolve_macro(&crate::imports::segments(path), self.module, &self.blocks)
    }

    /// The resolved path of an expression that is a path (`Client::new`), else `None`.
    pub fn resolve_expr(&self, expr: &syn::Expr) -> Option<String> {
        match strip_parens(expr) {
            syn::Expr::Path(p) if p.qself.is_none() => Some(self.resolve(&p.path)),
            _ => None,
        }
    }

    /// The resolved type path of a type (`&Arc<reqwest::Client>` -> `reqwest::Client`).
    pub fn resolve_type(&self, ty: &syn::Type) -> Option<String> {
        match ty {
            syn::Type::Reference(r) => self.resolve_type(&r.elem),
            syn::Type::Paren(p) => self.resolve_type(&p.elem),
            syn::Type::Path(p) if p.qself.is_none() => {
                let full = self.resolve(&p.path);
                let last = p.path.segments.last()?;
                if matches!(
                    full.as_str(),
                    "std::sync::Arc" | "std::rc::Rc" | "std::boxed::Box" | "Arc" | "Rc" | "Box"
                ) {
                    if let syn::PathArguments::AngleBracketed(args) = &last.arguments {
                        if let Some(syn::GenericArgument::Type(inner)) = args.args.first() {
                            return self.resolve_type(inner);
                        }
                    }
                }
                Some(full)
            }
            _ => None,
        }
    }

    /// The innermost enclosing function, if any (closures do not count).
    pub fn enclosing_fn(&self) -> Option<&FnInfo> {
        self.frames.iter().rev().find_map(|f| match f {
            Frame::Fn(info) => Some(&**info),
            _ => None,
        })
    }

    /// The frames from the innermost function outwards stop there: the frames of the current body.
    pub fn frames_in_fn(&self) -> impl Iterator<Item = &Frame> {
        self.frames
            .iter()
            .rev()
            .take_while(|f| !matches!(f, Frame::Fn(_)))
    }

    /// All frames, innermost first.
    pub fn frames(&self) -> impl Iterator<Item = &Frame> {
        self.frames.iter().rev()
    }

    /// True inside a loop body of the current function, or a closure given to an
    /// iterator adapter (`.map`, `.for_each`, ...), which runs once per item.
    pub fn in_loop(&self) -> bool {
        self.frames_in_fn().any(|f| match f {
            Frame::Loop => true,
            Frame::Closure {
                arg_of: Some(callee),
                ..
            } => ITERATOR_ADAPTERS.contains(&callee.as_str()),
            _ => false,
        })
    }

    /// The source text of the conditions that guard the code being walked in the current
    /// function (`if` conditions and `match` scrutinees), innermost last.
    pub fn guarding_conditions(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.conditions
            .iter()
            .filter_map(|&(start, end)| self.text.get(start as usize..end as usize))
    }

    /// True when the code runs on an async executor thread: inside an `async fn` or
    /// block, and not inside a closure handed to `spawn_blocking`/`block_in_place`/a thread.
    pub fn in_async(&self) -> bool {
        for frame in self.frames() {
            match frame {
                Frame::Fn(info) => return info.is_async,
                Frame::Async { .. } | Frame::Closure { is_async: true, .. } => return true,
                Frame::Closure {
                    arg_of: Some(callee),
                    ..
                } if BLOCKING_CONTEXTS.contains(&callee.as_str()) => return false,
                Frame::StaticInit => return false,
                _ => {}
            }
        }
        false
    }

    /// True inside a branch of an `if` or an arm of a `match` of the current function
    /// (not in the condition or the scrutinee): code that runs only in some cases, such
    /// as a level picked by a verbosity flag.
    pub fn in_branch(&self) -> bool {
        self.branches.last().is_some_and(|&depth| depth > 0)
    }

    /// True inside the body of the macro `path` (e.g. `tokio::select`).
    pub fn in_macro(&self, path: &str) -> bool {
        self.frames()
            .any(|f| matches!(f, Frame::Macro(p) if p == path))
    }

    /// True when the current expression runs inside a timeout: it is (part of) an argument
    /// of `tokio::time::timeout`/`timeout_at`, of a helper named after a timeout
    /// (`connect_with_timeout(fut, d)`), or the receiver of a `.timeout(d)` future adapter.
    pub fn under_timeout(&self) -> bool {
        self.usages().any(|u| match u {
            Usage::Arg(callee) => {
                TIMEOUT_WRAPPERS.contains(&callee.as_str())
                    || callee
                        .rsplit([':', '.'])
                        .next()
                        .is_some_and(|name| name.contains("timeout"))
            }
            Usage::Receiver(method) => method == "timeout",
            _ => false,
        })
    }

    /// True inside a `static`/`const` initializer.
    pub fn in_static_init(&self) -> bool {
        self.frames().any(|f| matches!(f, Frame::StaticInit))
    }

    /// The blocks (`{ .. }`) enclosing the current node, outermost first, each by an id
    /// unique in the file. An earlier statement of block path `P` is on every path to the
    /// current node when `P` is a prefix of the current path (same block or one nested in
    /// it, and no closure in between); a sibling branch or a block already left has a path
    /// that is not a prefix. Rules use it to follow a value along one path of a function.
    pub fn block_path(&self) -> &[u32] {
        &self.block_path
    }

    /// How the current expression's value is used by its parent.
    pub fn usage(&self) -> &Usage {
        self.usages.last().unwrap_or(&Usage::Other)
    }

    /// True when the current method call is the outermost of its chain: its value is not
    /// the receiver of another method, directly or through `.await` and `?`.
    pub fn is_chain_top(&self) -> bool {
        for usage in self.usages() {
            match usage {
                Usage::Await | Usage::Try => continue,
                Usage::Receiver(_) => return false,
                _ => return true,
            }
        }
        true
    }

    /// How the value is used once `.await` and `?` are applied (`let x = f().await?` -> `Let`).
    pub fn value_usage(&self) -> &Usage {
        self.usages()
            .find(|u| !matches!(u, Usage::Await | Usage::Try))
            .unwrap_or(&Usage::Other)
    }

    /// Usages from the current expression outwards (parent, grandparent, ...).
    pub fn usages(&self) -> impl Iterator<Item = &Usage> {
        self.usages.iter().rev()
    }

    /// The type recorded for a local variable or parameter of the current function.
    pub fn local_type(&self, name: &str) -> Option<&str> {
        self.locals
            .iter()
            .rev()
            .find_map(|scope| scope.get(name))
            .map(String::as_str)
    }

    /// The type an expression evaluates to, when a constructor or binding tells it.
    pub fn infer_type(&self, expr: &syn::Expr) -> Option<String> {
        use syn::Expr;
        match strip_parens(expr) {
            Expr::Call(call) => {
                let callee = self.resolve_expr(&call.func)?;
                let (ty, func) = callee.rsplit_once("::")?;
                if matches!(
                    ty,
                    "std::sync::Arc" | "std::rc::Rc" | "std::boxed::Box" | "Arc" | "Rc" | "Box"
                ) {
                    return call.args.first().and_then(|arg| self.infer_type(arg));
                }
                let is_type = ty
                    .rsplit("::")
                    .next()
                    .is_some_and(|s| s.starts_with(char::is_uppercase));
                (is_type && CONSTRUCTORS.contains(&func)).then(|| ty.to_string())
            }
            Expr::MethodCall(m) => {
                let method = m.method.to_string();
                match method.as_str() {
                    "unwrap" | "expect" | "clone" | "to_owned" | "unwrap_or_default" => {
                        self.infer_type(&m.receiver)
                    }
                    // `OpenOptions::new().write(true).open(p)` opens a `File`.
                    "open" => match chain_root(&m.receiver) {
                        Expr::Call(c) => {
                            let callee = self.resolve_expr(&c.func)?;
                            let module = callee.strip_suffix("::OpenOptions::new")?;
                            Some(format!("{module}::File"))
                        }
                        _ => None,
                    },
                    "build" => {
                        let root = chain_root(&m.receiver);
                        let callee = match root {
                            Expr::Call(c) => self.resolve_expr(&c.func)?,
                            _ => return None,
                        };
                        callee.strip_suffix("::builder").map(str::to_string)
                    }
                    _ => None,
                }
            }
            Expr::Try(t) => self.infer_type(&t.expr),
            Expr::Await(a) => self.infer_type(&a.base),
            Expr::Reference(r) => self.infer_type(&r.expr),
            Expr::Struct(s) => Some(self.resolve(&s.path)),
            Expr::Path(p) if p.path.segments.len() == 1 => self
                .local_type(&p.path.segments[0].ident.to_string())
                .map(str::to_string),
            _ => None,
        }
    }

    /// Whether the current code runs per request: in a function that takes framework
    /// extractors or carries a route attribute, in a closure given to a router, or in a
    /// function some file registers as a route (then a condition to attach).
    pub fn request_handler(&self) -> HandlerEvidence {
        for frame in self.frames() {
            match frame {
                Frame::Closure {
                    arg_of: Some(callee),
                    ..
                }
                | Frame::Async {
                    arg_of: Some(callee),
                } if HANDLER_CLOSURE_CALLEES.contains(&callee.as_str()) => {
                    return HandlerEvidence::Certain
                }
                Frame::Fn(info) => {
                    let typed = info
                        .params
                        .iter()
                        .any(|(_, ty)| EXTRACTOR_TYPES.contains(&ty.as_str()));
                    let routed = info
                        .attrs
                        .iter()
                        .any(|a| ROUTE_ATTRIBUTES.contains(&a.as_str()));
                    if routed || (info.is_async && typed) || (typed && info.trait_path.is_some()) {
                        return HandlerEvidence::Certain;
                    }
                    if info.is_main || info.self_ty.is_some() && info.name == "new" {
                        return HandlerEvidence::No;
                    }
                    return HandlerEvidence::IfRouted(Condition::has_named(
                        keys::ROUTE_HANDLER,
                        info.name.clone(),
                    ));
                }
                _ => {}
            }
        }
        HandlerEvidence::No
    }

    /// True for a resolved callee that may be defined in the analysed package
    /// (`write_rows`, `crate::report::write`, `util::save`, a method), as opposed to a
    /// path into std or a declared dependency (`serde_json::to_writer`).
    pub fn may_be_crate_local(&self, callee: &str) -> bool {
        let first = crate::paths::first_segment(callee);
        callee.starts_with('.')
            || !callee.contains("::")
            || matches!(first, "crate" | "self" | "super")
            || (!matches!(first, "std" | "core" | "alloc")
                && !self.package.dependencies.contains_key(first)
                && self.package.dependency(first).is_none())
    }

    /// The type of a method call's receiver, when it is a typed local or parameter.
    pub fn receiver_type(&self, receiver: &syn::Expr) -> Option<String> {
        self.infer_type(receiver)
    }

    /// The call a method chain starts from, with its resolved callee
    /// (`Client::builder().timeout(d).build()` -> `Client::builder()`, `reqwest::Client::builder`).
    pub fn chain_root_call<'e>(
        &self,
        call: &'e syn::ExprMethodCall,
    ) -> Option<(&'e syn::ExprCall, String)> {
        match chain_root(&call.receiver) {
            syn::Expr::Call(root) => Some((root, self.resolve_expr(&root.func)?)),
            _ => None,
        }
    }

    /// What a method chain starts from, as a path: the resolved callee of a root call, or
    /// the type of a root local (`builder.timeout(d)` with `let builder = ServiceBuilder::new()`).
    pub fn chain_root_path(&self, call: &syn::ExprMethodCall) -> Option<String> {
        match chain_root(&call.receiver) {
            syn::Expr::Call(root) => self.resolve_expr(&root.func),
            other => self.receiver_type(other),
        }
    }
}

/// Whether the code being walked runs once per request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HandlerEvidence {
    /// A request handler by its own signature or attributes (extractor parameters,
    /// `#[get("/")]`, a closure given to `axum::routing::get`, ...).
    Certain,
    /// A handler only if some file of the package registers it as a route: attach this
    /// condition to the finding.
    IfRouted(Condition),
    /// Not in a function that can be a handler.
    No,
}

/// Parameter types that only request handlers take (resolved paths).
const EXTRACTOR_TYPES: &[&str] = &[
    "axum::Json",
    "axum::Form",
    "axum::Extension",
    "axum::extract::Json",
    "axum::extract::Path",
    "axum::extract::Query",
    "axum::extract::State",
    "axum::extract::Form",
    "axum::extract::Extension",
    "axum::extract::ConnectInfo",
    "axum::extract::Multipart",
    "axum::extract::Request",
    "axum::extract::OriginalUri",
    "axum::extract::WebSocketUpgrade",
    "axum::extract::RawQuery",
    "axum::body::Bytes",
    "axum_extra::TypedHeader",
    "actix_web::web::Json",
    "actix_web::web::Path",
    "actix_web::web::Query",
    "actix_web::web::Data",
    "actix_web::web::Form",
    "actix_web::web::Payload",
    "actix_web::web::Bytes",
    "actix_web::HttpRequest",
    "tonic::Request",
    "tonic::Streaming",
    "hyper::Request",
    "http::Request",
    "poem::web::Json",
    "poem::web::Path",
    "poem::web::Query",
    "poem::web::Data",
    "rocket::State",
    "warp::hyper::Request",
];

/// Attributes that register a function as a route (resolved paths).
const ROUTE_ATTRIBUTES: &[&str] = &[
    "actix_web::get",
    "actix_web::post",
    "actix_web::put",
    "actix_web::delete",
    "actix_web::patch",
    "actix_web::head",
    "actix_web::route",
    "actix_web::routes",
    "rocket::get",
    "rocket::post",
    "rocket::put",
    "rocket::delete",
    "rocket::patch",
    "poem::handler",
    "poem_openapi::OpenApi",
    "salvo::handler",
    "axum::debug_handler",
    "axum_macros::debug_handler",
];

/// Functions whose closure argument is a request handler (warp filter combinators are
/// recorded by the walker as `warp::Filter::map` etc. when the chain starts in `warp`).
const HANDLER_CLOSURE_CALLEES: &[&str] = &[
    "axum::routing::get",
    "axum::routing::post",
    "axum::routing::put",
    "axum::routing::delete",
    "axum::routing::patch",
    "axum::routing::any",
    "hyper::service::service_fn",
    "tower::service_fn",
    "actix_web::web::to",
    ".to",
    "warp::Filter::map",
    "warp::Filter::and_then",
    "warp::Filter::then",
];

/// Function names that construct their `Self` type.
const CONSTRUCTORS: &[&str] = &[
    "new",
    "default",
    "from",
    "with_capacity",
    "new_with",
    "open",
    "create",
];

/// Functions that bound the future they are given.
pub const TIMEOUT_WRAPPERS: &[&str] = &[
    "tokio::time::timeout",
    "tokio::time::timeout_at",
    "async_std::future::timeout",
    "async_std::io::timeout",
];

/// Callees whose closure argument runs off the async executor.
pub const BLOCKING_CONTEXTS: &[&str] = &[
    "tokio::task::spawn_blocking",
    "tokio::task::block_in_place",
    "std::thread::spawn",
    "async_std::task::spawn_blocking",
    "actix_web::web::block",
    ".spawn_blocking",
    ".block_in_place",
];

/// Methods whose closure argument runs once per item.
pub const ITERATOR_ADAPTERS: &[&str] = &[
    ".map",
    ".for_each",
    ".filter",
    ".filter_map",
    ".flat_map",
    ".fold",
    ".try_for_each",
    ".try_fold",
    ".any",
    ".all",
    ".find",
    ".find_map",
    ".position",
    ".map_while",
    ".scan",
    ".inspect",
    ".retain",
    ".then",
    ".and_then",
    ".for_each_concurrent",
    ".try_for_each_concurrent",
    ".par_iter",
    ".sort_by",
    ".sort_by_key",
];

/// Removes parentheses and invisible groups around an expression.
pub fn strip_parens(mut expr: &syn::Expr) -> &syn::Expr {
    loop {
        match expr {
            syn::Expr::Paren(p) => expr = &p.expr,
            syn::Expr::Group(g) => expr = &g.expr,
            _ => return expr,
        }
    }
}

/// The expression a method chain starts from (`a.b().c()` -> `a`), through `?` and `.await`.
pub fn chain_root(mut expr: &syn::Expr) -> &syn::Expr {
    loop {
        match strip_parens(expr) {
            syn::Expr::MethodCall(m) => expr = &m.receiver,
            syn::Expr::Try(t) => expr = &t.expr,
            syn::Expr::Await(a) => expr = &a.base,
            other => return other,
        }
    }
}

/// The method calls of a chain, outermost first (`a.b().c()` -> `[c, b]`).
pub fn chain_methods(mut expr: &syn::Expr) -> Vec<&syn::ExprMethodCall> {
    let mut out = Vec::new();
    loop {
        match strip_parens(expr) {
            syn::Expr::MethodCall(m) => {
                out.push(m);
                expr = &m.receiver;
            }
            syn::Expr::Try(t) => expr = &t.expr,
            syn::Expr::Await(a) => expr = &a.base,
            _ => return out,
        }
    }
}

/// A method call and the calls it is chained on, outermost first.
pub fn method_chain(call: &syn::ExprMethodCall) -> Vec<&syn::ExprMethodCall> {
    let mut out = vec![call];
    out.extend(chain_methods(&call.receiver));
    out
}

/// The single identifier an expression names (`client`, `&client`, `self.client` -> its field name).
pub fn ident_of(expr: &syn::Expr) -> Option<String> {
    match strip_parens(expr) {
        syn::Expr::Path(p) if p.path.segments.len() == 1 && p.qself.is_none() => {
            Some(p.path.segments[0].ident.to_string())
        }
        syn::Expr::Reference(r) => ident_of(&r.expr),
        syn::Expr::Field(f) => match &f.member {
            syn::Member::Named(name) => Some(format!("self.{name}")),
            syn::Member::Unnamed(_) => None,
        },
        _ => None,
    }
}

/// True when the tokens of a node mention the identifier `name` anywhere (`w` in
/// `Ok(Sink { out: w })`): a cheap "is this value used here" for data flow on locals.
pub fn mentions(node: &impl quote::ToTokens, name: &str) -> bool {
    fn walk(tokens: proc_macro2::TokenStream, name: &str) -> bool {
        tokens.into_iter().any(|t| match t {
            proc_macro2::TokenTree::Ident(i) => i == name,
            proc_macro2::TokenTree::Group(g) => walk(g.stream(), name),
            _ => false,
        })
    }
    walk(node.to_token_stream(), name)
}
