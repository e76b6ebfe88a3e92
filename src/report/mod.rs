//! Reports: turn the sorted diagnostics of a run into text for people, editors and CI.
//!
//! Every format reads the same [`Run`]; none of them decides anything.

use prodcheck_lints::{Finding, Level};
use std::sync::Arc;

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

#[cfg(test)]
mod fixture;

/// The output format chosen with `--format` (or cargo's `--message-format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// miette's graphical diagnostics with source snippets.
    Human,
    /// cargo's JSON message stream (`compiler-message` lines, then `build-finished`).
    Json,
    /// SARIF 2.1.0 for GitHub code scanning.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=..::message`).
    Github,
}

/// The cargo target a file belongs to, as cargo metadata describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetInfo {
    /// `["bin"]`, `["lib"]`, ...
    pub kind: Vec<String>,
    /// `["bin"]`, `["lib"]`, ...
    pub crate_types: Vec<String>,
    /// Target name.
    pub name: String,
    /// Absolute path of the target's root file.
    pub src_path: String,
    /// Rust edition, e.g. `"2021"`.
    pub edition: String,
}

/// The package a file belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageRef {
    /// cargo's package id (`path+file:///w#app@0.1.0`).
    pub id: String,
    /// Package name.
    pub name: String,
    /// Absolute path of its Cargo.toml.
    pub manifest_path: String,
    /// The target the file belongs to.
    pub target: TargetInfo,
}

/// One finding, ready to print: its effective level and where it lives.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// What the rule found (help already filled from the catalogue when the rule gave none).
    pub finding: Finding,
    /// The level after defaults, configs and CLI flags (never `Allow`).
    pub level: Level,
    /// Path relative to the analysed root, with `/` separators.
    pub path: String,
    /// The file's text, for snippets (empty when the file could not be read).
    pub source: Arc<str>,
    /// The package and target, when the file belongs to one.
    pub package: Option<Arc<PackageRef>>,
    /// Stable across line moves: a hash of rule, path, enclosing item and normalized code.
    pub fingerprint: String,
}

/// Everything a report needs about one run.
#[derive(Debug, Clone)]
pub struct Run {
    /// Absolute path of the analysed root (the workspace root or the given directory).
    pub root: String,
    /// Diagnostics sorted by (path, line, column, rule id).
    pub diagnostics: Vec<Diagnostic>,
    /// Number of files analysed.
    pub files_checked: usize,
    /// Whether the run fails (a deny finding, or a warning under `-D warnings`).
    pub failed: bool,
    /// Colour for the human format.
    pub color: bool,
    /// With `--baseline`: how many findings it hid, and how many of its entries no
    /// longer match anything (fixed code: the baseline can shrink).
    pub baseline: Option<BaselineCounts>,
}

/// What a baseline did to a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BaselineCounts {
    /// Findings known in the baseline, not reported.
    pub matched: usize,
    /// Baseline entries that matched no finding.
    pub stale: usize,
}

/// Writes the run in `format` to `out`.
pub fn write(run: &Run, format: Format, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    match format {
        Format::Human => human::write(run, out),
        Format::Json => json::write(run, out),
        Format::Sarif => sarif::write(run, out),
        Format::Github => github::write(run, out),
    }
}

/// The word rustc, SARIF and the human header use for `level`.
pub(crate) fn level_word(level: Level) -> &'static str {
    match level {
        Level::Deny => "error",
        Level::Warn => "warning",
        Level::Note | Level::Allow => "note",
    }
}

impl Diagnostic {
    /// `prodcheck::rule_id`: the code rust-analyzer splits into source and rule.
    pub fn code(&self) -> String {
        format!("prodcheck::{}", self.finding.rule)
    }

    /// `warning[prodcheck::rule_id]: message`, the first line of the text renderings.
    pub fn headline(&self) -> String {
        let level = level_word(self.level);
        format!("{level}[{}]: {}", self.code(), self.finding.message)
    }

