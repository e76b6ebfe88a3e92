//! What the rules of one file may ask about the other files and the code, and how a
//! finding names the program it is about.

use super::{compose, CodeFacts, DeployFile, DeployKind};
use crate::catalogue::{self, Scope};
use crate::finding::Finding;

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
    /// Packages whose image stops them with a signal other than SIGTERM that their code
    /// handles (`STOPSIGNAL SIGINT` over a `ctrl_c` handler), found by the Dockerfile rules.
    pub stopped_by_handled_signal: std::cell::RefCell<Vec<String>>,
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

/// Drops service-only findings on a program the Rust analysis classified as a CLI tool.
pub(crate) fn keeps(repo: &Repo<'_>, hit: &Hit) -> bool {
    let service_only =
        catalogue::get(hit.finding.rule).is_some_and(|meta| meta.scope == Scope::Service);
    !service_only
        || repo
            .facts_for(&hit.owner)
            .is_none_or(|facts| facts.is_service)
}

/// A member's `Cargo.toml` below a root manifest that declares `[workspace]`.
pub(crate) fn is_workspace_member(file: &DeployFile, files: &[DeployFile]) -> bool {
    file.path.contains('/')
        && files.iter().any(|f| {
            f.kind == DeployKind::CargoManifest
                && !f.path.contains('/')
                && f.text.lines().any(|l| l.trim() == "[workspace]")
        })
}
