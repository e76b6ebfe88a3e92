//! Source text helpers: positions and suppression comments.

use crate::finding::Span;

/// Maps proc-macro2 line/column positions to rustc-style spans with byte offsets.
pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<u32>,
}

impl<'a> LineIndex<'a> {
    /// The indexed text.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// Indexes `text` (after any BOM was removed).
    pub fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0u32];
        // `match_indices` of a char searches with memchr, not byte by byte.
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i as u32 + 1));
        LineIndex { text, line_starts }
    }

    /// The text of 1-based `line`, without its line break.
    pub fn line_text(&self, line: u32) -> &'a str {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1) as usize) else {
            return "";
        };
        let end = self
            .line_starts
            .get(line as usize)
            .map_or(self.text.len(), |&e| e as usize);
        self.text[start as usize..end].trim_end_matches(['\n', '\r'])
    }

    /// Number of lines.
    pub fn line_count(&self) -> u32 {
        self.line_starts.len() as u32
    }

    /// Byte offset of a 1-based line and 0-based character column.
    pub fn offset(&self, line: u32, column: u32) -> u32 {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1) as usize) else {
            return self.text.len() as u32;
        };
        let rest = &self.text[start as usize..];
        let within = rest
            .char_indices()
            .nth(column as usize)
            .map_or(rest.len(), |(i, _)| i);
        start + within as u32
    }

    /// The 1-based line and 0-based character column of a byte offset.
    pub fn position(&self, offset: u32) -> (u32, u32) {
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1) as u32;
        let start = self.line_starts[line as usize - 1] as usize;
        let end = (offset as usize).min(self.text.len());
        let column = self.text.get(start..end).map_or(0, |s| s.chars().count()) as u32;
        (line, column)
    }

    /// Converts a proc-macro2 span (span-locations on) to a [`Span`].
    pub fn span(&self, span: proc_macro2::Span) -> Span {
        let (start, end) = (span.start(), span.end());
        self.span_of(
            start.line as u32,
            start.column as u32,
            end.line as u32,
            end.column as u32,
        )
    }

    /// The span covering `first` to `last` (inclusive), e.g. a chain's first and last token.
    pub fn span_between(&self, first: proc_macro2::Span, last: proc_macro2::Span) -> Span {
        let (start, end) = (first.start(), last.end());
        self.span_of(
            start.line as u32,
            start.column as u32,
            end.line as u32,
            end.column as u32,
        )
    }

    /// A span from 1-based lines and 0-based character columns.
    pub fn span_of(&self, line_start: u32, col_start: u32, line_end: u32, col_end: u32) -> Span {
        Span {
            line_start,
            column_start: col_start + 1,
            line_end,
            column_end: col_end + 1,
            byte_start: self.offset(line_start, col_start),
            byte_end: self.offset(line_end, col_end),
        }
    }

    /// A span from byte offsets.
    pub fn span_of_bytes(&self, start: u32, end: u32) -> Span {
        let (ls, cs) = self.position(start);
        let (le, ce) = self.position(end);
        Span {
            line_start: ls,
            column_start: cs + 1,
            line_end: le,
            column_end: ce + 1,
            byte_start: start,
            byte_end: end,
        }
    }

    /// The span of the whole first line (for findings about a whole file).
    pub fn first_line(&self) -> Span {
        let len = self.line_text(1).chars().count() as u32;
        self.span_of(1, 0, 1, len)
    }
}

/// A `prodcheck:allow(...)` comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// The rule ids or families named.
    pub names: Vec<(String, Span)>,
    /// The line whose findings it silences (0 when it silences the whole file).
    pub target_line: u32,
    /// True for the file-level form (`//! prodcheck:allow(..)`).
    pub whole_file: bool,
}

/// Comment syntax of the file being scanned for suppressions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentStyle {
    /// `//`, with `//!` for the file-level form.
    Rust,
    /// `#` comments (Dockerfile, YAML, TOML; `;` at line start too, for systemd units).
    /// A suppression above all content silences the whole file.
    Hash,
}

const MARKER: &str = "prodcheck:allow(";

