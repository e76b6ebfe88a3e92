use crate::context::Cx;
use crate::finding::Finding;
use crate::rule::{hooks, Rule};
use crate::rust::call_graph::CallGraph;

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
    pub DEF = "print_in_service", hooks::MACRO | hooks::CALL | hooks::LOOP, PrintInService::default
}

/// Per file: where the walker is with respect to per-event loops, and the panic hooks.
#[derive(Default)]
pub struct PrintInService {
    /// The loops the walker is in (the call graph's own view; it records nothing here:
    /// the evidence collector records the edges).
    graph: CallGraph,
    /// Byte ranges of `std::panic::set_hook(..)` calls: a panic hook prints to stderr
    /// because the logger may be what panicked.
    panic_hooks: Vec<(u32, u32)>,
}

const PRINT_MACROS: &[&str] = &[
    "std::println",
    "std::print",
    "std::eprintln",
    "std::eprint",
    "std::dbg",
];

impl Rule for PrintInService {
    fn check_loop(&mut self, _cx: &mut Cx<'_>, expr: &syn::Expr) {
        self.graph.enter_loop(expr);
    }

    fn check_loop_post(&mut self, _cx: &mut Cx<'_>, _expr: &syn::Expr) {
        self.graph.leave_loop();
    }

    fn check_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprCall, callee: &str) {
        if callee == "std::panic::set_hook" {
            let span = cx.span(call);
            self.panic_hooks.push((span.byte_start, span.byte_end));
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
        if self.graph.runs_per_request(cx) {
            cx.report(finding);
            return;
        }
        crate::rust::call_graph::report_per_request(
            cx,
            finding,
            crate::rust::call_graph::Runs::PerEvent,
        );
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
