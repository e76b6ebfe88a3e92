//! A Dockerfile parser: parser directives (`# syntax=`, `# escape=`), comments,
//! continuation lines, heredocs, JSON (exec) and shell forms, build stages.
//! One pass over the lines: bounded work on any input.

/// Instructions Docker knows; anything else is a parse error, as for `docker build`.
const KNOWN: &[&str] = &[
    "FROM",
    "RUN",
    "CMD",
    "LABEL",
    "MAINTAINER",
    "EXPOSE",
    "ENV",
    "ADD",
    "COPY",
    "ENTRYPOINT",
    "VOLUME",
    "USER",
    "WORKDIR",
    "ARG",
    "ONBUILD",
    "STOPSIGNAL",
    "HEALTHCHECK",
    "SHELL",
];

/// One instruction, continuation lines and heredoc bodies joined.
#[derive(Debug, Clone)]
pub struct Instruction {
    /// The keyword, upper case.
    pub keyword: String,
    /// Everything after the keyword (continuations joined with a space).
    pub args: String,
    /// 1-based line of the keyword.
    pub line: u32,
    /// 0-based column of the keyword.
    pub col: u32,
}

/// A command as `CMD`, `ENTRYPOINT` or `HEALTHCHECK CMD` write it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// `["app", "--flag"]`: run directly.
    Exec(Vec<String>),
    /// `app --flag`: run through `/bin/sh -c`.
    Shell(String),
}

impl Command {
    /// Reads the arguments of `CMD`/`ENTRYPOINT`: a JSON array of strings is exec
    /// form, anything else (invalid JSON included, as Docker does) is shell form.
    pub fn parse(args: &str) -> Command {
        let trimmed = args.trim();
        if trimmed.starts_with('[') {
            if let Ok(argv) = serde_json::from_str::<Vec<String>>(trimmed) {
                return Command::Exec(argv);
            }
        }
        Command::Shell(trimmed.to_string())
    }
}

/// A build stage: its `FROM` and the instructions up to the next `FROM`.
#[derive(Debug, Clone)]
pub struct Stage {
    /// The `FROM` instruction.
    pub from: Instruction,
    /// The base image or stage name.
    pub base: String,
    /// The `AS` name, lower case.
    pub name: Option<String>,
    /// The earlier stage this one builds on, when `base` names one.
    pub base_stage: Option<usize>,
    /// The instructions after `FROM`.
    pub body: Vec<Instruction>,
}

/// A parsed Dockerfile.
#[derive(Debug, Clone)]
pub struct Dockerfile {
    /// The build stages, in order; the last one is the image that runs.
    pub stages: Vec<Stage>,
}

/// A parse error with its 1-based line.
#[derive(Debug, Clone)]
pub struct DockerError {
    /// What went wrong.
    pub message: String,
    /// Where.
    pub line: u32,
}

/// Parses a Dockerfile.
pub fn parse(text: &str) -> Result<Dockerfile, DockerError> {
    let instructions = instructions(text)?;
    let mut stages: Vec<Stage> = Vec::new();
    for ins in instructions {
        if ins.keyword == "FROM" {
            stages.push(new_stage(ins, &stages));
        } else if let Some(stage) = stages.last_mut() {
            stage.body.push(ins);
        } else if ins.keyword != "ARG" {
            return Err(DockerError {
                message: format!("`{}` before the first FROM", ins.keyword),
                line: ins.line,
            });
        }
    }
    if stages.is_empty() {
        let first = text.lines().position(|l| !l.trim().is_empty()).unwrap_or(0);
        let message = "no FROM instruction: this Dockerfile builds nothing".into();
        return Err(DockerError {
            message,
            line: first as u32 + 1,
        });
    }
    Ok(Dockerfile { stages })
}

fn new_stage(from: Instruction, earlier: &[Stage]) -> Stage {
    let words: Vec<&str> = from
        .args
        .split_whitespace()
        .filter(|w| !w.starts_with("--"))
        .collect();
    let base = words.first().copied().unwrap_or("").to_string();
    let name = match words.as_slice() {
        [_, as_word, name, ..] if as_word.eq_ignore_ascii_case("as") => {
            Some(name.to_ascii_lowercase())
        }
        _ => None,
    };
    let lower = base.to_ascii_lowercase();
    let base_stage = earlier
        .iter()
        .rposition(|s| s.name.as_deref() == Some(lower.as_str()));
    Stage {
        from,
        base,
        name,
        base_stage,
        body: Vec::new(),
    }
}

