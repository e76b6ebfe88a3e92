//! The default format: miette's graphical report for each finding, then one summary line.
//!
//! The width is fixed and the elapsed time left out (the driver prints it on stderr), so
//! the same run renders to the same bytes on any terminal.

use super::{Diagnostic, Run};
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, Severity};
use prodcheck_lints::Level;
use std::fmt;
use std::io::{self, Write};
use std::sync::Arc;

/// Columns the report is wrapped to, whatever the terminal is.
const WIDTH: usize = 100;

/// Writes every diagnostic as a graphical report, then the summary line.
pub fn write(run: &Run, out: &mut dyn Write) -> io::Result<()> {
    let handler = handler(run.color);
    for diagnostic in &run.diagnostics {
        out.write_all(render(&handler, diagnostic).as_bytes())?;
        out.write_all(b"\n")?;
    }
    writeln!(out, "{}", summary(run))
}

fn handler(color: bool) -> GraphicalReportHandler {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(WIDTH)
        .with_links(false)
        .without_primary_span_start()
}

/// One diagnostic as miette draws it, followed by its `note:` lines.
fn render(handler: &GraphicalReportHandler, diagnostic: &Diagnostic) -> String {
    let report = Report::new(diagnostic);
    let mut text = String::new();
    if handler.render_report(&mut text, &report).is_err() {
        // miette only fails when the source cannot be read; show the header alone.
        text = format!("{report}\n");
    }
    for note in &diagnostic.finding.notes {
        text.push_str(&format!("  note: {}\n", note.replace('\n', "\n        ")));
    }
    text
}

/// A diagnostic in the shape miette renders.
struct Report<'a> {
    diagnostic: &'a Diagnostic,
    source: NamedSource<Arc<str>>,
}

impl<'a> Report<'a> {
    fn new(diagnostic: &'a Diagnostic) -> Self {
        // miette counts columns in bytes; name the snippet with our character column.
        let span = diagnostic.location();
        let name = format!(
            "{}:{}:{}",
            diagnostic.path, span.line_start, span.column_start
        );
        let source = NamedSource::new(name, Arc::clone(&diagnostic.source));
        Report { diagnostic, source }
    }

    fn has_snippet(&self) -> bool {
        !self.diagnostic.source.is_empty()
    }
}

impl fmt::Display for Report<'_> {
    /// `warning[prodcheck::rule]: message`, plus the path when there is no snippet to show it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let diagnostic = self.diagnostic;
        f.write_str(&diagnostic.headline())?;
        if !self.has_snippet() {
            write!(f, "\n--> {}", diagnostic.path)?;
            let span = diagnostic.finding.span;
            if span.line_start > 0 {
                write!(f, ":{}:{}", span.line_start, span.column_start.max(1))?;
            }
        }
        Ok(())
    }
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn severity(&self) -> Option<Severity> {
        Some(match self.diagnostic.level {
            Level::Deny => Severity::Error,
            Level::Warn => Severity::Warning,
            Level::Note | Level::Allow => Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let help = self.diagnostic.help()?;
        Some(Box::new(help))
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.has_snippet()
            .then_some(&self.source as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if !self.has_snippet() {
            return None;
        }
        let label = &self.diagnostic.finding.label;
        let label = (!label.is_empty()).then(|| label.clone());
        let range = self.diagnostic.byte_range();
        let span = LabeledSpan::new_primary_with_span(label, range.start..range.end);
        Some(Box::new(std::iter::once(span)))
    }
}

/// `2 errors, 5 warnings, 1 note in 42 files`, or `no problems found in 42 files`.
fn summary(run: &Run) -> String {
    let files = counted(run.files_checked, "file");
    let count = |level: Level| run.diagnostics.iter().filter(|d| d.level == level).count();
    let parts: Vec<String> = [
        (Level::Deny, "error"),
        (Level::Warn, "warning"),
        (Level::Note, "note"),
    ]
    .into_iter()
    .filter_map(|(level, noun)| {
        let n = count(level);
        (n > 0).then(|| counted(n, noun))
    })
    .collect();
    let line = if parts.is_empty() {
        format!("no problems found in {files}")
    } else {
        format!("{} in {files}", parts.join(", "))
    };
    match run.baseline {
        Some(b) => format!(
            "{line} ({} known in the baseline, {} stale baseline entries)",
            b.matched, b.stale
        ),
        None => line,
    }
}

fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture::{broken_spans_run, render, sample_run};

    #[test]
    fn sample_run_renders_snippets_help_notes_and_summary() {
        insta::assert_snapshot!(render(write, &sample_run()));
    }

    #[test]
    fn colour_only_when_asked_and_no_carriage_returns() {
        let mut run = sample_run();
        let plain = render(write, &run);
        run.color = true;
        let coloured = render(write, &run);
        assert!(!plain.contains('\x1b') && coloured.contains('\x1b'));
        assert!(
            !plain.contains('\r'),
            "CRLF sources must not leak carriage returns"
        );
        assert_eq!(plain, render(write, &sample_run()), "same run, same bytes");
    }

    #[test]
    fn empty_run_says_no_problems() {
        let mut run = sample_run();
        run.diagnostics.clear();
        run.files_checked = 1;
        assert_eq!(render(write, &run), "no problems found in 1 file\n");
    }

    #[test]
    fn broken_spans_still_render() {
        let text = render(write, &broken_spans_run());
        assert!(
            text.ends_with("2 errors, 1 warning, 1 note in 3 files\n"),
            "{text}"
        );
    }
}