    /// The fix: the finding's own help, or the catalogue's when the driver left it empty.
    pub fn help(&self) -> Option<&str> {
        match &self.finding.help {
            Some(help) => Some(help.as_str()),
            None => {
                prodcheck_lints::catalogue::get(self.finding.rule).map(|rule| rule.help.as_str())
            }
        }
    }

    /// The span with lines and columns at least 1 and ends not before starts, so every
    /// consumer gets a valid position even for a file-level finding (`Span::default()`).
    pub fn location(&self) -> prodcheck_lints::Span {
        let span = self.finding.span;
        let line_start = span.line_start.max(1);
        let column_start = span.column_start.max(1);
        let line_end = span.line_end.max(line_start);
        let column_end = if line_end == line_start {
            span.column_end.max(column_start)
        } else {
            span.column_end.max(1)
        };
        let byte_end = span.byte_end.max(span.byte_start);
        prodcheck_lints::Span {
            line_start,
            column_start,
            line_end,
            column_end,
            byte_start: span.byte_start,
            byte_end,
        }
    }

    /// The byte range of the span inside `source`, clamped to the text and to character
    /// boundaries, so slicing it never panics.
    pub fn byte_range(&self) -> std::ops::Range<usize> {
        let source: &str = &self.source;
        let mut start = (self.finding.span.byte_start as usize).min(source.len());
        while !source.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (self.finding.span.byte_end as usize).clamp(start, source.len());
        while !source.is_char_boundary(end) {
            end += 1;
        }
        start..end
    }

    /// Lines `first..=last` (1-based) of the source that exist, without line endings.
    pub fn source_lines(&self, first: u32, last: u32) -> impl Iterator<Item = &str> {
        let skip = first.saturating_sub(1) as usize;
        let take = (last.saturating_add(1).saturating_sub(first.max(1))) as usize;
        let lines = self.source.split('\n').skip(skip).take(take);
        lines.map(|line| line.strip_suffix('\r').unwrap_or(line))
    }
}

#[cfg(test)]
mod tests {
    use super::fixture::{broken_spans_run, sample_run};
    use super::*;

    const FORMATS: [Format; 4] = [Format::Human, Format::Json, Format::Sarif, Format::Github];

    fn render(run: &Run, format: Format) -> Vec<u8> {
        let mut out = Vec::new();
        write(run, format, &mut out).expect("writing to a Vec cannot fail");
        out
    }

    #[test]
    fn every_format_gives_the_same_bytes_for_the_same_run() {
        for run in [sample_run(), broken_spans_run()] {
            for format in FORMATS {
                assert_eq!(
                    render(&run, format),
                    render(&run.clone(), format),
                    "{format:?}"
                );
            }
        }
    }

    /// Spans anywhere (inside multibyte characters, on CRLF and tabs, past the end,
    /// with zero or reversed positions) must render in every format without panicking.
    #[test]
    fn arbitrary_spans_never_panic() {
        let mut run = sample_run();
        run.diagnostics.truncate(1);
        let mut worker = sample_run().diagnostics.remove(3);
        for source in [fixture::MAIN_RS, fixture::WORKER_RS, "", "\t\r\n\r\n"] {
            worker.source = Arc::from(source);
            for start in 0..source.len() as u32 + 3 {
                for length in [0, 1, 2, 7, 1000] {
                    let span = &mut worker.finding.span;
                    *span = prodcheck_lints::Span {
                        line_start: start % 6,
                        column_start: start % 9,
                        line_end: (start + length) % 7,
                        column_end: (start * 3 + length) % 11,
                        byte_start: start,
                        byte_end: (start + length) % (source.len() as u32 + 5),
                    };
                    run.diagnostics[0] = worker.clone();
                    for format in FORMATS {
                        assert!(!render(&run, format).is_empty());
                    }
                }
            }
        }
    }
}
