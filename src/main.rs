//! `cargo prodcheck`: flags the pitfalls that hurt Rust services in production.
//!
//! Exit status: 0 nothing at deny level, 1 a deny finding (or a warning under
//! `-D warnings`), 2 the run itself failed.

use cargo_prodcheck::cli::{self, ColorChoice, Command};
use cargo_prodcheck::{baseline, cargo_check, catalogue_cmd, engine, report, workspace};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let (cli, cli_levels) = match cli::parse(std::env::args_os().collect()) {
        Ok(parsed) => parsed,
        Err(err) => {
            let _ = err.print();
            return ExitCode::from(if err.use_stderr() { 2 } else { 0 });
        }
    };
    let mut stdout = std::io::stdout().lock();
    match cli.command {
        Some(Command::Rules { format }) => finish(catalogue_cmd::list(format, &mut stdout), 0),
        Some(Command::Explain { rule }) => match catalogue_cmd::explain(&rule, &mut stdout) {
            Ok(true) => ExitCode::SUCCESS,
            Ok(false) => fail(&format!("no rule `{rule}` (see `cargo prodcheck rules`)")),
            Err(err) => fail(&err.to_string()),
        },
        Some(Command::Host(args)) => {
            drop(stdout);
            ExitCode::from(u8::try_from(cargo_prodcheck::host::run(&args)).unwrap_or(2))
        }
        None => check(cli.check, cli_levels, &mut stdout),
    }
}

fn check(
    args: cli::CheckArgs,
    cli_levels: Vec<cargo_prodcheck::config::CliLevel>,
    stdout: &mut dyn Write,
) -> ExitCode {
    let started = Instant::now();
    init_logging(args.verbose);
    let format = match args.output_format() {
        Ok(format) => format,
        Err(message) => return fail(&message),
    };
    let explicit = args.manifest_path.clone().or(args.path.clone());
    let search_upwards = explicit.is_none();
    let target = explicit.unwrap_or_else(|| std::path::PathBuf::from("."));
    let loaded = match workspace::load(&target, search_upwards) {
        Ok(loaded) => loaded,
        Err(err) => return fail(&err.0),
    };
    let metadata_took = started.elapsed();
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    };
    let options = engine::Options {
        jobs: args.jobs.unwrap_or(0),
        include_examples: args.include_examples,
        cli_levels,
        color,
        timings: args.timings,
    };
    let (mut run, mut timings) = match engine::run(&loaded, &options) {
        Ok(run) => run,
        Err(err) => return fail(&err.0),
    };
    if let Some(timings) = &mut timings {
        timings.phases.insert(0, ("cargo metadata", metadata_took));
    }
    if let Some(path) = &args.write_baseline {
        if let Err(err) = baseline::write(path, &run.diagnostics) {
            return fail(&err);
        }
        eprintln!(
            "prodcheck: wrote {} findings to {}",
            run.diagnostics.len(),
            path.display()
        );
        return ExitCode::SUCCESS;
    }
    if let Some(path) = &args.baseline {
        match baseline::apply(path, &mut run.diagnostics) {
            Ok(counts) => run.baseline = Some(counts),
            Err(err) => return fail(&err),
        }
        run.failed = run
            .diagnostics
            .iter()
            .any(|d| d.level == prodcheck_lints::Level::Deny);
    }
    if args.with_cargo_check {
        if format != report::Format::Json {
            return fail("--with-cargo-check passes cargo's JSON messages through: use it with --message-format=json");
        }
        let Some(manifest) = loaded.manifest.clone() else {
            return fail("--with-cargo-check needs a Cargo project (no Cargo.toml found)");
        };
        match cargo_check::run(&manifest, &args.cargo_check_args) {
            Ok(check) => {
                for line in &check.lines {
                    let _ = writeln!(stdout, "{line}");
                }
                run.failed |= !check.success;
            }
            Err(err) => return fail(&err),
        }
    }
    let report_started = Instant::now();
    if let Err(err) = report::write(&run, format, stdout).and_then(|()| stdout.flush()) {
        if err.kind() != std::io::ErrorKind::BrokenPipe {
            return fail(&format!("cannot write the report: {err}"));
        }
    }
    if let Some(timings) = &mut timings {
        timings.phase("report", report_started.elapsed());
        eprint!("{}", timings.render());
    }
    eprintln!(
        "prodcheck: checked {} files in {:.2} s",
        run.files_checked,
        started.elapsed().as_secs_f64()
    );
    ExitCode::from(u8::from(run.failed))
}

/// Diagnostic logging of the tool's own decisions, on stderr, off by default: never
/// mixed into the report on stdout.
fn init_logging(verbose: u8) {
    let filter = match (std::env::var("PRODCHECK_LOG"), verbose) {
        (Ok(filter), _) if !filter.is_empty() => filter,
        (_, 0) => return,
        (_, 1) => "cargo_prodcheck=info".to_string(),
        _ => "cargo_prodcheck=debug".to_string(),
    };
    let filter = tracing_subscriber::EnvFilter::try_new(&filter).unwrap_or_else(|err| {
        eprintln!("warning: PRODCHECK_LOG: {err}; logging at info");
        tracing_subscriber::EnvFilter::new("cargo_prodcheck=info")
    });
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .without_time()
        .with_ansi(false)
        .init();
}

fn finish(result: std::io::Result<()>, code: u8) -> ExitCode {
    match result {
        Ok(()) => ExitCode::from(code),
        Err(err) => fail(&err.to_string()),
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}
