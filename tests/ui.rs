//! The ui-test harness: every `ui-tests/<rule_id>/*.rs` input is checked, and the findings
//! must be EXACTLY the annotated ones: a missing finding and an extra finding both fail.
//!
//! Annotations: `//~ rule_id` at the end of a line expects a finding of that rule starting
//! on that line; a line holding only `//~ rule_id` expects it on the next line that is not
//! an annotation. The folder's rule and every rule named in a file's annotations are
//! compared exactly. Directives at the top of a file:
//! - `//@ profile: service|other` (default: a service when the file starts a server)
//! - `//@ dep: crate_name feature1 feature2` (a dependency, with its features)
//! - `//@ bin-root: false` (default true: the file is a binary's root, `fn main` is main)
//! - `//@ path: src/handlers.rs` (the path the file is reported under)
//!
//! A sibling `<input>.stderr` holds the human rendering of the compared findings (default
//! levels, no colour) and must match it; `PRODCHECK_BLESS=1 cargo test --test ui` writes
//! or refreshes the snapshots of the inputs that have one (create an empty file to start).

use cargo_prodcheck::engine::{check_source, Profile};
use prodcheck_lints::context::{Dependency, PackageInfo};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

struct Case {
    path: String,
    package: PackageInfo,
    bin_root: bool,
    profile: Profile,
    expected: BTreeSet<(u32, String)>,
}

fn parse_case(file: &Path, text: &str) -> Result<Case, String> {
    let mut case = Case {
        path: file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        package: PackageInfo {
            name: "ui".into(),
            dependencies: HashMap::new(),
            local_crates: Vec::new(),
        },
        bin_root: true,
        profile: Profile::FromCode,
        expected: BTreeSet::new(),
    };
    let mut pending: Vec<String> = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let number = index as u32 + 1;
        let trimmed = line.trim_start();
        if let Some(directive) = trimmed.strip_prefix("//@") {
            let (key, value) = directive
                .split_once(':')
                .ok_or(format!("line {number}: bad directive"))?;
            let value = value.trim();
            match key.trim() {
                "profile" => {
                    case.profile = if value == "service" {
                        Profile::Service
                    } else {
                        Profile::Other
                    }
                }
                "bin-root" => case.bin_root = value != "false",
                "path" => case.path = value.to_string(),
                "dep" => {
                    let mut words = value.split_whitespace();
                    let name = words
                        .next()
                        .ok_or(format!("line {number}: dep needs a name"))?
                        .replace('-', "_");
                    let features = words.map(str::to_string).collect();
                    case.package
                        .dependencies
                        .insert(name.clone(), Dependency { name, features });
                }
                other => return Err(format!("line {number}: unknown directive `{other}`")),
            }
            continue;
        }
        let Some(at) = line.find("//~") else {
            if !trimmed.is_empty() {
                case.expected
                    .extend(pending.drain(..).map(|rule| (number, rule)));
            }
            continue;
        };
        let rules = line[at + 3..]
            .split([' ', ','])
            .filter(|w| !w.is_empty())
            .map(str::to_string);
        if line[..at].trim().is_empty() {
            pending.extend(rules);
        } else {
            case.expected.extend(rules.map(|rule| (number, rule)));
        }
    }
    if !pending.is_empty() {
        return Err("an annotation at the end of the file has no line to apply to".into());
    }
    Ok(case)
}

