//! Deployment files next to the code: read, classified, and checked together with what
//! the Rust analysis learned about each package (is it a service, does it handle SIGTERM).

use crate::config::{self, Levels};
use crate::discover::DeployCandidate;
use crate::engine::{diagnostic, is_suppressed, read_text, Join};
use crate::report::Diagnostic;
use crate::workspace::Workspace;
use prodcheck_lints::deploy::{self, CodeFacts, DeployFile};
use prodcheck_lints::facts::keys;
use prodcheck_lints::source::{suppressions, CommentStyle, LineIndex};
use prodcheck_lints::Finding;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

/// Checks the deployment files; returns how many were analysed, and the packages whose
/// image stops them with a signal other than SIGTERM that their code handles.
pub(crate) fn check(
    workspace: &Workspace,
    candidates: &[DeployCandidate],
    join: &Join<'_>,
    levels: &[Levels],
    root_levels: &Levels,
    out: &mut Vec<Diagnostic>,
) -> (usize, Vec<String>) {
    let mut files = Vec::new();
    let mut owners: HashMap<String, (Arc<str>, Option<usize>, &Path)> = HashMap::new();
    for candidate in candidates {
        let relative = Path::new(&candidate.relative);
        let level_of = |p: Option<usize>| p.and_then(|i| levels.get(i)).unwrap_or(root_levels);
        match read_text(&candidate.path) {
            Ok(text) => {
                let Some(kind) = deploy::classify(relative, &text) else {
                    continue;
                };
                owners.insert(
                    candidate.relative.clone(),
                    (Arc::from(text.as_str()), candidate.package, &candidate.path),
                );
                files.push(DeployFile {
                    path: candidate.relative.clone(),
                    kind,
                    text,
                });
            }
            // An unreadable file is worth a word only when its name says it is a deploy file.
            Err(finding) if deploy::classify(relative, "").is_some() => {
                out.push(diagnostic(
                    workspace,
                    &candidate.path,
                    Arc::from(""),
                    *finding,
                    level_of(candidate.package),
                    None,
                ));
            }
            Err(_) => {}
        }
    }
    let code = code_facts(workspace, join);
    let mut suppressions_of = HashMap::new();
    let report = deploy::check_and_learn(&files, &code);
    for (path, finding) in report.findings {
        let Some((text, package, absolute)) = owners.get(&path) else {
            continue;
        };
        let comments = suppressions_of
            .entry(path.clone())
            .or_insert_with(|| suppressions(&LineIndex::new(text), CommentStyle::Hash));
        if is_suppressed(&finding, comments) {
            continue;
        }
        let level = package.and_then(|i| levels.get(i)).unwrap_or(root_levels);
        let reference = package.map(|i| workspace.packages[i].reference(None));
        out.push(diagnostic(
            workspace,
            absolute,
            text.clone(),
            finding,
            level,
            reference,
        ));
    }
    for (path, comments) in &suppressions_of {
        let Some((text, package, absolute)) = owners.get(path) else {
            continue;
        };
        for (name, span) in comments
            .iter()
            .flat_map(|s| &s.names)
            .filter(|(n, _)| !config::is_known(n))
        {
            let finding = Finding::new(
                "unknown_rule",
                *span,
                format!("unknown rule or family `{name}` in a suppression"),
                "not a rule id or family",
            );
            let level = package.and_then(|i| levels.get(i)).unwrap_or(root_levels);
            out.push(diagnostic(
                workspace,
                absolute,
                text.clone(),
                finding,
                level,
                None,
            ));
        }
    }
    (files.len(), report.stopped_by_handled_signal)
}

/// What the Rust side knows of each package, in the shape the deploy joins read.
fn code_facts(workspace: &Workspace, join: &Join<'_>) -> Vec<CodeFacts> {
    workspace
        .packages
        .iter()
        .enumerate()
        .map(|(index, package)| {
            let facts = &join.facts[index];
            let has = |key: &str| facts.iter().any(|f| f.key == key);
            let handles_sigterm = has(keys::HANDLES_SIGTERM);
            CodeFacts {
                package: package.info.name.clone(),
                bins: package
                    .targets
                    .iter()
                    .filter(|t| t.is_bin())
                    .map(|t| t.info.name.clone())
                    .collect(),
                is_service: join.service[index],
                handles_sigterm,
                signals_handled: [
                    (keys::HANDLES_SIGTERM, "SIGTERM"),
                    (keys::HANDLES_SIGINT, "SIGINT"),
                ]
                .into_iter()
                .filter(|(key, _)| has(key))
                .map(|(_, signal)| signal.to_string())
                .collect(),
                raises_nofile_limit: has(keys::RAISES_NOFILE),
                shutdown_timeout_secs: facts
                    .iter()
                    .filter(|f| f.key == keys::SHUTDOWN_TIMEOUT)
                    .filter_map(|f| f.value.parse().ok())
                    .max(),
            }
        })
        .collect()
}
