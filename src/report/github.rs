//! GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` line per
//! diagnostic, which the runner turns into an annotation on the pull request's diff.

use super::{Diagnostic, Run};
use prodcheck_lints::Level;
use std::io::{self, Write};

/// Writes one workflow command per diagnostic.
pub fn write(run: &Run, out: &mut dyn Write) -> io::Result<()> {
    for diagnostic in &run.diagnostics {
        writeln!(out, "{}", command(diagnostic))?;
    }
    Ok(())
}

/// `::error file=..,line=..,col=..,endLine=..,endColumn=..,title=prodcheck(rule)::message`,
/// with the help and notes on the following lines of the message.
fn command(diagnostic: &Diagnostic) -> String {
    let span = diagnostic.location();
    let name = match diagnostic.level {
        Level::Deny => "error",
        Level::Warn => "warning",
        Level::Note | Level::Allow => "notice",
    };
    let properties = [
        ("file", diagnostic.path.clone()),
        ("line", span.line_start.to_string()),
        ("col", span.column_start.to_string()),
        ("endLine", span.line_end.to_string()),
        ("endColumn", span.column_end.to_string()),
        ("title", format!("prodcheck({})", diagnostic.finding.rule)),
    ]
    .map(|(key, value)| format!("{key}={}", escape_property(&value)))
    .join(",");
    format!(
        "::{name} {properties}::{}",
        escape_data(&message(diagnostic))
    )
}

fn message(diagnostic: &Diagnostic) -> String {
    let mut text = diagnostic.finding.message.clone();
    if let Some(help) = diagnostic.help() {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    for note in &diagnostic.finding.notes {
        text.push_str("\nnote: ");
        text.push_str(note);
    }
    text
}

/// The runner's escaping of a command's message: `%`, CR and LF.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// The runner's escaping of a property value: as the message, plus `:` and `,`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture::{broken_spans_run, render, sample_run};

    #[test]
    fn one_command_per_diagnostic() {
        insta::assert_snapshot!(render(write, &sample_run()));
    }

    #[test]
    fn first_line_is_exact() {
        let text = render(write, &sample_run());
        assert_eq!(
            text.lines().next(),
            Some(
                "::error file=src/main.rs,line=2,col=18,endLine=2,endColumn=40,\
                 title=prodcheck(http_client_without_timeout)::reqwest client built without a timeout\
                 %0Ahelp: set .timeout(Duration::from_secs(30)) on the builder"
            )
        );
    }

    #[test]
    fn levels_map_to_commands() {
        let text = render(write, &sample_run());
        let names: Vec<&str> = text
            .lines()
            .filter_map(|line| line.split(' ').next())
            .collect();
        assert_eq!(names, ["::error", "::warning", "::error", "::notice"]);
    }

    #[test]
    fn escaping_follows_the_runner() {
        assert_eq!(
            escape_data("100% done\r\nnext: a,b"),
            "100%25 done%0D%0Anext: a,b"
        );
        assert_eq!(escape_property("src/a:b,c%.rs"), "src/a%3Ab%2Cc%25.rs");
    }

    #[test]
    fn broken_spans_still_give_valid_positions() {
        let text = render(write, &broken_spans_run());
        assert_eq!(text.lines().count(), 4);
        assert!(
            !text.contains("line=0") && !text.contains("col=0") && !text.contains("endColumn=0")
        );
    }
}
