use crate::context::{strip_parens, Cx, FnInfo, HandlerEvidence};
use crate::facts::{keys, Condition, Fact};
use crate::finding::Finding;
use crate::rule::{hooks, Rule};
use std::collections::HashSet;

crate::declare_rule! {
    /// Prints in a service bypass the logger: no level, no timestamp, no request id, and a
    /// stdout lock taken on every call, so the lines that matter in an incident are lost.
    ///
    /// ### Fires on
    /// ```rust,ignore
    /// async fn create_user(Json(user): Json<User>) -> StatusCode {
    ///     println!("creating user {}", user.name);
    ///     dbg!(&user);
    ///     StatusCode::CREATED
    /// }
    /// tokio::spawn(async move { loop { eprintln!("tick"); } });   // an event loop
    /// ```
    /// ### Stays silent on
    /// ```rust,ignore
    /// async fn create_user(Json(user): Json<User>) -> StatusCode {
    ///     tracing::info!(name = %user.name, "creating user");
    ///     StatusCode::CREATED
    /// }
    /// fn main() {
    ///     println!("listening on {addr}");   // once, for whoever started the process
    ///     if let Some(Command::GenerateKey) = args.command {
    ///         println!("{}", new_key());     // a subcommand's answer
    ///         return Ok(());
    ///     }
    ///     std::panic::set_hook(Box::new(|info| eprintln!("{info}"))); // the logger may be what failed
    /// }
    /// fn print_stats(stats: &Stats) { println!("{stats}") } // console output by name
    /// ```
    /// A print fires where the service runs per request or per event: in request handlers,
    /// in event loops (`loop`, `while`, `for` over a listener's connections; in `main`, in
    /// a spawned task, anywhere), and in the crate's functions those call, followed
    /// through the package by name (`Type::method` for methods). Start-up
    /// banners, subcommand output and configuration errors printed before the logger
    /// exists stay silent, as do CLI tools and tests (the rule is scoped to service code,
    /// decided per binary target). `dbg!` is flagged anywhere in service code, as it is
    /// never meant to ship.
    pub DEF = "print_in_service", hooks::MACRO | hooks::CALL | hooks::METHOD_CALL | hooks::LOOP, PrintInService::default
}

/// Per file: the call edges and runtime entry points already recorded (each once), and
/// the loops the walker is in.
#[derive(Default)]
pub struct PrintInService {
    recorded: HashSet<(String, String)>,
    /// Byte ranges of `std::panic::set_hook(..)` calls: a panic hook prints to stderr
    /// because the logger may be what panicked.
    panic_hooks: Vec<(u32, u32)>,
    /// For each enclosing loop: does it go round per event (`loop`, `while`, `for` over
    /// a listener's `incoming()`), as opposed to once per item of a collection?
    loops: Vec<bool>,
}

/// Traits whose methods a framework calls once per request or message (an actix actor's
/// `handle`, a tower or hyper `Service::call`).
const PER_MESSAGE_TRAITS: &[&str] = &[
    "actix::Handler",
    "actix::StreamHandler",
    "tower::Service",
    "tower_service::Service",
    "hyper::service::Service",
];

const PRINT_MACROS: &[&str] = &[
    "std::println",
    "std::print",
    "std::eprintln",
    "std::eprint",
    "std::dbg",
];

impl Rule for PrintInService {
    fn check_loop(&mut self, _cx: &mut Cx<'_>, expr: &syn::Expr) {
        let per_event = match expr {
            syn::Expr::ForLoop(f) => crate::context::chain_methods(&f.expr)
                .iter()
                .any(|m| m.method == "incoming"),
            _ => true,
        };
        self.loops.push(per_event);
    }

    fn check_loop_post(&mut self, _cx: &mut Cx<'_>, _expr: &syn::Expr) {
        self.loops.pop();
    }

