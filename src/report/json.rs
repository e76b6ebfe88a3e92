//! cargo's JSON message stream, so rust-analyzer and cargo tools read our findings as
//! they read `cargo check --message-format=json`: one `compiler-message` object per
//! line with a rustc-shaped diagnostic, then `{"reason":"build-finished",...}`.
//!
//! A file outside any package (plain directory analysis) gets a synthesized package:
//! named after the root directory, id `path+file://<root>#<name>@0.0.0`, manifest
//! `<root>/Cargo.toml`, and a `lib` target (edition 2021) whose `src_path` is the file.

use super::{level_word, Diagnostic, PackageRef, Run, TargetInfo};
use serde::Serialize;
use std::io::{self, Write};
use std::sync::Arc;

/// Writes one `compiler-message` line per diagnostic, then `build-finished`.
pub fn write(run: &Run, out: &mut dyn Write) -> io::Result<()> {
    for diagnostic in &run.diagnostics {
        let package = package_of(run, diagnostic);
        let line = CompilerMessage {
            reason: "compiler-message",
            package_id: &package.id,
            manifest_path: &package.manifest_path,
            target: Target::of(&package.target),
            message: message(diagnostic),
        };
        serde_json::to_writer(&mut *out, &line)?;
        out.write_all(b"\n")?;
    }
    serde_json::to_writer(
        &mut *out,
        &BuildFinished {
            reason: "build-finished",
            success: !run.failed,
        },
    )?;
    out.write_all(b"\n")
}

#[derive(Serialize)]
struct CompilerMessage<'a> {
    reason: &'static str,
    package_id: &'a str,
    manifest_path: &'a str,
    target: Target<'a>,
    message: Message,
}

#[derive(Serialize)]
struct BuildFinished {
    reason: &'static str,
    success: bool,
}

#[derive(Serialize)]
struct Target<'a> {
    kind: &'a [String],
    crate_types: &'a [String],
    name: &'a str,
    src_path: &'a str,
    edition: &'a str,
    doc: bool,
    doctest: bool,
    test: bool,
}

impl<'a> Target<'a> {
    /// cargo's flags for a target of this kind: docs for libraries and binaries,
    /// doctests for libraries, unit tests for everything but examples and benches.
    fn of(target: &'a TargetInfo) -> Self {
        let is = |kind: &str| target.kind.iter().any(|k| k == kind);
        let is_lib = is("lib") || is("proc-macro") || is("rlib") || is("dylib");
        Target {
            kind: &target.kind,
            crate_types: &target.crate_types,
            name: &target.name,
            src_path: &target.src_path,
            edition: if target.edition.is_empty() {
                "2021"
            } else {
                &target.edition
            },
            doc: is_lib || is("bin"),
            doctest: is_lib,
            test: !(is("example") || is("bench")),
        }
    }
}

/// A rustc diagnostic; children use the same shape without `$message_type`.
#[derive(Serialize)]
struct Message {
    #[serde(rename = "$message_type", skip_serializing_if = "Option::is_none")]
    message_type: Option<&'static str>,
    message: String,
    code: Option<Code>,
    level: &'static str,
    spans: Vec<Span>,
    children: Vec<Message>,
    rendered: Option<String>,
}

#[derive(Serialize)]
struct Code {
    code: String,
    explanation: Option<String>,
}

#[derive(Serialize)]
struct Span {
    file_name: String,
    byte_start: u32,
    byte_end: u32,
    line_start: u32,
    line_end: u32,
    column_start: u32,
    column_end: u32,
    is_primary: bool,
    text: Vec<SpanLine>,
    label: Option<String>,
    suggested_replacement: Option<String>,
    suggestion_applicability: Option<String>,
    expansion: Option<()>,
}

#[derive(Serialize)]
struct SpanLine {
    text: String,
    highlight_start: u32,
    highlight_end: u32,
}

fn message(diagnostic: &Diagnostic) -> Message {
    let children: Vec<Message> = child_texts(diagnostic)
        .into_iter()
        .map(|(level, text)| Message {
            message_type: None,
            message: text,
            code: None,
            level,
            spans: Vec::new(),
            children: Vec::new(),
            rendered: None,
        })
        .collect();
    Message {
        message_type: Some("diagnostic"),
        message: diagnostic.finding.message.clone(),
        code: Some(Code {
            code: diagnostic.code(),
            explanation: None,
        }),
        level: level_word(diagnostic.level),
        spans: vec![primary_span(diagnostic)],
        rendered: Some(rendered(diagnostic, &children)),
        children,
    }
}

