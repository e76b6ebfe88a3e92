use crate::context::Cx;
use crate::finding::Finding;
use crate::rule::{hooks, Rule};
use crate::rust::logging::{flexi_file_chain, in_crate, SinkKind, Writer, WriterBindings};

crate::declare_rule! {
    /// A logger that writes each record straight into a file does a `write` system call
    /// on the thread that logs, under the logger's lock: every request pays for the disk,
    /// a slow or full disk stalls the whole service, and async workers block.
    ///
    /// ### Fires on
    /// ```rust,ignore
    /// let file = File::create("/var/log/api.log")?;
    /// tracing_subscriber::fmt().with_writer(Mutex::new(file)).init();
    /// tracing_subscriber::fmt().with_writer(tracing_appender::rolling::daily("/var/log", "api.log")).init();
    /// fern::Dispatch::new().chain(fern::log_file("api.log")?).apply()?;
    /// WriteLogger::init(LevelFilter::Info, Config::default(), File::create("api.log")?)?;
    /// env_logger::Builder::new().target(Target::Pipe(Box::new(file))).init();
    /// Logger::try_with_str("info")?.log_to_file(FileSpec::default()).start()?; // flexi_logger, WriteMode::Direct
    /// ```
    /// ### Stays silent on
    /// ```rust,ignore
    /// let (writer, _guard) = tracing_appender::non_blocking(rolling::daily("/var/log", "api.log"));
    /// tracing_subscriber::fmt().with_writer(writer).init();
    /// tracing_subscriber::fmt().with_writer(std::io::stderr).init();
    /// WriteLogger::init(LevelFilter::Info, Config::default(), BufWriter::new(file))?;
    /// Logger::try_with_str("info")?.log_to_file(spec).write_mode(WriteMode::BufferAndFlush).start()?;
    /// ```
    pub DEF = "sync_unbuffered_log_writer",
        hooks::CALL | hooks::METHOD_CALL | hooks::LOCAL | hooks::FN,
        SyncUnbufferedLogWriter::default
}

/// The log files bound to local names in the functions being walked.
#[derive(Default)]
pub struct SyncUnbufferedLogWriter {
    bindings: WriterBindings,
}

fn unbuffered(cx: &mut Cx<'_>, writer: &syn::Expr, kind: SinkKind, what: Writer) {
    if kind != SinkKind::Sync {
        return;
    }
    let what = match what {
        Writer::File => "a file",
        Writer::Rolling { .. } => "a rolling file appender",
    };
    let finding = Finding::new(
        DEF.id,
        cx.span(writer),
        format!("logger writes to {what} synchronously, with no buffer"),
        "one blocking write per record on the thread that logs",
    );
    cx.report(finding);
}

impl Rule for SyncUnbufferedLogWriter {
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
        if let Some((writer, kind, what)) = self.bindings.call_sink(cx, callee, call) {
            unbuffered(cx, writer, kind, what);
        }
    }

    fn check_method_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprMethodCall) {
        if let Some((writer, kind, what)) = self.bindings.method_sink(cx, call) {
            unbuffered(cx, writer, kind, what);
        }
        let Some((to_file, chain)) = flexi_file_chain(cx, call) else {
            return;
        };
        // flexi_logger's default `WriteMode::Direct` writes every record unbuffered.
        let direct = chain
            .iter()
            .filter(|m| m.method == "write_mode")
            .all(|m| m.args.first().is_some_and(|a| is_direct_write_mode(cx, a)));
        if direct {
            let finding = Finding::new(
                DEF.id,
                cx.span(&to_file.method),
                "flexi_logger writes its log file in `WriteMode::Direct`, unbuffered",
                "one blocking write per record on the thread that logs",
            )
            .with_help("add `.write_mode(WriteMode::BufferAndFlush)` (or `WriteMode::Async`) and keep the `LoggerHandle` alive in `main`");
            cx.report(finding);
        }
    }
}

fn is_direct_write_mode(cx: &Cx<'_>, expr: &syn::Expr) -> bool {
    cx.resolve_expr(expr).is_some_and(|p| {
        in_crate(&p, "flexi_logger")
            && (p.ends_with("WriteMode::Direct") || p.ends_with("WriteMode::SupportCapture"))
    })
}
