//! `cargo prodcheck rules` and `cargo prodcheck explain RULE`.

use crate::cli::ListFormat;
use prodcheck_lints::catalogue;
use std::io::Write;

/// The long documentation of a rule: the doc comment of its implementation.
pub fn docs(id: &str) -> Option<&'static str> {
    prodcheck_lints::rust::rule(id)
        .map(|def| def.docs)
        .or_else(|| prodcheck_lints::deploy::docs(id))
}

/// Prints the catalogue.
pub fn list(format: ListFormat, out: &mut dyn Write) -> std::io::Result<()> {
    let rules = catalogue::all();
    match format {
        ListFormat::Json => {
            let rows: Vec<serde_json::Value> = rules
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "id": r.id, "family": r.family, "level": r.level.as_str(), "scope": r.scope.as_str(),
                        "summary": r.summary, "help": r.help,
                    })
                })
                .collect();
            writeln!(out, "{}", serde_json::Value::Array(rows))
        }
        ListFormat::Human => {
            let width = rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
            writeln!(
                out,
                "{:width$}  {:10} {:5} {:8} summary",
                "id", "family", "level", "scope"
            )?;
            for r in rules {
                writeln!(
                    out,
                    "{:width$}  {:10} {:5} {:8} {}",
                    r.id,
                    r.family,
                    r.level.as_str(),
                    r.scope.as_str(),
                    r.summary
                )?;
            }
            Ok(())
        }
    }
}

/// Prints one rule's explanation; `false` when the id is unknown.
pub fn explain(id: &str, out: &mut dyn Write) -> std::io::Result<bool> {
    let Some(rule) = catalogue::get(id) else {
        return Ok(false);
    };
    writeln!(
        out,
        "{} ({}, {} by default, scope: {})",
        rule.id,
        rule.family,
        rule.level.as_str(),
        rule.scope.as_str()
    )?;
    writeln!(out, "\n{}\n", rule.summary)?;
    writeln!(out, "Why it hurts in production:\n  {}\n", rule.rationale)?;
    if let Some(text) = docs(id) {
        for line in text.lines() {
            let line = line.strip_prefix(' ').unwrap_or(line);
            writeln!(out, "{}", line.replace("```rust,ignore", "```rust"))?;
        }
        writeln!(out)?;
    }
    writeln!(out, "Fix: {}", rule.help)?;
    writeln!(
        out,
        "Silence one finding with `// prodcheck:allow({}) reason` on the line or the line above.",
        rule.id
    )?;
    Ok(true)
}
