use crate::context::Cx;
use crate::finding::{Finding, Span};
use crate::rule::{hooks, Rule};
use crate::rust::logging::{
    builder_never_rotates, flexi_file_chain, in_crate, is_rolling_builder, is_rotation_never,
    root_callee, Writer, WriterBindings,
};

crate::declare_rule! {
    /// A log file that is only ever appended to grows until the disk is full; then the
    /// service cannot write its data, its database or its logs ("no space left on
    /// device"), usually at night and under the load that wrote all those lines.
    ///
    /// ### Fires on
    /// ```rust,ignore
    /// let appender = tracing_appender::rolling::never("/var/log", "api.log");
    /// let file = OpenOptions::new().create(true).append(true).open("api.log")?;
    /// let (writer, _guard) = tracing_appender::non_blocking(file);
    /// fern::Dispatch::new().chain(fern::log_file("api.log")?).apply()?;
    /// FileAppender::builder().build("log/api.log")?;                  // log4rs
    /// Logger::try_with_str("info")?.log_to_file(FileSpec::default()).start()?; // flexi_logger
    /// ```
    /// ### Stays silent on
    /// ```rust,ignore
    /// let appender = RollingFileAppender::builder()
    ///     .rotation(Rotation::DAILY).max_log_files(7).build("/var/log")?;
    /// tracing_subscriber::fmt().with_writer(std::io::stdout).init();   // the supervisor rotates
    /// Logger::try_with_str("info")?.log_to_file(spec)
    ///     .rotate(Criterion::Size(10_000_000), Naming::Numbers, Cleanup::KeepLogFiles(7)).start()?;
    /// ```
    pub DEF = "log_file_without_rotation",
        hooks::CALL | hooks::METHOD_CALL | hooks::LOCAL | hooks::FN,
        LogFileWithoutRotation::default
}

/// The log files bound to local names in the functions being walked.
#[derive(Default)]
pub struct LogFileWithoutRotation {
    bindings: WriterBindings,
}

const ROLLING_HELP: &str = "rotate and cap the files: `RollingFileAppender::builder().rotation(Rotation::DAILY).max_log_files(7)`, or log to stdout and let journald/Docker rotate";

fn plain_file(cx: &mut Cx<'_>, writer: &syn::Expr, what: Writer) {
    if what == Writer::File {
        let finding = Finding::new(
            DEF.id,
            cx.span(writer),
            "logs appended to a plain file with no rotation or size cap",
            "grows until the disk is full",
        );
        cx.report(finding);
    }
}

fn never_rotates(span: Span, what: &str) -> Finding {
    Finding::new(
        DEF.id,
        span,
        format!("{what} never rotates its log file"),
        "grows until the disk is full",
    )
    .with_help(ROLLING_HELP)
}

impl Rule for LogFileWithoutRotation {
    fn check_fn(&mut self, _cx: &mut Cx<'_>, _body: &syn::Block) {
        self.bindings.enter();
    }

    fn check_fn_post(&mut self, _cx: &mut Cx<'_>, _body: &syn::Block) {
        self.bindings.leave();
    }

    fn check_local(&mut self, cx: &mut Cx<'_>, local: &syn::Local) {
        self.bindings.bind(cx, local);
    }

    fn check_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprCall, callee: &str) {
        if let Some((writer, _, what)) = self.bindings.call_sink(cx, callee, call) {
            plain_file(cx, writer, what);
        }
        let never = match callee {
            "tracing_appender::rolling::never" => true,
            "tracing_appender::rolling::RollingFileAppender::new" => {
                call.args.first().is_some_and(|a| is_rotation_never(cx, a))
            }
            _ => false,
        };
        if never {
            cx.report(never_rotates(cx.span(call), "tracing-appender"));
        }
    }

    fn check_method_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprMethodCall) {
        if let Some((writer, _, what)) = self.bindings.method_sink(cx, call) {
            plain_file(cx, writer, what);
        }
        let Some(root) = root_callee(cx, &call.receiver) else {
            return;
        };
        if call.method == "build" {
            if is_rolling_builder(&root) && builder_never_rotates(cx, call) {
                let finding = never_rotates(cx.span(&call.method), "tracing-appender builder")
                    .with_note(
                        "`RollingFileAppender::builder()` rotates only when `.rotation(..)` is set",
                    );
                cx.report(finding);
            }
            let mut tail = root.rsplit("::");
            let file_appender =
                (tail.next(), tail.next()) == (Some("builder"), Some("FileAppender"));
            if in_crate(&root, "log4rs") && file_appender {
                let finding = Finding::new(
                    DEF.id,
                    cx.span(&call.method),
                    "log4rs `FileAppender` appends to one file forever",
                    "grows until the disk is full",
                )
                .with_help("use log4rs `RollingFileAppender` with a `SizeTrigger` and a `FixedWindowRoller` (a count limit)");
                cx.report(finding);
            }
            return;
        }
        let Some((to_file, chain)) = flexi_file_chain(cx, call) else {
            return;
        };
        if !chain.iter().any(|m| m.method == "rotate") {
            let finding = Finding::new(
                DEF.id,
                cx.span(&to_file.method),
                "flexi_logger log file with no `.rotate(..)`",
                "grows until the disk is full",
            )
            .with_help("add `.rotate(Criterion::Size(10_000_000), Naming::Numbers, Cleanup::KeepLogFiles(7))`");
            cx.report(finding);
        }
    }
}
