//! The catalogue, the implementations and the ui-tests agree: no entry without an
//! implementation and ui-tests, no implementation without an entry, no rule without docs.

use prodcheck_lints::catalogue;
use std::collections::BTreeSet;
use std::path::Path;

/// Engine diagnostics produced by the driver, not by a rule implementation.
const ENGINE: &[&str] = &[
    "parse_error",
    "io_error",
    "file_skipped",
    "unknown_rule",
    "internal_error",
];
/// Engine diagnostics that cannot be written as a ui-test input: the ui harness hands
/// text to the engine, while these come from reading the file (unreadable, over 8 MiB)
/// or from a bug in a rule. Firing and silent cases: `engine::tests` in `src/engine.rs`
/// (a panicking rule, a file at and over the size limit), `tests/cli.rs` and
/// `tests/hostile.rs` end to end.
const NO_UI_TEST: &[&str] = &["io_error", "file_skipped", "internal_error"];

fn implemented() -> BTreeSet<&'static str> {
    let rust = prodcheck_lints::rust::RULES.iter().map(|d| d.id);
    let deploy = prodcheck_lints::deploy::RULE_IDS.iter().copied();
    rust.chain(deploy).chain(ENGINE.iter().copied()).collect()
}

#[test]
fn every_entry_is_implemented_and_every_implementation_has_an_entry() {
    let entries: BTreeSet<&str> = catalogue::all().iter().map(|r| r.id.as_str()).collect();
    let implemented = implemented();
    let no_implementation: Vec<_> = entries.difference(&implemented).collect();
    let no_entry: Vec<_> = implemented.difference(&entries).collect();
    assert!(
        no_implementation.is_empty(),
        "rules.toml entries with no implementation: {no_implementation:?}"
    );
    assert!(
        no_entry.is_empty(),
        "implementations with no rules.toml entry: {no_entry:?}"
    );
}

#[test]
fn every_rule_has_a_ui_test_folder_with_inputs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui-tests");
    for rule in catalogue::all()
        .iter()
        .filter(|r| !NO_UI_TEST.contains(&r.id.as_str()))
    {
        let folder = root.join(&rule.id);
        let inputs = std::fs::read_dir(&folder).map(|d| d.count()).unwrap_or(0);
        assert!(
            inputs > 0,
            "rule {} has no ui-tests in {}",
            rule.id,
            folder.display()
        );
    }
}

#[test]
fn every_deploy_rule_documents_why_what_fires_and_what_does_not() {
    for id in prodcheck_lints::deploy::RULE_IDS {
        let docs = prodcheck_lints::deploy::docs(id).unwrap_or_default();
        for section in ["### Fires on", "### Stays silent on"] {
            assert!(docs.contains(section), "{id}: docs lack `{section}`");
        }
    }
}

#[test]
fn every_rust_rule_documents_why_what_fires_and_what_does_not() {
    for def in prodcheck_lints::rust::RULES {
        assert!(
            def.docs.lines().next().is_some_and(|l| l.trim().len() > 20),
            "{}: first doc line must say why",
            def.id
        );
        for section in ["### Fires on", "### Stays silent on"] {
            assert!(
                def.docs.contains(section),
                "{}: docs lack `{section}`",
                def.id
            );
        }
    }
}
