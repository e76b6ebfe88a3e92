//! `--with-cargo-check`: rust-analyzer's `check.overrideCommand` replaces `cargo check`,
//! so a user who points it at us would lose compiler errors. This opt-in mode (the only
//! one that builds the project) runs `cargo check --message-format=json` first and passes
//! its messages through before ours.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

/// What `cargo check` said.
pub struct CargoCheck {
    /// Its JSON message lines, without its final `build-finished`.
    pub lines: Vec<String>,
    /// Whether it succeeded.
    pub success: bool,
}

/// Runs `cargo check --message-format=json` on `manifest` with the user's extra arguments.
pub fn run(manifest: &Path, extra: &[String]) -> Result<CargoCheck, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut child = Command::new(cargo)
        .args(["check", "--message-format=json", "--manifest-path"])
        .arg(manifest)
        .args(extra)
        .current_dir(manifest.parent().unwrap_or(Path::new(".")))
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run cargo check: {e}"))?;
    let mut lines = Vec::new();
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines() {
            let line = line.map_err(|e| format!("reading cargo check's output: {e}"))?;
            if !line.contains("\"reason\":\"build-finished\"") {
                lines.push(line);
            }
        }
    }
    let status = child.wait().map_err(|e| format!("cargo check: {e}"))?;
    Ok(CargoCheck {
        lines,
        success: status.success(),
    })
}
