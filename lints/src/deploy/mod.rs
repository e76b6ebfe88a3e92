//! The `deploy` family: checks on the files a service ships with next to its code
//! (Dockerfiles, Kubernetes manifests, compose files, systemd units, Cargo release
//! profiles), and the joins between those files and what the Rust analysis knows.
//!
//! [`classify`] tells the driver which files to read, [`check`] parses them all and
//! returns findings, [`docs`] gives each rule's documentation.

mod cargo_profile;
mod classify;
mod compose;
mod dockerfile;
mod dockerfile_parse;
mod helm;
mod kubernetes;
mod kubernetes_rules;
mod repo;
mod script;
mod systemd;
pub mod yaml;

pub use cargo_profile::{release_profile, ReleaseProfile};
pub use classify::classify;

use classify::is_dev_variant;
use helm::{chart_notes, helm_note, is_chart_template, HELM_SKIPPED};
use repo::{is_workspace_member, keeps};
pub(crate) use repo::{program_name, Hit, Repo};

use crate::finding::{Finding, Span};
use crate::source::LineIndex;

/// The kind of a deployment file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeployKind {
    /// `Dockerfile`, `Dockerfile.*`, `*.dockerfile`, `Containerfile`.
    Dockerfile,
    /// `docker-compose*.y*ml`, `compose*.y*ml`.
    Compose,
    /// YAML whose documents carry `apiVersion` and `kind`.
    Kubernetes,
    /// A systemd `*.service` unit or a drop-in `*.service.d/*.conf`.
    Systemd,
    /// A `Cargo.toml`.
    CargoManifest,
    /// A shell script a Dockerfile may use as its entrypoint (`*.sh`).
    Script,
    /// A Helm `Chart.yaml`: its `templates/` are skipped with a note.
    HelmChart,
    /// A Helm template (`{{ }}` syntax): not YAML until rendered, skipped with a note.
    HelmTemplate,
}

/// One file handed to [`check`].
#[derive(Debug, Clone)]
pub struct DeployFile {
    /// Path relative to the analysed root, with `/` separators.
    pub path: String,
    /// What [`classify`] said it is.
    pub kind: DeployKind,
    /// Its text.
    pub text: String,
}

/// What the Rust analysis knows about one package, for the joins with its deploy files.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CodeFacts {
    /// The package name.
    pub package: String,
    /// Its binary target names.
    pub bins: Vec<String>,
    /// True when the package runs a long-lived server; false for a CLI tool.
    pub is_service: bool,
    /// SIGTERM is handled somewhere in its code.
    pub handles_sigterm: bool,
    /// Every signal its code handles, spelt `SIGTERM`, `SIGINT`, ...
    pub signals_handled: Vec<String>,
    /// It raises its own open-files soft limit (e.g. `rlimit::increase_nofile_limit`).
    pub raises_nofile_limit: bool,
    /// How long its graceful shutdown may take, when the code says.
    pub shutdown_timeout_secs: Option<u64>,
}

impl CodeFacts {
    /// True when the code handles `signal` (`TERM`, `SIGTERM`, `15` all name SIGTERM).
    pub fn handles(&self, signal: &str) -> bool {
        let wanted = normalize_signal(signal);
        if wanted == "SIGTERM" && self.handles_sigterm {
            return true;
        }
        self.signals_handled
            .iter()
            .any(|s| normalize_signal(s) == wanted)
    }
}

/// `TERM`, `sigterm`, `15` -> `SIGTERM`.
pub(crate) fn normalize_signal(signal: &str) -> String {
    let upper = signal.trim().trim_matches('"').to_ascii_uppercase();
    let by_number = match upper.as_str() {
        "1" => "SIGHUP",
        "2" => "SIGINT",
        "3" => "SIGQUIT",
        "9" => "SIGKILL",
        "10" => "SIGUSR1",
        "12" => "SIGUSR2",
        "15" => "SIGTERM",
        _ => "",
    };
    if !by_number.is_empty() {
        by_number.to_string()
    } else if upper.starts_with("SIG") {
        upper
    } else {
        format!("SIG{upper}")
    }
}

