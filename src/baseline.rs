//! Baselines: adopt the check on a legacy codebase today and fail only new findings.
//!
//! A finding is known by its rule, its path and its fingerprint (a hash of the enclosing
//! item and the flagged code without whitespace), never by its line: code moved up or
//! down the file, or reformatted, stays known; an edited expression is new.

use crate::report::{BaselineCounts, Diagnostic};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

/// One known finding.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    /// Rule id.
    pub rule: String,
    /// Path relative to the root.
    pub path: String,
    /// The finding's fingerprint.
    pub fingerprint: String,
}

/// The baseline file.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    findings: Vec<Entry>,
}

fn entry(d: &Diagnostic) -> Entry {
    Entry {
        rule: d.finding.rule.to_string(),
        path: d.path.clone(),
        fingerprint: d.fingerprint.clone(),
    }
}

/// Writes the current findings as a baseline (sorted, so it diffs well).
pub fn write(path: &Path, diagnostics: &[Diagnostic]) -> Result<(), String> {
    let mut findings: Vec<Entry> = diagnostics.iter().map(entry).collect();
    findings.sort();
    let text = serde_json::to_string_pretty(&File {
        version: 1,
        findings,
    })
    .map_err(|e| e.to_string())?;
    std::fs::write(path, text + "\n").map_err(|e| format!("{}: {e}", path.display()))
}

/// Drops the findings the baseline knows (each entry hides one finding) and counts the
/// entries that matched nothing.
pub fn apply(path: &Path, diagnostics: &mut Vec<Diagnostic>) -> Result<BaselineCounts, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let file: File = serde_json::from_str(&text)
        .map_err(|e| format!("{}: not a prodcheck baseline: {e}", path.display()))?;
    if file.version != 1 {
        return Err(format!(
            "{}: baseline version {} is not supported (expected 1)",
            path.display(),
            file.version
        ));
    }
    let mut known: HashMap<Entry, usize> = HashMap::new();
    for e in file.findings {
        *known.entry(e).or_default() += 1;
    }
    let mut matched = 0;
    diagnostics.retain(|d| match known.get_mut(&entry(d)) {
        Some(left) if *left > 0 => {
            *left -= 1;
            matched += 1;
            false
        }
        _ => true,
    });
    Ok(BaselineCounts {
        matched,
        stale: known.values().sum(),
    })
}
