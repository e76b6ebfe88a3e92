//! The `deploy` family: checks on the files a service ships with next to its code
//! (Dockerfiles, Kubernetes manifests, compose files, systemd units, Cargo release
//! profiles), and the joins between those files and what the Rust analysis knows.
//!
//! [`classify`] tells the driver which files to read, [`check`] parses them all and
//! returns findings, [`docs`] gives each rule's documentation.

mod cargo_profile;
mod compose;
mod dockerfile;
mod dockerfile_parse;
mod kubernetes;
mod kubernetes_rules;
mod script;
mod systemd;
pub mod yaml;

pub use cargo_profile::{release_profile, ReleaseProfile};

use crate::catalogue::{self, Scope};
use crate::finding::{Finding, Span};
use crate::source::LineIndex;
use std::path::Path;

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
    HELM_SKIPPED,
];

rule! {
    /// A Helm template is not YAML until `helm template` renders it, so its checks are
    /// skipped; this note says so (once per chart, on its `Chart.yaml`, or on a manifest
    /// with `{{ }}` outside a chart) instead of passing the chart in silence.
    ///
    /// ### Fires on
    /// ```yaml
    /// # chart/Chart.yaml, whose chart/templates/deployment.yaml says
    /// # replicas: {{ .Values.replicas }}
    /// apiVersion: v2
    /// ```
    /// ### Stays silent on
    /// ```yaml
    /// # deploy/deployment.yaml: plain YAML, checked
    /// replicas: 3
    /// ```
    HELM_SKIPPED = "helm_template_skipped"
}

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

/// Which deploy file `path` is, or `None` when it is none (or not one we check).
pub fn classify(path: &Path, text: &str) -> Option<DeployKind> {
    let name = path.file_name()?.to_str()?;
    let lower = name.to_ascii_lowercase();
    let parent = path
        .parent()
        .and_then(Path::file_name)
        .and_then(|p| p.to_str())
        .unwrap_or("");
    let is_yaml = lower.ends_with(".yaml") || lower.ends_with(".yml");
    // Templates of a Dockerfile (`Dockerfile.j2`, `Dockerfile.in`) are not Dockerfiles.
    let template = [
        ".j2",
        ".jinja",
        ".tmpl",
        ".tpl",
        ".dockerignore",
        ".template",
        ".in",
        ".erb",
        ".mustache",
    ];
    if template.iter().any(|ext| lower.ends_with(ext)) {
        return None;
    }
    if lower == "dockerfile"
        || lower.starts_with("dockerfile.")
        || lower.ends_with(".dockerfile")
        || name == "Containerfile"
    {
        return Some(DeployKind::Dockerfile);
    }
    if name == "Cargo.toml" {
        return Some(DeployKind::CargoManifest);
    }
    if lower.ends_with(".service") || (lower.ends_with(".conf") && parent.ends_with(".service.d")) {
        return Some(DeployKind::Systemd);
    }
    if lower.ends_with(".sh") || (lower.contains("entrypoint") && !lower.contains('.')) {
        return Some(DeployKind::Script);
    }
    if !is_yaml {
        return None;
    }
    if name == "Chart.yaml" {
        return Some(DeployKind::HelmChart);
    }
    if lower.starts_with("docker-compose") || lower.starts_with("compose") {
        return Some(DeployKind::Compose);
    }
    let in_templates = path.components().any(|c| c.as_os_str() == "templates");
    let manifest = kubernetes::looks_like_manifest(text);
    if text.contains("{{") && (in_templates || manifest) {
        return Some(DeployKind::HelmTemplate);
    }
    manifest.then_some(DeployKind::Kubernetes)
}

/// A finding and the names of the program it is about (binary, image, service), used
/// to find the package's [`CodeFacts`] and to drop service-only findings on CLI tools.
pub(crate) struct Hit {
    pub finding: Finding,
    pub owner: Vec<String>,
}

impl Hit {
    pub fn new(finding: Finding, owner: &[String]) -> Self {
        Hit {
            finding,
            owner: owner.to_vec(),
        }
    }

    /// Names the config item the finding is in (`service api`), for baselines.
    pub fn in_item(mut self, item: impl Into<String>) -> Self {
        self.finding.item = item.into();
        self
    }
}