/// Finds the suppression comments of a file.
pub fn suppressions(index: &LineIndex<'_>, style: CommentStyle) -> Vec<Suppression> {
    // Most files have none: one substring search instead of a pass over every line.
    if !index.text().contains(MARKER) {
        return Vec::new();
    }
    let mut found = Vec::new();
    let mut pending: Vec<Suppression> = Vec::new();
    let mut seen_code = false;
    for line in 1..=index.line_count() {
        let text = index.line_text(line);
        let trimmed = text.trim_start();
        let comment_at = comment_start(text, style);
        let standalone = comment_at.is_some_and(|at| text[..at].trim().is_empty());
        if !trimmed.is_empty() && !standalone {
            // A code line: it takes the pending standalone suppressions above it.
            seen_code = true;
            for mut s in pending.drain(..) {
                s.target_line = line;
                found.push(s);
            }
        }
        let Some(at) = comment_at else { continue };
        let comment = &text[at..];
        // The marker opens the comment (`// prodcheck:allow(..)`, `# prodcheck:allow(..)`):
        // prose that mentions it, as in this very comment, is not a suppression.
        let body = comment.trim_start_matches(['/', '!', '#', ';']);
        let marker = comment.len() - body.trim_start().len();
        if !body.trim_start().starts_with(MARKER) {
            continue;
        }
        let open = at + marker + MARKER.len();
        let Some(close) = text[open..].find(')') else {
            continue;
        };
        let line_offset = index.offset(line, 0);
        let mut names = Vec::new();
        let mut cursor = open;
        for part in text[open..open + close].split(',') {
            let name = part.trim();
            let lead = part.len() - part.trim_start().len();
            let start = line_offset + (cursor + lead) as u32;
            if !name.is_empty() {
                names.push((
                    name.to_string(),
                    index.span_of_bytes(start, start + name.len() as u32),
                ));
            }
            cursor += part.len() + 1;
        }
        let file_form = match style {
            CommentStyle::Rust => comment.starts_with("//!"),
            CommentStyle::Hash => !seen_code && standalone,
        };
        let suppression = Suppression {
            names,
            target_line: line,
            whole_file: file_form,
        };
        if file_form {
            found.push(Suppression {
                target_line: 0,
                ..suppression
            });
        } else if standalone {
            pending.push(suppression);
        } else {
            found.push(suppression);
        }
    }
    found.extend(pending);
    found
}

/// Byte index where a comment starts on this line, skipping string literals.
fn comment_start(line: &str, style: CommentStyle) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut in_string = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            if b == b'\\' {
                i += 1;
            } else if b == b'"' {
                in_string = false;
            }
        } else if b == b'"' {
            in_string = true;
        } else {
            match style {
                CommentStyle::Rust if b == b'/' && bytes.get(i + 1) == Some(&b'/') => {
                    return Some(i)
                }
                CommentStyle::Hash if b == b'#' || (b == b';' && line[..i].trim().is_empty()) => {
                    return Some(i)
                }
                _ => {}
            }
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_count_characters_not_bytes() {
        let text = "fn é() {}\nlet x = 1;\r\nz";
        let index = LineIndex::new(text);
        assert_eq!(index.offset(1, 4), 5);
        assert_eq!(index.offset(2, 4), 15);
        assert_eq!(index.line_text(2), "let x = 1;");
        assert_eq!(index.position(15), (2, 4));
        assert_eq!(index.line_text(3), "z");
    }

    #[test]
    fn suppressions_target_their_line_or_the_next_code_line() {
        let text = "//! prodcheck:allow(logging)\nfn a() {} // prodcheck:allow(x, y) why\n// prodcheck:allow(z)\n// more words\n// see `prodcheck:allow(prose)`\n\nlet s = \"// prodcheck:allow(no)\";\n";
        let index = LineIndex::new(text);
        let found = suppressions(&index, CommentStyle::Rust);
        let summary: Vec<(Vec<&str>, u32, bool)> = found
            .iter()
            .map(|s| {
                (
                    s.names.iter().map(|(n, _)| n.as_str()).collect(),
                    s.target_line,
                    s.whole_file,
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                (vec!["logging"], 0, true),
                (vec!["x", "y"], 2, false),
                (vec!["z"], 7, false)
            ]
        );
        let (_, y_span) = &found[1].names[1];
        assert_eq!(
            &text[y_span.byte_start as usize..y_span.byte_end as usize],
            "y"
        );
    }
}