    fn check_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprCall, callee: &str) {
        if callee == "std::panic::set_hook" {
            let span = cx.span(call);
            self.panic_hooks.push((span.byte_start, span.byte_end));
        }
        if cx.may_be_crate_local(callee) {
            let key = callee_key(cx, callee);
            self.record_call(cx, key);
        }
    }

    fn check_method_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprMethodCall) {
        // `self.handle(req)`: a method of the crate, followed by name like a function.
        if matches!(strip_parens(&call.receiver), syn::Expr::Path(p) if p.path.is_ident("self")) {
            let key = callee_key(cx, &format!("Self::{}", call.method));
            self.record_call(cx, key);
        }
    }

    fn check_macro(&mut self, cx: &mut Cx<'_>, mac: &syn::Macro, path: &str) {
        if !PRINT_MACROS.contains(&path) {
            return;
        }
        let name = path.trim_start_matches("std::");
        let span = cx.span_between(&mac.path, &mac.delimiter.span().close());
        let finding = Finding::new(
            crate::rust::logging::print_in_service::DEF.id,
            span,
            format!("`{name}!` in service code"),
            "unleveled, unstructured output that bypasses the logger",
        );
        if name == "dbg" {
            cx.report(finding);
            return;
        }
        let in_hook = self
            .panic_hooks
            .iter()
            .any(|&(start, end)| start <= span.byte_start && span.byte_end <= end);
        let Some(function) = cx.enclosing_fn() else {
            return;
        };
        if in_hook || is_console_output(function) {
            return;
        }
        if self.runs_per_request(cx) {
            cx.report(finding);
            return;
        }
        if function.is_main {
            return;
        }
        let runtime = Condition::has_named(keys::RUNTIME_FN, fn_key(function));
        match cx.request_handler() {
            HandlerEvidence::Certain => cx.report(finding),
            HandlerEvidence::IfRouted(routed) => {
                cx.report(finding.when(Condition::Any(vec![routed, runtime])))
            }
            HandlerEvidence::No => cx.report(finding.when(runtime)),
        }
    }
}

impl PrintInService {
    /// Inside a loop that goes round per event: the code runs per request, connection or
    /// message, not once per process.
    fn per_event(&self) -> bool {
        self.loops.iter().any(|&per_event| per_event)
    }

    /// Per event, or in a function the framework calls per request or message.
    fn runs_per_request(&self, cx: &Cx<'_>) -> bool {
        self.per_event()
            || matches!(cx.request_handler(), HandlerEvidence::Certain)
            || cx
                .enclosing_fn()
                .and_then(|f| f.trait_path.as_deref())
                .is_some_and(|t| PER_MESSAGE_TRAITS.contains(&t))
    }

    /// Records that the current code calls the crate function `callee`: an entry point
    /// of the running service when called per event or by a request handler, else an
    /// edge of the package's call graph (followed in the join, by name).
    fn record_call(&mut self, cx: &mut Cx<'_>, callee: String) {
        let caller = if self.runs_per_request(cx) {
            String::new()
        } else {
            match cx.enclosing_fn() {
                Some(function) => fn_key(function),
                None => return,
            }
        };
        if !self.recorded.insert((caller.clone(), callee.clone())) {
            return;
        }
        if caller.is_empty() {
            cx.fact(Fact::named(keys::RUNTIME_FN, callee));
        } else {
            cx.fact(Fact::named(keys::CALLS, format!("{caller}\t{callee}")));
        }
    }
}

/// A function's name in the call graph: `Type::method` for methods (so `Settings::new`
/// and `Server::new` stay apart), the bare name for free functions.
fn fn_key(function: &FnInfo) -> String {
    match function.self_ty.as_deref() {
        Some(ty) => format!(
            "{}::{}",
            ty.rsplit("::").next().unwrap_or(ty),
            function.name
        ),
        None => function.name.clone(),
    }
}

/// The call-graph name of a resolved callee: `Type::method` when the path names a type
/// (`Settings::new`, `Self::handle` in an impl), else its last segment.
fn callee_key(cx: &Cx<'_>, callee: &str) -> String {
    let mut segments = callee.rsplit("::");
    let name = segments.next().unwrap_or(callee);
    match segments.next() {
        Some("Self") => match cx.enclosing_fn().and_then(|f| f.self_ty.as_deref()) {
            Some(ty) => format!("{}::{name}", ty.rsplit("::").next().unwrap_or(ty)),
            None => name.to_string(),
        },
        Some(ty) if ty.starts_with(|c: char| c.is_ascii_uppercase()) => format!("{ty}::{name}"),
        _ => name.to_string(),
    }
}

/// A function whose name says it writes to the terminal (`print_stats`, `show_status`,
/// `impl Writer for StdoutStatsWriter`): console output by design, not logging.
fn is_console_output(function: &crate::context::FnInfo) -> bool {
    let name = function.name.as_str();
    let console_type = function.self_ty.as_deref().is_some_and(|ty| {
        let ty = ty.rsplit("::").next().unwrap_or(ty);
        ty.starts_with("Stdout") || ty.starts_with("Console") || ty.starts_with("Terminal")
    });
    console_type
        || ["print", "show", "display", "dump"].iter().any(|verb| {
            name == *verb || name.strip_prefix(verb).is_some_and(|r| r.starts_with('_'))
        })
}
