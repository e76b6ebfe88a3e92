//! The command line: `cargo prodcheck [PATH]` checks a project; `rules`, `explain` and
//! `host` are subcommands. cargo runs subcommands as `cargo-prodcheck prodcheck ARGS`.

use crate::config::CliLevel;
use crate::report::Format;
use clap::{ArgMatches, Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use prodcheck_lints::Level;
use std::path::PathBuf;

/// `cargo prodcheck`: flags the pitfalls that hurt Rust services in production.
#[derive(Debug, Parser)]
#[command(
    name = "cargo prodcheck",
    bin_name = "cargo prodcheck",
    version,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// What to do (default: check the project).
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Options of the default check.
    #[command(flatten)]
    pub check: CheckArgs,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List every rule: id, family, level, scope and summary.
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value = "human")]
        format: ListFormat,
    },
    /// Print a rule's rationale, what fires, what stays silent, and the fix.
    Explain {
        /// The rule id.
        rule: String,
    },
    /// Check the machine a service runs on: limits, sysctls, memory, disk, clock, DNS, TLS.
    Host(crate::host::HostArgs),
}

/// Formats of `cargo prodcheck rules`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// A table.
    Human,
    /// One JSON array.
    Json,
}

/// When to colour the human report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// When stdout is a terminal and `NO_COLOR` is unset.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Options of `cargo prodcheck [PATH]`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Project directory (or a Cargo.toml) to check; default: the current project.
    pub path: Option<PathBuf>,
    /// Path to the Cargo.toml of the project to check.
    #[arg(long, value_name = "FILE")]
    pub manifest_path: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// cargo's spelling: `json` (and `json-*`) selects the JSON stream, `human`/`short` the default.
    #[arg(long, value_name = "FMT")]
    pub message_format: Option<String>,
    /// Colour in the human format.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
    /// Worker threads (default: one per core).
    #[arg(short = 'j', long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Report only findings not recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings in this baseline file (then exit 0).
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Run `cargo check --message-format=json` first and pass its messages through (for
    /// rust-analyzer; the one mode that builds the project). Arguments after `--` go to it.
    #[arg(long)]
    pub with_cargo_check: bool,
    /// Arguments for `cargo check` (with `--with-cargo-check`).
    #[arg(last = true, value_name = "CARGO_CHECK_ARGS")]
    pub cargo_check_args: Vec<String>,
    /// Also check `examples/`.
    #[arg(long)]
    pub include_examples: bool,
    /// After the report, print where the time went: each phase, the slowest rules and files.
    #[arg(long)]
    pub timings: bool,
    /// Log the tool's own decisions to stderr (`-v`: info, `-vv`: debug); `PRODCHECK_LOG`
    /// takes a tracing filter instead (`PRODCHECK_LOG=cargo_prodcheck::service=debug`).
    #[arg(short = 'v', long = "verbose", action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Set RULE_OR_FAMILY to allow (not reported).
    #[arg(short = 'A', long = "allow", value_name = "RULE_OR_FAMILY")]
    pub allow: Vec<String>,
    /// Set RULE_OR_FAMILY to warn.
    #[arg(short = 'W', long = "warn", value_name = "RULE_OR_FAMILY")]
    pub warn: Vec<String>,
    /// Set RULE_OR_FAMILY to deny (fails the run); `-D warnings` makes every warning fail.
    #[arg(short = 'D', long = "deny", value_name = "RULE_OR_FAMILY")]
    pub deny: Vec<String>,
}

impl CheckArgs {
    /// The output format from `--format` or `--message-format`.
    pub fn output_format(&self) -> Result<Format, String> {
        if let Some(format) = self.format {
            return Ok(format);
        }
        match self.message_format.as_deref() {
            None => Ok(Format::Human),
            Some(f) if f.starts_with("json") => Ok(Format::Json),
            Some("human" | "short") => Ok(Format::Human),
            Some(other) => Err(format!(
                "invalid --message-format `{other}` (expected json, human or short)"
            )),
        }
    }
}

/// Parses the arguments (dropping the `prodcheck` that cargo inserts), keeping the order
/// of `-A/-W/-D` flags, which matters as in rustc: later flags win.
pub fn parse(args: Vec<std::ffi::OsString>) -> Result<(Cli, Vec<CliLevel>), clap::Error> {
    let mut args = args;
    if args.get(1).is_some_and(|a| a == "prodcheck") {
        args.remove(1);
    }
    let matches = Cli::command().try_get_matches_from(args)?;
    let cli = Cli::from_arg_matches(&matches)?;
    Ok((cli, level_flags(&matches)))
}

fn level_flags(matches: &ArgMatches) -> Vec<CliLevel> {
    let mut flags = Vec::new();
    for (id, level) in [
        ("allow", Level::Allow),
        ("warn", Level::Warn),
        ("deny", Level::Deny),
    ] {
        let (Some(indices), Some(values)) =
            (matches.indices_of(id), matches.get_many::<String>(id))
        else {
            continue;
        };
        flags.extend(indices.zip(values).map(|(index, name)| {
            (
                index,
                CliLevel {
                    name: name.clone(),
                    level,
                },
            )
        }));
    }
    flags.sort_by_key(|(index, _)| *index);
    flags.into_iter().map(|(_, flag)| flag).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(line: &str) -> (Cli, Vec<CliLevel>) {
        parse(line.split_whitespace().map(Into::into).collect()).unwrap()
    }

    #[test]
    fn cargo_inserts_the_subcommand_name() {
        let (cli, _) = parse_str("cargo-prodcheck prodcheck demo --format json");
        assert_eq!(cli.check.path, Some(PathBuf::from("demo")));
        assert_eq!(cli.check.output_format(), Ok(Format::Json));
        let (cli, _) = parse_str("cargo-prodcheck --message-format=json-diagnostic-rendered-ansi");
        assert_eq!(cli.check.output_format(), Ok(Format::Json));
    }

    #[test]
    fn level_flags_keep_their_order() {
        let (_, flags) = parse_str("cargo-prodcheck -D logging -A print_in_service -W logging");
        let summary: Vec<(&str, Level)> =
            flags.iter().map(|f| (f.name.as_str(), f.level)).collect();
        assert_eq!(
            summary,
            vec![
                ("logging", Level::Deny),
                ("print_in_service", Level::Allow),
                ("logging", Level::Warn)
            ]
        );
    }

    #[test]
    fn subcommands_parse() {
        let (cli, _) = parse_str("cargo-prodcheck prodcheck explain print_in_service");
        assert!(
            matches!(cli.command, Some(Command::Explain { rule }) if rule == "print_in_service")
        );
    }
}
