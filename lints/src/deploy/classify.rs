//! Which files are deploy files, and which of them only serve development.

use super::{kubernetes, DeployKind};
use std::path::Path;

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
pub(crate) fn is_dev_variant(path: &str) -> bool {
    // A drop-in changes its unit whatever its name says.
    if let Some((unit, _)) = path.split_once(".service.d/") {
        return is_dev_variant(unit);
    }
    path.split('/')
        .flat_map(|part| part.split(['.', '-', '_']).chain(std::iter::once(part)))
        .any(|word| DEV_WORDS.contains(&word.to_ascii_lowercase().as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