/// The `help` fix, the notes, then where to read more, as (level, text) pairs.
fn child_texts(diagnostic: &Diagnostic) -> Vec<(&'static str, String)> {
    let fix = diagnostic.help().map(|help| ("help", help.to_string()));
    let notes = diagnostic
        .finding
        .notes
        .iter()
        .map(|note| ("note", note.clone()));
    let explain = format!(
        "for more information: cargo prodcheck explain {}",
        diagnostic.finding.rule
    );
    fix.into_iter()
        .chain(notes)
        .chain(std::iter::once(("help", explain)))
        .collect()
}

fn primary_span(diagnostic: &Diagnostic) -> Span {
    let span = diagnostic.location();
    let label = &diagnostic.finding.label;
    Span {
        file_name: diagnostic.path.clone(),
        byte_start: span.byte_start,
        byte_end: span.byte_end,
        line_start: span.line_start,
        line_end: span.line_end,
        column_start: span.column_start,
        column_end: span.column_end,
        is_primary: true,
        text: span_lines(diagnostic),
        label: (!label.is_empty()).then(|| label.clone()),
        suggested_replacement: None,
        suggestion_applicability: None,
        expansion: None,
    }
}

/// Each source line the span touches, with the highlighted columns as rustc gives them.
fn span_lines(diagnostic: &Diagnostic) -> Vec<SpanLine> {
    if diagnostic.source.is_empty() {
        return Vec::new();
    }
    let span = diagnostic.location();
    // Lines first: the counter is only advanced for lines that exist, so it cannot overflow.
    let lines = diagnostic.source_lines(span.line_start, span.line_end);
    lines
        .zip(span.line_start..)
        .map(|(text, number)| {
            let line_width = text.chars().count() as u32 + 1;
            let start = if number == span.line_start {
                span.column_start
            } else {
                1
            };
            let end = if number == span.line_end {
                span.column_end
            } else {
                line_width
            };
            SpanLine {
                text: text.to_string(),
                highlight_start: start,
                highlight_end: end.max(start),
            }
        })
        .collect()
}

/// The package of the diagnostic's file, or one synthesized from the root (module docs).
fn package_of(run: &Run, diagnostic: &Diagnostic) -> Arc<PackageRef> {
    if let Some(package) = &diagnostic.package {
        return Arc::clone(package);
    }
    let root = run.root.trim_end_matches('/');
    let name = root
        .rsplit('/')
        .next()
        .filter(|name| !name.is_empty())
        .unwrap_or("prodcheck");
    let src_path = format!("{root}/{}", diagnostic.path);
    Arc::new(PackageRef {
        id: format!("path+file://{root}#{name}@0.0.0"),
        name: name.to_string(),
        manifest_path: format!("{root}/Cargo.toml"),
        target: TargetInfo {
            kind: vec!["lib".to_string()],
            crate_types: vec!["lib".to_string()],
            name: name.to_string(),
            src_path,
            edition: "2021".to_string(),
        },
    })
}

/// rustc's plain-text rendering: header, location, the first line of the span with
/// carets under it, then `= help:` and `= note:` lines.
fn rendered(diagnostic: &Diagnostic, children: &[Message]) -> String {
    let span = diagnostic.location();
    let mut text = format!("{}\n", diagnostic.headline());
    let gutter = " ".repeat(span.line_start.to_string().len());
    text.push_str(&format!(
        "{gutter}--> {}:{}:{}\n",
        diagnostic.path, span.line_start, span.column_start
    ));
    if let Some(line) = diagnostic
        .source_lines(span.line_start, span.line_start)
        .next()
        .filter(|_| !diagnostic.source.is_empty())
    {
        text.push_str(&format!(
            "{gutter} |\n{} | {}\n",
            span.line_start,
            expand_tabs(line)
        ));
        text.push_str(&format!(
            "{gutter} | {}\n",
            underline(line, &span, &diagnostic.finding.label)
        ));
    }
    if !children.is_empty() {
        text.push_str(&format!("{gutter} |\n"));
    }
    for child in children {
        text.push_str(&format!("{gutter} = {}: {}\n", child.level, child.message));
    }
    text
}

