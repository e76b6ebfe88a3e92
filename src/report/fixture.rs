//! A small hand-built [`Run`] that every format's tests render: two readable files (one
//! with a package, one without, CRLF and a tab), a multibyte character before a span,
//! all three levels, and an unreadable file with an empty source.

use super::{Diagnostic, PackageRef, Run, TargetInfo};
use prodcheck_lints::source::LineIndex;
use prodcheck_lints::{Finding, Level};
use std::sync::Arc;

pub(crate) const MAIN_RS: &str = "fn main() {\n    let client = reqwest::Client::new();\n    let greeting = \"héllo wörld\"; println!(\"{greeting}\");\n}\n";

pub(crate) const WORKER_RS: &str =
    "async fn serve() {\r\n\taxum::serve(listener, app).await.unwrap();\r\n}\r\n";

/// The package of `src/main.rs`.
pub(crate) fn app_package() -> Arc<PackageRef> {
    Arc::new(PackageRef {
        id: "path+file:///work/app#0.1.0".to_string(),
        name: "app".to_string(),
        manifest_path: "/work/app/Cargo.toml".to_string(),
        target: TargetInfo {
            kind: vec!["bin".to_string()],
            crate_types: vec!["bin".to_string()],
            name: "app".to_string(),
            src_path: "/work/app/src/main.rs".to_string(),
            edition: "2021".to_string(),
        },
    })
}

/// A finding on the first occurrence of `needle` in `source`.
pub(crate) fn finding_at(
    rule: &'static str,
    source: &str,
    needle: &str,
    message: &str,
    label: &str,
) -> Finding {
    let start = source.find(needle).expect("needle in fixture source");
    let span = LineIndex::new(source).span_of_bytes(start as u32, (start + needle.len()) as u32);
    Finding::new(rule, span, message, label)
}

fn diagnostic(
    finding: Finding,
    level: Level,
    path: &str,
    source: &str,
    package: Option<Arc<PackageRef>>,
) -> Diagnostic {
    let fingerprint = format!("{:016x}", path.len() * 7919 + finding.rule.len());
    Diagnostic {
        finding,
        level,
        path: path.to_string(),
        source: Arc::from(source),
        package,
        fingerprint,
    }
}

/// The run every format test renders.
pub(crate) fn sample_run() -> Run {
    let timeout = finding_at(
        "http_client_without_timeout",
        MAIN_RS,
        "reqwest::Client::new()",
        "reqwest client built without a timeout",
        "no timeout on this client",
    )
    .with_help("set .timeout(Duration::from_secs(30)) on the builder");
    let print = finding_at(
        "print_in_service",
        MAIN_RS,
        "println!",
        "println! in a service",
        "use tracing instead",
    );
    let shutdown = finding_at(
        "no_graceful_shutdown",
        WORKER_RS,
        "axum::serve(listener, app)",
        "server runs without graceful shutdown",
        "in-flight requests are cut on SIGTERM",
    )
    .with_note("a rolling deploy sends SIGTERM, then SIGKILL after the grace period");
    let unreadable = Finding::new(
        "io_error",
        Default::default(),
        "could not read file: permission denied",
        "",
    );
    Run {
        root: "/work/app".to_string(),
        diagnostics: vec![
            diagnostic(
                timeout,
                Level::Deny,
                "src/main.rs",
                MAIN_RS,
                Some(app_package()),
            ),
            diagnostic(
                print,
                Level::Warn,
                "src/main.rs",
                MAIN_RS,
                Some(app_package()),
            ),
            diagnostic(
                unreadable,
                Level::Deny,
                "src/secret.rs",
                "",
                Some(app_package()),
            ),
            diagnostic(shutdown, Level::Note, "src/worker.rs", WORKER_RS, None),
        ],
        files_checked: 3,
        failed: true,
        color: false,
        baseline: None,
    }
}

/// A run whose spans lie past the end of their sources or inside a multibyte character:
/// every format must still render it.
pub(crate) fn broken_spans_run() -> Run {
    let mut run = sample_run();
    for (index, diagnostic) in run.diagnostics.iter_mut().enumerate() {
        let span = &mut diagnostic.finding.span;
        span.line_start += 40 * index as u32;
        span.line_end = span.line_start + 2;
        span.byte_start = if index == 0 {
            MAIN_RS.find('é').map_or(0, |i| i as u32 + 1)
        } else {
            10_000
        };
        span.byte_end = span.byte_start + 3;
        span.column_end = 0;
    }
    run
}

/// Renders `run` with `write` to a string.
pub(crate) fn render(
    write: fn(&Run, &mut dyn std::io::Write) -> std::io::Result<()>,
    run: &Run,
) -> String {
    let mut out = Vec::new();
    write(run, &mut out).expect("writing to a Vec cannot fail");
    String::from_utf8(out).expect("reports are UTF-8")
}