fn check_file(rule: &str, file: &Path) -> Result<usize, String> {
    let text = std::fs::read_to_string(file).map_err(|e| e.to_string())?;
    let case = parse_case(file, &text)?;
    let mut checked: BTreeSet<String> = case.expected.iter().map(|(_, r)| r.clone()).collect();
    checked.insert(rule.to_string());
    let findings = check_source(
        &case.path,
        &text,
        &case.package,
        case.bin_root,
        case.profile,
    );
    let actual: BTreeSet<(u32, String)> = findings
        .iter()
        .filter(|f| checked.contains(f.rule))
        .map(|f| (f.span.line_start, f.rule.to_string()))
        .collect();
    let compared: Vec<prodcheck_lints::Finding> = findings
        .iter()
        .filter(|f| checked.contains(f.rule))
        .cloned()
        .collect();
    check_snapshot(file, &case.path, &text, &compared)?;
    let missing: Vec<_> = case.expected.difference(&actual).collect();
    let extra: Vec<_> = actual.difference(&case.expected).collect();
    if missing.is_empty() && extra.is_empty() {
        return Ok(case.expected.len());
    }
    let mut report = String::new();
    for (line, rule) in missing {
        report.push_str(&format!(
            "\n  missing: line {line}: {rule}\n    | {}",
            text.lines().nth(*line as usize - 1).unwrap_or("")
        ));
    }
    for (line, rule) in extra {
        let message = findings
            .iter()
            .find(|f| f.span.line_start == *line && f.rule == rule)
            .map(|f| f.message.as_str())
            .unwrap_or("");
        report.push_str(&format!(
            "\n  extra:   line {line}: {rule}: {message}\n    | {}",
            text.lines().nth(*line as usize - 1).unwrap_or("")
        ));
    }
    Err(report)
}

/// Compares (or with `PRODCHECK_BLESS=1` writes) the human rendering of the findings.
fn check_snapshot(
    file: &Path,
    path: &str,
    text: &str,
    findings: &[prodcheck_lints::Finding],
) -> Result<(), String> {
    use cargo_prodcheck::report::{self, Diagnostic, Format, Run};
    let snapshot = file.with_extension("stderr");
    if !snapshot.exists() {
        return Ok(());
    }
    let source: std::sync::Arc<str> = std::sync::Arc::from(text);
    let diagnostics = findings
        .iter()
        .map(|f| {
            let mut finding = f.clone();
            let meta = prodcheck_lints::catalogue::get(f.rule);
            finding.help = finding.help.or_else(|| meta.map(|m| m.help.clone()));
            let level = meta.map_or(prodcheck_lints::Level::Warn, |m| m.level);
            Diagnostic {
                finding,
                level,
                path: path.to_string(),
                source: source.clone(),
                package: None,
                fingerprint: String::new(),
            }
        })
        .collect();
    let run = Run {
        root: "/ui".into(),
        diagnostics,
        files_checked: 1,
        failed: false,
        color: false,
        baseline: None,
    };
    let mut rendered = Vec::new();
    report::write(&run, Format::Human, &mut rendered).map_err(|e| e.to_string())?;
    let rendered = String::from_utf8_lossy(&rendered).into_owned();
    if std::env::var_os("PRODCHECK_BLESS").is_some() {
        return std::fs::write(&snapshot, rendered).map_err(|e| e.to_string());
    }
    let expected = std::fs::read_to_string(&snapshot).map_err(|e| e.to_string())?;
    if expected == rendered {
        return Ok(());
    }
    Err(format!(
        "\n  the human rendering differs from {} (PRODCHECK_BLESS=1 to update):\n{rendered}",
        snapshot.display()
    ))
}

/// The ui-test folders of Rust rules (deploy rules have their own harness in `lints/tests`).
fn rust_rule_folders() -> Vec<(String, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui-tests");
    let mut folders: Vec<(String, PathBuf)> = std::fs::read_dir(&root)
        .expect("ui-tests/ exists")
        .filter_map(Result::ok)
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .filter(|(_, p)| p.is_dir())
        .collect();
    folders.sort();
    folders
}

#[test]
fn ui_tests_report_exactly_the_annotated_findings() {
    let mut failures = Vec::new();
    let (mut files, mut expected) = (0, 0);
    for (rule, folder) in rust_rule_folders() {
        let mut inputs: Vec<PathBuf> = std::fs::read_dir(&folder)
            .expect("readable folder")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "rs"))
            .collect();
        inputs.sort();
        for input in inputs {
            files += 1;
            match check_file(&rule, &input) {
                Ok(count) => expected += count,
                Err(report) => failures.push(format!("{}:{report}", input.display())),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} ui-test file(s) failed:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    assert!(files > 0 && expected > 0, "no ui-test ran");
    eprintln!("ui-tests: {files} files, {expected} expected findings, all exact");
}