/// Spaces up to the span's first column, then carets to its end on this line, then the label.
fn underline(line: &str, span: &prodcheck_lints::Span, label: &str) -> String {
    let before: String = line.chars().take(span.column_start as usize - 1).collect();
    let end = if span.line_end == span.line_start {
        span.column_end
    } else {
        u32::MAX
    };
    let marked: String = line
        .chars()
        .skip(before.chars().count())
        .take((end - span.column_start) as usize)
        .collect();
    let width = expand_tabs(&marked).chars().count().max(1);
    let mut text = format!(
        "{}{}",
        " ".repeat(expand_tabs(&before).chars().count()),
        "^".repeat(width)
    );
    if !label.is_empty() {
        text.push(' ');
        text.push_str(label);
    }
    text
}

fn expand_tabs(text: &str) -> String {
    text.replace('\t', "    ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture::{broken_spans_run, render, sample_run};
    use cargo_metadata::diagnostic::DiagnosticLevel;
    use cargo_metadata::{CompilerMessage, Message as CargoMessage};

    fn parse_back(text: &str) -> (Vec<CompilerMessage>, Vec<bool>) {
        let mut compiler_messages = Vec::new();
        let mut finished = Vec::new();
        for message in CargoMessage::parse_stream(text.as_bytes()) {
            match message.expect("every line is a cargo message") {
                CargoMessage::CompilerMessage(message) => compiler_messages.push(message),
                CargoMessage::BuildFinished(build) => finished.push(build.success),
                other => panic!("unexpected message {other:?}"),
            }
        }
        (compiler_messages, finished)
    }

    #[test]
    fn every_line_parses_back_as_a_cargo_message() {
        let text = render(write, &sample_run());
        assert_eq!(text.lines().count(), 5);
        let (messages, finished) = parse_back(&text);
        assert_eq!(finished, vec![false]);
        assert_eq!(messages.len(), 4);
        for message in &messages {
            let primary: Vec<_> = message
                .message
                .spans
                .iter()
                .filter(|span| span.is_primary)
                .collect();
            assert_eq!(
                primary.len(),
                1,
                "rust-analyzer drops a diagnostic without a primary span"
            );
            let code = message.message.code.as_ref().expect("a code");
            assert!(code.code.starts_with("prodcheck::"));
            let explain = message.message.children.last().expect("an explain child");
            assert!(explain
                .message
                .starts_with("for more information: cargo prodcheck explain "));
        }
    }

    #[test]
    fn fields_carry_the_finding() {
        let (messages, _) = parse_back(&render(write, &sample_run()));
        let print = &messages[1];
        assert_eq!(print.package_id.repr, "path+file:///work/app#0.1.0");
        assert_eq!(print.target.name, "app");
        assert_eq!(print.message.level, DiagnosticLevel::Warning);
        let span = &print.message.spans[0];
        assert_eq!(
            (
                span.file_name.as_str(),
                span.line_start,
                span.column_start,
                span.column_end
            ),
            ("src/main.rs", 3, 35, 43)
        );
        assert_eq!(span.byte_end - span.byte_start, 8);
        assert_eq!(
            (span.text[0].highlight_start, span.text[0].highlight_end),
            (35, 43)
        );
        assert_eq!(span.label.as_deref(), Some("use tracing instead"));
        assert_eq!(messages[0].message.level, DiagnosticLevel::Error);
        assert_eq!(messages[3].message.level, DiagnosticLevel::Note);
        assert_eq!(messages[3].message.children[1].level, DiagnosticLevel::Note);
    }

    #[test]
    fn files_outside_a_package_get_a_synthesized_one() {
        let (messages, _) = parse_back(&render(write, &sample_run()));
        let worker = &messages[3];
        assert_eq!(worker.package_id.repr, "path+file:///work/app#app@0.0.0");
        assert_eq!(worker.target.src_path.as_str(), "/work/app/src/worker.rs");
        assert_eq!(
            worker.message.spans[0].text[0].text,
            "\taxum::serve(listener, app).await.unwrap();"
        );
    }

    #[test]
    fn rendered_text_reads_like_rustc() {
        let (messages, _) = parse_back(&render(write, &sample_run()));
        let rendered: Vec<String> = messages
            .iter()
            .filter_map(|m| m.message.rendered.clone())
            .collect();
        insta::assert_snapshot!(rendered.join("\n"));
    }

    #[test]
    fn broken_spans_still_parse_back() {
        let run = broken_spans_run();
        let text = render(write, &run);
        assert_eq!(text, render(write, &run), "same run, same bytes");
        let (messages, _) = parse_back(&text);
        assert!(messages.iter().all(|m| m.message.spans[0].column_end >= 1));
    }
}