/// The escape character set by a `# escape=` parser directive (default `\`).
fn directives(lines: &[&str]) -> (char, usize) {
    let mut escape = '\\';
    let mut count = 0;
    for line in lines {
        let Some(rest) = line.trim().strip_prefix('#') else {
            break;
        };
        let Some((key, value)) = rest.split_once('=') else {
            break;
        };
        let key = key.trim().to_ascii_lowercase();
        if key.contains(char::is_whitespace)
            || !matches!(key.as_str(), "syntax" | "escape" | "check")
        {
            break;
        }
        if key == "escape" && value.trim() == "`" {
            escape = '`';
        }
        count += 1;
    }
    (escape, count)
}

/// Splits the text into instructions.
pub fn instructions(text: &str) -> Result<Vec<Instruction>, DockerError> {
    let lines: Vec<&str> = text.lines().collect();
    let (escape, mut i) = directives(&lines);
    let mut out = Vec::new();
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            i += 1;
            continue;
        }
        let start = i;
        let (logical, next) = join_continuations(&lines, i, escape);
        i = next;
        let col = (line.chars().count() - trimmed.chars().count()) as u32;
        let logical = logical.trim();
        let (word, args) = logical
            .split_once(char::is_whitespace)
            .unwrap_or((logical, ""));
        let keyword = word.to_ascii_uppercase();
        if !KNOWN.contains(&keyword.as_str()) {
            return Err(DockerError {
                message: format!("unknown instruction `{word}`"),
                line: start as u32 + 1,
            });
        }
        let mut args = args.trim().to_string();
        if matches!(keyword.as_str(), "RUN" | "COPY" | "ADD") {
            i = heredocs(&lines, i, &mut args);
        }
        out.push(Instruction {
            keyword,
            args,
            line: start as u32 + 1,
            col,
        });
    }
    Ok(out)
}

/// Joins the line at `i` with its continuation lines; returns the logical line and the
/// index of the first line after it. Comment and blank lines inside a continuation are
/// skipped, as Docker does.
fn join_continuations(lines: &[&str], mut i: usize, escape: char) -> (String, usize) {
    let mut logical = String::new();
    while let Some(current) = lines.get(i) {
        i += 1;
        let body = current.trim_end();
        let Some(head) = body.strip_suffix(escape) else {
            logical.push_str(body);
            break;
        };
        logical.push_str(head);
        logical.push(' ');
        while lines
            .get(i)
            .is_some_and(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
        {
            i += 1;
        }
    }
    (logical, i)
}

/// Appends the bodies of the heredocs opened in `args` (`<<EOF`, `<<-"EOF"`), reading
/// from line `i`; returns the first line after them.
fn heredocs(lines: &[&str], mut i: usize, args: &mut String) -> usize {
    for name in heredoc_names(args) {
        while i < lines.len() {
            let line = lines[i];
            i += 1;
            if line.trim_start_matches('\t') == name || line.trim() == name {
                break;
            }
            args.push('\n');
            args.push_str(line);
        }
    }
    i
}

fn heredoc_names(args: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = args;
    while let Some(at) = rest.find("<<") {
        let after = rest[at + 2..].trim_start_matches('-');
        let unquoted = after.trim_start_matches(['"', '\'']);
        let name: String = unquoted
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        // A heredoc word starts with a letter: `$((1<<2))` opens nothing.
        if name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
            names.push(name);
        }
        rest = &rest[at + 2..];
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn continuations_comments_heredocs_and_stages() {
        let text = "# syntax=docker/dockerfile:1\nFROM rust:1 AS build\nRUN cargo build \\\n  # a comment\n  --release\nRUN <<EOF\nCMD not an instruction\nEOF\nFROM debian AS run\nCMD [\"/app\"]\nFROM run\n";
        let file = parse(text).unwrap();
        assert_eq!(file.stages.len(), 3);
        assert_eq!(file.stages[0].body[0].args, "cargo build    --release");
        assert_eq!(file.stages[0].body.len(), 2);
        assert_eq!(file.stages[2].base_stage, Some(1));
        assert_eq!(file.stages[1].body[0].line, 10);
        assert_eq!(
            Command::parse(&file.stages[1].body[0].args),
            Command::Exec(vec!["/app".into()])
        );
    }

    #[test]
    fn escape_directive_changes_the_continuation_character() {
        let text = "# escape=`\nFROM mcr.microsoft.com/windows\nRUN dir `\n  c:\\\nCMD app\n";
        let file = parse(text).unwrap();
        assert_eq!(file.stages[0].body.len(), 2);
        assert_eq!(file.stages[0].body[1].line, 5);
    }

    #[test]
    fn only_comments_is_an_error() {
        assert!(parse("# nothing here\n\n").is_err());
        assert!(parse("FROM x\nFOO bar\n").is_err());
        let shift = parse("FROM x\nRUN echo $((1<<2))\nCMD [\"a\"]\n").unwrap();
        assert_eq!(shift.stages[0].body.len(), 2);
    }
}