/// What every file's rules may ask about the other files and the code.
pub(crate) struct Repo<'a> {
    pub files: &'a [DeployFile],
    pub code: &'a [CodeFacts],
    /// Some Kubernetes workload in the repo defines a readiness or liveness probe.
    pub k8s_probes: bool,
    /// Compose services that run with `init: true`, and those with a healthcheck.
    pub compose: compose::Summary,
    /// Image names (as [`program_name`] spells them) that Kubernetes runs as non-root.
    pub nonroot_images: Vec<String>,
}

impl Repo<'_> {
    /// The package whose binary (or package name) is one of `names`.
    pub fn facts_named(&self, names: &[String]) -> Option<&CodeFacts> {
        let wanted: Vec<&str> = names.iter().map(|n| program_name(n)).collect();
        self.code.iter().find(|facts| {
            wanted
                .iter()
                .any(|w| *w == facts.package || facts.bins.iter().any(|b| b == w))
        })
    }

    /// [`Self::facts_named`], or the only package when the workspace has one.
    pub fn facts_for(&self, names: &[String]) -> Option<&CodeFacts> {
        self.facts_named(names).or(match self.code {
            [only] => Some(only),
            _ => None,
        })
    }

    /// The text of a file of the repo of `kind` whose path ends with `suffix`.
    pub fn file_ending(&self, kind: DeployKind, suffix: &str) -> Option<&DeployFile> {
        let suffix = suffix.trim_start_matches("./");
        self.files.iter().find(|f| {
            f.kind == kind
                && (f.path == suffix
                    || f.path.ends_with(&format!("/{suffix}"))
                    || suffix.ends_with(&format!("/{}", f.path)))
        })
    }
}

/// `/usr/local/bin/server` -> `server`; `ghcr.io/acme/api:1.2` -> `api`.
pub(crate) fn program_name(text: &str) -> &str {
    let last = text.rsplit('/').next().unwrap_or(text);
    let last = last.split(['@', ':']).next().unwrap_or(last);
    last.trim_matches(['"', '\''])
}

/// The YAML files that parsed, with their parse results.
struct ParsedYaml<'a> {
    k8s: Vec<(&'a DeployFile, kubernetes::Manifest)>,
    compose: Vec<(&'a DeployFile, compose::Project)>,
}

/// Parses every file, runs the per-file rules and the cross-file joins.
pub fn check(files: &[DeployFile], code: &[CodeFacts]) -> Vec<(String, Finding)> {
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
    out
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
            )),
            _ => Vec::new(),
        };
        hits.extend(found);
    }
    hits
}

/// Words that mark a file (or a directory) as a development, test or CI variant.
const DEV_WORDS: &[&str] = &[
    "dev",
    "develop",
    "development",
    "test",
    "tests",
    "testing",
    "testdata",
    "e2e",
    "ci",
    "local",
    "debug",
    "override",
    "example",
    "examples",
    "fixtures",
    ".devcontainer",
    "demo",
    "demos",
    "sample",
    "samples",
    "tutorial",
    "tutorials",
    "playground",
];

/// `docker-compose.override.yml`, `Dockerfile.dev`, `tests/e2e/compose.yaml`: files
/// that never run in production get no deploy findings (parse errors still count).
fn is_dev_variant(path: &str) -> bool {
    // A drop-in changes its unit whatever its name says.
    if let Some((unit, _)) = path.split_once(".service.d/") {
        return is_dev_variant(unit);
    }
    path.split('/')
        .flat_map(|part| part.split(['.', '-', '_']).chain(std::iter::once(part)))
        .any(|word| DEV_WORDS.contains(&word.to_ascii_lowercase().as_str()))
}

/// Drops service-only findings on a program the Rust analysis classified as a CLI tool.
fn keeps(repo: &Repo<'_>, hit: &Hit) -> bool {
    let service_only =
        catalogue::get(hit.finding.rule).is_some_and(|meta| meta.scope == Scope::Service);
    !service_only
        || repo
            .facts_for(&hit.owner)
            .map_or(true, |facts| facts.is_service)
}

/// A member's `Cargo.toml` below a root manifest that declares `[workspace]`.
fn is_workspace_member(file: &DeployFile, files: &[DeployFile]) -> bool {
    file.path.contains('/')
        && files.iter().any(|f| {
            f.kind == DeployKind::CargoManifest
                && !f.path.contains('/')
                && f.text.lines().any(|l| l.trim() == "[workspace]")
        })
}

