use crate::context::{method_chain, Cx, Frame};
use crate::facts::{keys, Condition};
use crate::finding::Finding;
use crate::rule::{hooks, Rule};
use crate::rust::logging::{is_logger_init_call, is_logger_install};

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
    /// ```
    /// ### Stays silent on
    /// ```rust,ignore
    /// async fn create_user(Json(user): Json<User>) -> StatusCode {
    ///     tracing::info!(name = %user.name, "creating user");
    ///     StatusCode::CREATED
    /// }
    /// fn main() {
    ///     println!("starting");            // before the logger exists
    ///     tracing_subscriber::fmt::init();
    ///     if let Some(Command::GenerateKey) = args.command {
    ///         println!("{}", new_key());   // a subcommand's answer, on the way out
    ///         return Ok(());
    ///     }
    ///     std::panic::set_hook(Box::new(|info| eprintln!("{info}"))); // the logger may be what failed
    /// }
    /// fn print_stats(stats: &Stats) { println!("{stats}") } // console output by name
    /// ```
    /// CLI tools and tests are never flagged (the rule is scoped to service code, decided
    /// per binary target); in `main` itself, prints inside an `if`/`match` branch answer
    /// the operator (a subcommand, a usage error on the way out) and are not flagged, but
    /// prints in tasks `main` spawns are. `dbg!` is flagged even in `main`, as it is never
    /// meant to ship.
    pub DEF = "print_in_service", hooks::MACRO | hooks::CALL | hooks::METHOD_CALL | hooks::FN, PrintInService::default
}

/// Per-function memory of what `main` did before each print.
#[derive(Default)]
pub struct PrintInService {
    /// Inside `main`: a logger was installed by a call seen earlier.
    logger_started: bool,
    /// Inside `main`: crate-local functions called so far (one may install the logger).
    calls_so_far: Vec<String>,
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
    fn check_fn(&mut self, cx: &mut Cx<'_>, _body: &syn::Block) {
        if cx.enclosing_fn().is_some_and(|f| f.is_main) {
            self.logger_started = false;
            self.calls_so_far.clear();
        }
    }

    fn check_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprCall, callee: &str) {
        if callee == "std::panic::set_hook" {
            let span = cx.span(call);
            self.panic_hooks.push((span.byte_start, span.byte_end));
        }
        if !cx.enclosing_fn().is_some_and(|f| f.is_main) {
            return;
        }
        if is_logger_init_call(callee) {
            self.logger_started = true;
        } else if is_crate_local(cx, callee) {
            let name = callee.rsplit("::").next().unwrap_or(callee);
            self.calls_so_far.push(name.to_string());
        }
    }

    fn check_method_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprMethodCall) {
        if !cx.enclosing_fn().is_some_and(|f| f.is_main) || !cx.is_chain_top() {
            return;
        }
        let root = crate::rust::evidence::chain_root_path(cx, call);
        if method_chain(call)
            .iter()
            .any(|m| is_logger_install(&m.method.to_string(), root.as_deref()))
        {
            self.logger_started = true;
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
        if name != "dbg"
            && self
                .panic_hooks
                .iter()
                .any(|&(start, end)| start <= span.byte_start && span.byte_end <= end)
        {
            return;
        }
        if name != "dbg" && cx.enclosing_fn().is_some_and(is_console_output) {
            return;
        }
        let in_main = cx.enclosing_fn().is_some_and(|f| f.is_main);
        // `main`'s own branches (not a task or closure it starts): a subcommand's output
        // or an error reported on the way out, for whoever launched the process.
        let main_branch = in_main
            && cx.in_branch()
            && !cx.in_loop()
            && cx
                .frames_in_fn()
                .all(|f| !matches!(f, Frame::Closure { .. } | Frame::Async { .. }));
        if main_branch && name != "dbg" {
            return;
        }
        if !in_main || name == "dbg" || self.logger_started {
            cx.report(finding);
        } else if !self.calls_so_far.is_empty() {
            // Before a crate function that may install the logger: a print only once
            // that function is known (from any file of the package) to install one.
            let installers = self
                .calls_so_far
                .iter()
                .map(|f| Condition::has_named(keys::LOGGER_INIT_FN, f.clone()));
            cx.report(finding.when(Condition::Any(installers.collect())));
        }
    }
}

/// True for a callee that may be defined in the analysed crate (`init_tracing`,
/// `telemetry::init`, `crate::setup`), as opposed to a path into a dependency or std.
fn is_crate_local(cx: &Cx<'_>, callee: &str) -> bool {
    let first = callee.split("::").next().unwrap_or_default();
    matches!(first, "crate" | "self" | "super")
        || !callee.contains("::")
        || (first != "std"
            && !cx.package.dependencies.contains_key(first)
            && cx.package.dependency(first).is_none())
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
