//! `cargo prodcheck host --explain CHECK`: the threshold of a check and the incident
//! behind it, from the check's own documentation.

use super::checks::{find, CHECKS};
use super::row::CheckDoc;

/// The explanation of one check, as printed.
pub(crate) fn render(doc: &CheckDoc) -> String {
    format!(
        "{}\n  reads:     {}\n  threshold: {}\n  why:       {}\n  fix:       {}\n",
        doc.name, doc.reads, doc.threshold, doc.incident, doc.fix
    )
}

/// Prints the explanation and returns 0, or names the valid checks and returns 2.
pub(crate) fn print(name: &str) -> i32 {
    match find(name) {
        Some(check) => {
            print!("{}", render(check.doc));
            0
        }
        None => {
            let names: Vec<&str> = CHECKS.iter().map(|check| check.doc.name).collect();
            eprintln!(
                "error: unknown host check `{name}`; valid names: {}",
                names.join(", ")
            );
            2
        }
    }
}
