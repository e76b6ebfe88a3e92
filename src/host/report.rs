//! The checklist as text: an aligned table for people, JSON lines for scripts.

use super::row::{CheckRow, Status};
use super::ColorChoice;
use std::io::{self, IsTerminal, Write};

/// Whether to colour: `auto` means a terminal on stdout and no `NO_COLOR`.
pub(crate) fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => std::env::var_os("NO_COLOR").is_none() && io::stdout().is_terminal(),
    }
}

/// The ANSI colour of a status word.
fn paint(status: Status, color: bool) -> String {
    let code = match status {
        Status::Pass => "32",
        Status::Info => "36",
        Status::Skip => "2",
        Status::Warn => "33",
        Status::Fail => "1;31",
    };
    if color {
        format!("\x1b[{code}m{}\x1b[0m", status.label())
    } else {
        status.label().to_string()
    }
}

/// One line per row (`STATUS check [subject] value (threshold)`), then the fix and
/// the note indented under it, then a count of each status.
pub(crate) fn human(rows: &[CheckRow], color: bool, out: &mut impl Write) -> io::Result<()> {
    let labels: Vec<String> = rows.iter().map(label).collect();
    let width = labels
        .iter()
        .map(|label| label.chars().count())
        .max()
        .unwrap_or(0);
    for (row, label) in rows.iter().zip(&labels) {
        let status = paint(row.status, color);
        writeln!(
            out,
            "{status} {label:width$}  {}  (want {})",
            row.value, row.threshold
        )?;
        if row.status >= Status::Warn {
            writeln!(out, "     fix: {}", row.fix)?;
        }
        if !row.note.is_empty() {
            writeln!(out, "     note: {}", row.note)?;
        }
    }
    writeln!(out, "{}", summary(rows))
}

/// `check [subject]`, the first column of the table.
fn label(row: &CheckRow) -> String {
    if row.subject.is_empty() {
        row.check.clone()
    } else {
        format!("{} [{}]", row.check, row.subject)
    }
}

/// `28 rows: 20 pass, 2 info, 3 skip, 2 warn, 1 fail`.
fn summary(rows: &[CheckRow]) -> String {
    let statuses = [
        Status::Pass,
        Status::Info,
        Status::Skip,
        Status::Warn,
        Status::Fail,
    ];
    let counts: Vec<String> = statuses
        .iter()
        .map(|status| {
            let count = rows.iter().filter(|row| row.status == *status).count();
            format!("{count} {}", status.label().to_lowercase())
        })
        .collect();
    format!("{} rows: {}", rows.len(), counts.join(", "))
}

/// One JSON object per row, one per line.
pub(crate) fn json(rows: &[CheckRow], out: &mut impl Write) -> io::Result<()> {
    for row in rows {
        serde_json::to_writer(&mut *out, row)?;
        writeln!(out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::row::CheckDoc;

    const DOC: CheckDoc = CheckDoc {
        name: "demo",
        reads: "r",
        threshold: ">= 1; more",
        fix: "do it",
        incident: "i",
    };

    #[test]
    fn the_table_shows_the_fix_only_where_it_is_needed() {
        let rows = [
            DOC.row(Status::Pass, "5"),
            DOC.row(Status::Fail, "0").subject("/tmp"),
        ];
        let mut out = Vec::new();
        human(&rows, false, &mut out).expect("write to a Vec");
        let text = String::from_utf8(out).expect("utf-8");
        assert!(
            text.starts_with("PASS demo         5  (want >= 1)\n"),
            "{text}"
        );
        assert!(
            text.contains("FAIL demo [/tmp]  0  (want >= 1)\n     fix: do it\n"),
            "{text}"
        );
        assert_eq!(text.matches("fix:").count(), 1);
        assert!(
            text.ends_with("2 rows: 1 pass, 0 info, 0 skip, 0 warn, 1 fail\n"),
            "{text}"
        );
    }

    #[test]
    fn json_rows_round_trip() {
        let rows = [DOC.row(Status::Warn, "3").reading("value", 3)];
        let mut out = Vec::new();
        json(&rows, &mut out).expect("write to a Vec");
        let back: CheckRow = serde_json::from_slice(&out).expect("one JSON row");
        assert_eq!(back, rows[0]);
    }
}
