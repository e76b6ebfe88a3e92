//! One line of the checklist, and the documentation each check carries, so a row's
//! threshold and fix come from the same text that `--explain` prints.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// How a check came out; ordered from harmless to blocking so the worst is the max.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Status {
    /// The value meets the threshold.
    Pass,
    /// Context only: the right value is disputed (overcommit, THP), so no verdict.
    Info,
    /// The check could not run here (file missing, no `--pid`, fixture root); see the note.
    Skip,
    /// Below the recommendation, or the input could not be understood.
    Warn,
    /// Below the minimum that systems such as Elasticsearch refuse to start with.
    Fail,
}

impl Status {
    /// The word printed in the human table and in JSON.
    pub fn label(self) -> &'static str {
        match self {
            Status::Pass => "PASS",
            Status::Info => "INFO",
            Status::Skip => "SKIP",
            Status::Warn => "WARN",
            Status::Fail => "FAIL",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// One row of the host checklist: what was seen, against what, and the fix.
///
/// Serializable so a service can log its own start-up checklist as JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckRow {
    /// The check's stable name, the one `--explain` takes (`somaxconn`).
    pub check: String,
    /// What was checked when a check has several rows: a path, a pid, a host name.
    pub subject: String,
    /// The verdict.
    pub status: Status,
    /// The value seen, as a person reads it.
    pub value: String,
    /// The threshold the value was held against.
    pub threshold: String,
    /// The one-line fix: a sysctl, a unit setting, a command.
    pub fix: String,
    /// Why a row was skipped, which file held garbage, or the context of a disputed value.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// The raw numbers behind `value` (bytes, KiB, counts), for scripts and tests.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub readings: BTreeMap<String, u64>,
}

impl CheckRow {
    /// Adds a raw number behind the human value.
    pub(crate) fn reading(mut self, key: &str, value: u64) -> Self {
        self.readings.insert(key.to_string(), value);
        self
    }

    /// Replaces the documented threshold with one that depends on what was seen.
    pub(crate) fn threshold(mut self, threshold: impl Into<String>) -> Self {
        self.threshold = threshold.into();
        self
    }

    /// Attaches context: the reasons on each side, or why the row was skipped.
    pub(crate) fn note(mut self, note: impl Into<String>) -> Self {
        self.note = note.into();
        self
    }

    /// Names the path, pid or host the row is about.
    pub(crate) fn subject(mut self, subject: impl Into<String>) -> Self {
        self.subject = subject.into();
        self
    }
}

impl fmt::Display for CheckRow {
    /// One log line: `WARN somaxconn: 128 (threshold: >= 1024; fix: sysctl -w ...)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.status, self.check)?;
        if !self.subject.is_empty() {
            write!(f, " [{}]", self.subject)?;
        }
        write!(f, ": {} (threshold: {}", self.value, self.threshold)?;
        if self.status > Status::Skip {
            write!(f, "; fix: {}", self.fix)?;
        }
        if !self.note.is_empty() {
            write!(f, "; {}", self.note)?;
        }
        f.write_str(")")
    }
}

/// Why a check could not give a verdict: it becomes a SKIP or a WARN row, never a panic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Problem {
    /// A file could not be read (missing, unreadable): the check is skipped.
    Unreadable(String),
    /// A file was read but its contents make no sense: a WARN naming the file.
    Garbage(String),
    /// The check does not apply here (no `--pid`, fixture root for a live syscall).
    NotApplicable(String),
}

/// What the `--explain` text and every row of a check share: written once, here.
#[derive(Debug)]
pub(crate) struct CheckDoc {
    /// Stable name, snake_case.
    pub name: &'static str,
    /// What is read, in one line.
    pub reads: &'static str,
    /// The threshold and where it comes from.
    pub threshold: &'static str,
    /// The usual fix.
    pub fix: &'static str,
    /// What goes wrong in production when it is ignored: the incident.
    pub incident: &'static str,
}

impl CheckDoc {
    /// A row of this check with the documented threshold and fix.
    pub(crate) fn row(&self, status: Status, value: impl Into<String>) -> CheckRow {
        CheckRow {
            check: self.name.to_string(),
            subject: String::new(),
            status,
            value: value.into(),
            threshold: self.threshold_line().to_string(),
            fix: self.fix.to_string(),
            note: String::new(),
            readings: BTreeMap::new(),
        }
    }

    /// The threshold text up to its first `;` (the sources follow), and without an
    /// unclosed parenthesis, short enough for a table cell.
    fn threshold_line(&self) -> &'static str {
        let first = self
            .threshold
            .split(';')
            .next()
            .unwrap_or(self.threshold)
            .trim();
        if first.matches('(').count() == first.matches(')').count() {
            return first;
        }
        first.split(" (").next().unwrap_or(first)
    }

    /// Turns the outcome of a check into its row; problems become SKIP or WARN rows.
    pub(crate) fn finish(&self, subject: &str, outcome: Result<CheckRow, Problem>) -> CheckRow {
        let row = match outcome {
            Ok(row) => row,
            Err(Problem::Unreadable(why)) | Err(Problem::NotApplicable(why)) => {
                self.row(Status::Skip, "not read").note(why)
            }
            Err(Problem::Garbage(why)) => self.row(Status::Warn, "unreadable value").note(why),
        };
        if row.subject.is_empty() {
            row.subject(subject)
        } else {
            row
        }
    }
}