/// One note per Helm chart whose `templates/` hold YAML: they are skipped together.
fn chart_notes(files: &[DeployFile]) -> Vec<(String, Finding)> {
    let mut notes = Vec::new();
    for chart in files.iter().filter(|f| f.kind == DeployKind::HelmChart) {
        let templates = files
            .iter()
            .filter(|f| is_chart_template(&f.path, chart))
            .count();
        if templates > 0 {
            let dir = chart.path.rsplit_once('/').map_or(".", |(dir, _)| dir);
            let message = format!(
                "helm chart `{dir}` skipped: its {templates} templates are not YAML until rendered"
            );
            notes.push((
                chart.path.clone(),
                helm_note(&LineIndex::new(&chart.text), &message),
            ));
        }
    }
    notes
}

/// True when `path` is a YAML file in the `templates/` of the chart whose `Chart.yaml` is `chart`.
fn is_chart_template(path: &str, chart: &DeployFile) -> bool {
    if chart.kind != DeployKind::HelmChart {
        return false;
    }
    let chart_dir = chart.path.rsplit_once('/').map_or("", |(dir, _)| dir);
    is_in_templates(path, chart_dir)
}

fn is_in_templates(path: &str, chart_dir: &str) -> bool {
    let templates = if chart_dir.is_empty() {
        "templates/".to_string()
    } else {
        format!("{chart_dir}/templates/")
    };
    path.starts_with(&templates)
}

fn helm_note(index: &LineIndex<'_>, message: &str) -> Finding {
    Finding::new(HELM_SKIPPED.id, index.first_line(), message, "not checked").with_help(
        "render the chart (`helm template . > rendered.yaml`) and check the rendered manifests",
    )
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
            assert_eq!(meta.family, "deploy", "{id}");
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
    fn classifies_by_name_and_content() {
        let k8s = "apiVersion: v1\nkind: Service\n";
        let cases = [
            ("Dockerfile", "", Some(DeployKind::Dockerfile)),
            ("docker/Dockerfile.prod", "", Some(DeployKind::Dockerfile)),
            ("api.dockerfile", "", Some(DeployKind::Dockerfile)),
            ("Containerfile", "", Some(DeployKind::Dockerfile)),
            ("docker-compose.prod.yml", "", Some(DeployKind::Compose)),
            ("compose.yaml", "", Some(DeployKind::Compose)),
            ("deploy/svc.yaml", k8s, Some(DeployKind::Kubernetes)),
            ("deploy/values.yaml", "replicas: 2\n", None),
            (".github/workflows/ci.yml", "on: push\n", None),
            (
                "chart/templates/svc.yaml",
                "kind: {{ .Values.kind }}\n",
                Some(DeployKind::HelmTemplate),
            ),
            ("etc/app.service", "", Some(DeployKind::Systemd)),
            (
                "etc/app.service.d/override.conf",
                "",
                Some(DeployKind::Systemd),
            ),
            ("etc/nginx.conf", "", None),
            ("Cargo.toml", "", Some(DeployKind::CargoManifest)),
            ("docker/Dockerfile.j2", "", None),
            ("Dockerfile.dockerignore", "", None),
            ("dockerfile", "", Some(DeployKind::Dockerfile)),
            ("docker/settings.yaml", "name: \"{{ x }}\"\n", None),
            (
                "deploy/job.yaml",
                "apiVersion: v1\nkind: Pod\nx: {{ .Values.x }}\n",
                Some(DeployKind::HelmTemplate),
            ),
        ];
        for (path, text, want) in cases {
            assert_eq!(classify(Path::new(path), text), want, "{path}");
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
    fn dev_variants() {
        for path in [
            "docker-compose.override.yml",
            "Dockerfile.dev",
            "tests/e2e/compose.yaml",
            "docker/dev/Dockerfile",
            "compose.local.yaml",
            "demo/Dockerfile",
        ] {
            assert!(is_dev_variant(path), "{path}");
        }
        for path in [
            "Dockerfile",
            "deploy/k8s/api.yaml",
            "docker-compose.prod.yml",
            "devices/Dockerfile",
            "Containerfile",
        ] {
            assert!(!is_dev_variant(path), "{path}");
        }
    }

    #[test]
    fn signals_normalize() {
        assert_eq!(normalize_signal("TERM"), "SIGTERM");
        assert_eq!(normalize_signal("15"), "SIGTERM");
        assert_eq!(normalize_signal("SIGINT"), "SIGINT");
    }
}
