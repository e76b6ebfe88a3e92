//! What a rule reports: a finding with its exact place in the file.

use serde::Serialize;

/// How loud a finding is. `Allow` findings are dropped before reporting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Not reported.
    Allow,
    /// Advice; never fails CI.
    Note,
    /// Reported; fails CI only under `-D warnings`.
    Warn,
    /// Fails CI (exit status 1).
    Deny,
}

impl Level {
    /// Parses the spelling used in `rules.toml`, configs and the CLI.
    pub fn parse(text: &str) -> Option<Level> {
        match text {
            "allow" => Some(Level::Allow),
            "note" => Some(Level::Note),
            "warn" | "warning" => Some(Level::Warn),
            "deny" | "error" => Some(Level::Deny),
            _ => None,
        }
    }

    /// The spelling used in `rules.toml` and `cargo prodcheck rules`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Allow => "allow",
            Level::Note => "note",
            Level::Warn => "warn",
            Level::Deny => "deny",
        }
    }
}

/// A place in a file: 1-based lines, 1-based character columns (end exclusive),
/// 0-based byte offsets (end exclusive), as rustc's JSON spans count them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Span {
    /// First line, 1-based.
    pub line_start: u32,
    /// First column, 1-based, in characters.
    pub column_start: u32,
    /// Last line, 1-based.
    pub line_end: u32,
    /// Column after the last character, 1-based.
    pub column_end: u32,
    /// Byte offset of the first byte.
    pub byte_start: u32,
    /// Byte offset after the last byte.
    pub byte_end: u32,
}

/// One problem found in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The rule id, as in `rules.toml`.
    pub rule: &'static str,
    /// Where the problem is.
    pub span: Span,
    /// One line, lowercase, no trailing period: what is wrong in this code.
    pub message: String,
    /// Short text under the underlined code.
    pub label: String,
    /// The concrete fix; `None` uses the catalogue's `help`.
    pub help: Option<String>,
    /// Extra lines of context (`note:` children).
    pub notes: Vec<String>,
    /// Name of the enclosing item (`fn handler`, `impl Server`), for baselines.
    pub item: String,
    /// Kept only when the package-level facts satisfy it (see [`crate::facts`]).
    pub condition: Option<crate::facts::Condition>,
    /// This finding's level when the configuration does not set the rule's: some
    /// rules grade their findings (exponential vs polynomial backtracking).
    pub default_level: Option<Level>,
}

impl Finding {
    /// A finding with no help override, notes, item or condition.
    pub fn new(
        rule: &'static str,
        span: Span,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> Self {
        Finding {
            rule,
            span,
            message: message.into(),
            label: label.into(),
            help: None,
            notes: Vec::new(),
            item: String::new(),
            condition: None,
            default_level: None,
        }
    }

    /// Gives this finding its own default level, in place of the catalogue's.
    pub fn with_default_level(mut self, level: Level) -> Self {
        self.default_level = Some(level);
        self
    }

    /// Replaces the catalogue's help with a fix specific to this code.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a `note:` line.
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Keeps the finding only if `condition` holds for the package.
    pub fn when(mut self, condition: crate::facts::Condition) -> Self {
        self.condition = Some(condition);
        self
    }
}