/// Declares a rule: its doc comment is its documentation (`cargo prodcheck explain`).
macro_rules! rule {
    ($(#[doc = $doc:literal])* $name:ident = $id:literal) => {
        $(#[doc = $doc])*
        pub(crate) const $name: crate::deploy::Rule = crate::deploy::Rule {
            id: $id,
            docs: concat!($($doc, "\n"),*),
        };
    };
}
pub(crate) use rule;

/// A deploy rule: its id and its documentation.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rule {
    pub id: &'static str,
    pub docs: &'static str,
}

const RULES: &[Rule] = &[
    dockerfile::SHELL_FORM,
    dockerfile::PID1,
    dockerfile::ROOT,
    dockerfile::HEALTHCHECK,
    kubernetes::MEMORY_LIMIT,
    kubernetes::REQUESTS,
    kubernetes::PROBES,
    kubernetes::SAME_PROBES,
    kubernetes::SINGLE_REPLICA,
    kubernetes::GRACE_PERIOD,
    systemd::RESTART,
    systemd::NOFILE,
    systemd::STOP_TIMEOUT,
    systemd::MEMORY,
    compose::RESTART,
    compose::MEMORY,
    compose::NOFILE,
    compose::LOGS,
    cargo_profile::RISKY_RELEASE,
    cargo_profile::PANIC_ABORT,
    HELM_SKIPPED,
];

/// Every rule id of the deploy family.
pub const RULE_IDS: &[&str] = &[
    dockerfile::SHELL_FORM.id,
    dockerfile::PID1.id,
    dockerfile::ROOT.id,
    dockerfile::HEALTHCHECK.id,
    kubernetes::MEMORY_LIMIT.id,
    kubernetes::REQUESTS.id,
    kubernetes::PROBES.id,
    kubernetes::SAME_PROBES.id,
    kubernetes::SINGLE_REPLICA.id,
    kubernetes::GRACE_PERIOD.id,
    systemd::RESTART.id,
    systemd::NOFILE.id,
    systemd::STOP_TIMEOUT.id,
    systemd::MEMORY.id,
    compose::RESTART.id,
    compose::MEMORY.id,
    compose::NOFILE.id,
    compose::LOGS.id,
    cargo_profile::RISKY_RELEASE.id,
    cargo_profile::PANIC_ABORT.id,
    HELM_SKIPPED.id,
];

/// The documentation of a deploy rule: why, then `### Fires on` and `### Stays silent on`.
pub fn docs(id: &str) -> Option<&'static str> {
    static CLEAN: std::sync::OnceLock<Vec<(&'static str, String)>> = std::sync::OnceLock::new();
    let clean = CLEAN.get_or_init(|| {
        // `///` comments arrive as lines with one leading space; drop it.
        let strip = |docs: &str| {
            docs.lines()
                .map(|l| l.strip_prefix(' ').unwrap_or(l))
                .collect::<Vec<_>>()
                .join("\n")
        };
        RULES
            .iter()
            .map(|rule| (rule.id, strip(rule.docs)))
            .collect()
    });
    clean
        .iter()
        .find(|(rule, _)| *rule == id)
        .map(|(_, text)| text.as_str())
}

/// The YAML files that parsed, with their parse results.
struct ParsedYaml<'a> {
    k8s: Vec<(&'a DeployFile, kubernetes::Manifest)>,
    compose: Vec<(&'a DeployFile, compose::Project)>,
}

/// Parses every file, runs the per-file rules and the cross-file joins.
pub fn check(files: &[DeployFile], code: &[CodeFacts]) -> Vec<(String, Finding)> {
    check_and_learn(files, code).findings
}

/// What the deployment files say, and what they teach about the code's packages.
pub struct DeployReport {
    /// The findings, by file path.
    pub findings: Vec<(String, Finding)>,
    /// Packages whose image stops them with a signal other than SIGTERM that their code
    /// handles (`STOPSIGNAL SIGINT` over a `ctrl_c` handler): SIGTERM never comes.
    pub stopped_by_handled_signal: Vec<String>,
}

/// [`check`], also returning what the files teach about the packages.
pub fn check_and_learn(files: &[DeployFile], code: &[CodeFacts]) -> DeployReport {
    let (parsed, mut out) = parse_yaml(files);
    let repo = Repo {
        files,
        code,
        k8s_probes: parsed.k8s.iter().any(|(_, m)| m.has_probes()),
        compose: compose::Summary::of(parsed.compose.iter().map(|(f, p)| (f.path.as_str(), p))),
        nonroot_images: parsed
            .k8s
            .iter()
            .flat_map(|(_, m)| m.nonroot_images())
            .collect(),
        stopped_by_handled_signal: Default::default(),
    };
    let mut hits = yaml_hits(&parsed, &repo);
    hits.extend(other_hits(&repo));
    out.extend(
        hits.into_iter()
            .filter(|(path, hit)| !is_dev_variant(path) && keeps(&repo, hit))
            .map(|(path, hit)| (path, hit.finding)),
    );
    out.sort_by(|(pa, a), (pb, b)| {
        let key = |f: &Finding| (f.span.line_start, f.span.column_start, f.rule);
        (pa, key(a)).cmp(&(pb, key(b)))
    });
    let mut stopped = repo.stopped_by_handled_signal.into_inner();
    stopped.sort();
    stopped.dedup();
    DeployReport {
        findings: out,
        stopped_by_handled_signal: stopped,
    }
}

/// Parses the Kubernetes and compose files; Helm templates and YAML that does not
/// parse become findings.
fn parse_yaml(files: &[DeployFile]) -> (ParsedYaml<'_>, Vec<(String, Finding)>) {
    let mut parsed = ParsedYaml {
        k8s: Vec::new(),
        compose: Vec::new(),
    };
    let mut out = chart_notes(files);
    for file in files {
        let index = LineIndex::new(&file.text);
        let in_chart = files
            .iter()
            .any(|chart| is_chart_template(&file.path, chart));
        let finding = match file.kind {
            _ if in_chart => None,
            DeployKind::HelmTemplate => Some(helm_note(
                &index,
                "helm template skipped: it is not YAML until rendered",
            )),
            DeployKind::Kubernetes => match kubernetes::parse(&file.text) {
                Ok(manifest) => {
                    parsed.k8s.push((file, manifest));
                    None
                }
                Err(err) => Some(yaml_error(&index, &err)),
            },
            DeployKind::Compose => match compose::parse(&file.text) {
                Ok(project) => {
                    parsed.compose.push((file, project));
                    None
                }
                Err(err) => Some(yaml_error(&index, &err)),
            },
            _ => None,
        };
        out.extend(finding.map(|f| (file.path.clone(), f)));
    }
    (parsed, out)
}

/// Runs the Kubernetes and compose rules.
fn yaml_hits(parsed: &ParsedYaml<'_>, repo: &Repo<'_>) -> Vec<(String, Hit)> {
    let all_k8s: Vec<&kubernetes::Manifest> = parsed.k8s.iter().map(|(_, m)| m).collect();
    let mut hits = Vec::new();
    for (file, manifest) in &parsed.k8s {
        let index = LineIndex::new(&file.text);
        let found = kubernetes::check(manifest, &all_k8s, &index, repo);
        hits.extend(found.into_iter().map(|hit| (file.path.clone(), hit)));
    }
    for (file, project) in &parsed.compose {
        let index = LineIndex::new(&file.text);
        let found = compose::check(&file.path, project, &index, repo);
        hits.extend(found.into_iter().map(|hit| (file.path.clone(), hit)));
    }
    hits
}

/// Runs the Dockerfile, systemd and Cargo rules.
fn other_hits(repo: &Repo<'_>) -> Vec<(String, Hit)> {
    let mut hits = Vec::new();
    for file in repo.files {
        let index = LineIndex::new(&file.text);
        let here = |found: Vec<Hit>| {
            found
                .into_iter()
                .map(|hit| (file.path.clone(), hit))
                .collect()
        };
        let found: Vec<(String, Hit)> = match file.kind {
            DeployKind::Dockerfile => here(dockerfile::check(file, &index, repo)),
            DeployKind::Systemd if file.path.ends_with(".service") => {
                systemd::check(file, &index, repo)
            }
            DeployKind::CargoManifest => here(cargo_profile::check(
                &file.text,
                is_workspace_member(file, repo.files),
                repo.code.iter().any(|c| c.is_service),
            )),
            _ => Vec::new(),
        };
        hits.extend(found);
    }
    hits
}

/// A `parse_error` finding at a YAML error's place.
fn yaml_error(index: &LineIndex<'_>, err: &yaml::YamlError) -> Finding {
    parse_error(index, err.pos.line.max(1), err.pos.col, &err.message)
}

/// A `parse_error` finding at 1-based `line`, 0-based `col`.
pub(crate) fn parse_error(index: &LineIndex<'_>, line: u32, col: u32, message: &str) -> Finding {
    let mut line = line.min(index.line_count()).max(1);
    // An error at the end of the file is reported on its last line with content.
    while line > 1 && index.line_text(line).trim().is_empty() {
        line -= 1;
    }
    let len = index.line_text(line).chars().count() as u32;
    let col = col.min(len);
    Finding::new(
        "parse_error",
        index.span_of(line, col, line, len.max(col)),
        format!("could not parse this file: {message} (line {line})"),
        "parse error here",
    )
}

/// The span from (1-based `line`, 0-based `col`) to the end of that line, trailing
/// comment and blanks left out.
pub(crate) fn span_to_eol(index: &LineIndex<'_>, line: u32, col: u32) -> Span {
    let text = index.line_text(line);
    let code = match text.find(" #") {
        Some(at) if text[..at].chars().count() as u32 > col => &text[..at],
        _ => text,
    };
    let end = code.trim_end().chars().count() as u32;
    index.span_of(line, col, line, end.max(col))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue;

    #[test]
    fn every_rule_has_docs_with_both_sections_and_a_catalogue_entry() {
        for id in RULE_IDS {
            let text = docs(id).unwrap_or_default();
            assert!(
                !text.starts_with(char::is_whitespace),
                "{id} docs start with a blank"
            );
            assert!(
                text.contains("### Fires on") && text.contains("### Stays silent on"),
                "{id} docs"
            );
            let meta = catalogue::get(id).unwrap_or_else(|| panic!("{id} is not in rules.toml"));
            // panic_abort_in_service reads the release profile but belongs to lifecycle.
            let family = if *id == "panic_abort_in_service" {
                "lifecycle"
            } else {
                "deploy"
            };
            assert_eq!(meta.family, family, "{id}");
        }
        for meta in catalogue::all().iter().filter(|m| m.family == "deploy") {
            assert!(
                RULE_IDS.contains(&meta.id.as_str()),
                "{} has no implementation",
                meta.id
            );
        }
    }

    #[test]
    fn findings_point_at_the_container_entry_and_the_instruction() {
        let k8s =
            "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: api\n      image: x\n";
        let docker = "FROM debian\nUSER 1000\n  CMD app --port 80\n";
        let files = [
            DeployFile {
                path: "pod.yaml".into(),
                kind: DeployKind::Kubernetes,
                text: k8s.into(),
            },
            DeployFile {
                path: "Dockerfile".into(),
                kind: DeployKind::Dockerfile,
                text: docker.into(),
            },
        ];
        let found = check(&files, &[]);
        let at = |rule: &str| {
            let (_, f) = found.iter().find(|(_, f)| f.rule == rule).expect(rule);
            (f.span.line_start, f.span.column_start, f.span.column_end)
        };
        assert_eq!(at("k8s_no_memory_limit"), (5, 7, 16));
        assert_eq!(at("container_shell_form_entrypoint"), (3, 3, 20));
    }

    #[test]
    fn signals_normalize() {
        assert_eq!(normalize_signal("TERM"), "SIGTERM");
        assert_eq!(normalize_signal("15"), "SIGTERM");
        assert_eq!(normalize_signal("SIGINT"), "SIGINT");
    }
}
