//! docker-compose rules: restart policy, memory limit, open-files limit, log rotation.

use super::yaml::{self, Node, YamlError};
use super::{program_name, rule, span_to_eol, Hit, Repo};
use crate::finding::Finding;
use crate::source::LineIndex;

rule! {
    /// With no `restart:` policy a crashed or OOM-killed container stays down until
    /// someone notices.
    ///
    /// ### Fires on
    /// ```yaml
    /// services:
    ///   api:
    ///     image: ghcr.io/acme/api:1.4
    /// ```
    /// ### Stays silent on
    /// ```yaml
    /// services:
    ///   api:
    ///     image: ghcr.io/acme/api:1.4
    ///     restart: unless-stopped
    /// ```
    RESTART = "compose_no_restart_policy"
}

rule! {
    /// A container with no memory limit can take the host's memory until the kernel's
    /// OOM killer picks a victim, which may be another service or the Docker daemon.
    ///
    /// ### Fires on
    /// ```yaml
    /// services:
    ///   api:
    ///     image: ghcr.io/acme/api:1.4
    /// ```
    /// ### Stays silent on
    /// ```yaml
    /// services:
    ///   api:
    ///     image: ghcr.io/acme/api:1.4
    ///     mem_limit: 512m
    /// ```
    MEMORY = "compose_no_memory_limit"
}

rule! {
    /// A network service inherits the daemon's open-files limit, and Rust std and tokio
    /// never raise the soft limit: under load `accept` fails with EMFILE.
    ///
    /// ### Fires on
    /// ```yaml
    /// services:
    ///   api:
    ///     ports: ["8080:8080"]
    /// ```
    /// ### Stays silent on
    /// ```yaml
    /// services:
    ///   api:
    ///     ports: ["8080:8080"]
    ///     ulimits:
    ///       nofile: { soft: 65535, hard: 65535 }
    /// ```
    NOFILE = "compose_no_nofile_ulimit"
}

rule! {
    /// The default `json-file` log driver keeps every line forever: a chatty container
    /// fills the disk and takes the host down with it.
    ///
    /// ### Fires on
    /// ```yaml
    /// services:
    ///   api:
    ///     image: ghcr.io/acme/api:1.4
    /// ```
    /// ### Stays silent on
    /// ```yaml
    /// services:
    ///   api:
    ///     logging:
    ///       driver: json-file
    ///       options: { max-size: 10m, max-file: "3" }
    /// ```
    LOGS = "compose_unbounded_json_logs"
}

/// A parsed compose file: its services, name key and definition.
pub(crate) struct Project {
    services: Vec<(Node, Node)>,
}

/// Parses a compose file.
pub(crate) fn parse(text: &str) -> Result<Project, YamlError> {
    let docs = yaml::parse(text)?;
    let services = docs
        .first()
        .and_then(|doc| doc.get("services"))
        .map(|s| {
            s.entries()
                .iter()
                .filter(|(_, v)| v.is_map())
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    Ok(Project { services })
}

/// What the Dockerfile rules need from the compose files: per built Dockerfile path,
/// whether its service runs with `init: true` and defines a healthcheck.
#[derive(Default)]
pub(crate) struct Summary {
    built: Vec<(String, bool, bool)>,
    /// Built Dockerfiles whose service sets a non-root `user:`.
    nonroot: Vec<String>,
}

impl Summary {
    /// Summarizes the compose files (path, parsed).
    pub fn of<'a>(projects: impl Iterator<Item = (&'a str, &'a Project)>) -> Self {
        let mut built = Vec::new();
        let mut nonroot = Vec::new();
        for (path, project) in projects {
            let dir = path.rsplit_once('/').map_or("", |(dir, _)| dir);
            for (_, service) in &project.services {
                let Some(dockerfile) = built_dockerfile(dir, service) else {
                    continue;
                };
                let init = service.str_at(&["init"]) == Some("true");
                let user = service
                    .str_at(&["user"])
                    .map(|u| u.split(':').next().unwrap_or(u));
                if user.is_some_and(|u| !matches!(u, "root" | "0")) {
                    nonroot.push(dockerfile.clone());
                }
                built.push((dockerfile, init, has_healthcheck(service)));
            }
        }
        Summary { built, nonroot }
    }

    /// A compose service building `dockerfile` runs it as a non-root `user:`.
    pub fn nonroot_for(&self, dockerfile: &str) -> bool {
        self.nonroot.iter().any(|path| path == dockerfile)
    }

    /// A compose service building `dockerfile` runs it with `init: true`.
    pub fn init_for(&self, dockerfile: &str) -> bool {
        self.built
            .iter()
            .any(|(path, init, _)| path == dockerfile && *init)
    }

    /// A compose service building `dockerfile` defines a healthcheck.
    pub fn healthcheck_for(&self, dockerfile: &str) -> bool {
        self.built
            .iter()
            .any(|(path, _, health)| path == dockerfile && *health)
    }
}

/// The repo path of the Dockerfile a service builds.
fn built_dockerfile(dir: &str, service: &Node) -> Option<String> {
    let build = service.get("build")?;
    let (context, dockerfile) = match build.as_str() {
        Some(context) => (context, "Dockerfile"),
        None => (
            build.str_at(&["context"]).unwrap_or("."),
            build.str_at(&["dockerfile"]).unwrap_or("Dockerfile"),
        ),
    };
    Some(normalize(&format!("{dir}/{context}/{dockerfile}")))
}

/// Resolves `.` and `..` in a `/`-separated relative path.
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

fn has_healthcheck(service: &Node) -> bool {
    let Some(check) = service.get("healthcheck") else {
        return false;
    };
    let disabled = check.str_at(&["disable"]) == Some("true")
        || check
            .get("test")
            .and_then(|t| t.items().first())
            .and_then(Node::as_str)
            == Some("NONE");
    !disabled
}

/// Runs the compose rules on one file.
pub(crate) fn check(
    path: &str,
    project: &Project,
    index: &LineIndex<'_>,
    repo: &Repo<'_>,
) -> Vec<Hit> {
    if !is_for_production(path, project) {
        return Vec::new();
    }
    let mut hits = Vec::new();
    for (key, service) in &project.services {
        let owner = owner(key, service);
        let at = span_to_eol(index, key.start.line, key.start.col);
        let name = key.as_str().unwrap_or("service");
        let mut push = |finding: Finding| {
            hits.push(Hit::new(finding, &owner).in_item(format!("service {name}")))
        };
        if service.get("restart").is_none() && service.path(&["deploy", "restart_policy"]).is_none()
        {
            push(
                Finding::new(
                    RESTART.id,
                    at,
                    format!("service `{name}` has no restart policy"),
                    "no `restart:`",
                )
                .with_help("add `restart: unless-stopped` to the service"),
            );
        }
        if service.get("mem_limit").is_none()
            && service
                .path(&["deploy", "resources", "limits", "memory"])
                .is_none()
        {
            push(Finding::new(MEMORY.id, at, format!("service `{name}` has no memory limit"), "no `mem_limit`")
                .with_help("add `mem_limit: 512m` (or `deploy.resources.limits.memory`) sized to the service's peak"));
        }
        let network = service.get("ports").is_some() || service.get("expose").is_some();
        let raises = repo
            .facts_named(&owner)
            .is_some_and(|f| f.raises_nofile_limit);
        if network && !raises && service.path(&["ulimits", "nofile"]).is_none() {
            push(
                Finding::new(
                    NOFILE.id,
                    at,
                    format!("network service `{name}` keeps the inherited open-files limit"),
                    "no `ulimits.nofile`",
                )
                .with_help("add `ulimits: { nofile: { soft: 65535, hard: 65535 } }`"),
            );
        }
        if let Some(finding) = unbounded_logs(service, key, name, index) {
            push(finding);
        }
    }
    hits
}

fn unbounded_logs(
    service: &Node,
    key: &Node,
    name: &str,
    index: &LineIndex<'_>,
) -> Option<Finding> {
    let (at, logging) = match service.entry("logging") {
        Some((k, v)) => (k, Some(v)),
        None => (key, None),
    };
    let driver = logging
        .and_then(|l| l.str_at(&["driver"]))
        .unwrap_or("json-file");
    let bounded = logging
        .and_then(|l| l.path(&["options", "max-size"]))
        .is_some();
    if driver != "json-file" || bounded {
        return None;
    }
    Some(
        Finding::new(LOGS.id, span_to_eol(index, at.start.line, at.start.col), format!("service `{name}` logs to json-file with no size limit"), "logs grow without bound")
            .with_help("add `logging: { driver: json-file, options: { max-size: \"10m\", max-file: \"3\" } }`, or use `driver: local`"),
    )
}

/// A compose file meant to run a deployment, not a developer's dependencies: its name
/// says so (`docker-compose.prod.yml`, `stack.yml`), or some service already sets a
/// restart policy, resources, log options or ulimits. A file that sets none of them is a
/// local setup (databases for the tests, a tracing UI), and its findings would be noise.
fn is_for_production(path: &str, project: &Project) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    let named = ["prod", "production", "stack", "deploy", "release", "live"]
        .iter()
        .any(|word| name.split(['.', '-', '_']).any(|part| part == *word));
    let configured = project.services.iter().any(|(_, service)| {
        let restarts = service.str_at(&["restart"]).is_some_and(|r| r != "no");
        restarts
            || ["deploy", "mem_limit", "logging", "ulimits"]
                .iter()
                .any(|key| service.get(key).is_some())
    });
    named || configured
}

/// The names of the program a service runs.
fn owner(key: &Node, service: &Node) -> Vec<String> {
    let mut names: Vec<String> = key.as_str().map(str::to_string).into_iter().collect();
    for field in ["container_name", "image"] {
        names.extend(
            service
                .str_at(&[field])
                .map(|v| program_name(v).to_string()),
        );
    }
    for field in ["entrypoint", "command"] {
        let first = service.get(field).and_then(|c| {
            c.as_str()
                .map(str::to_string)
                .or_else(|| c.items().first().and_then(Node::as_str).map(str::to_string))
        });
        names.extend(first.and_then(|c| {
            c.split_whitespace()
                .next()
                .map(|w| program_name(w).to_string())
        }));
    }
    names
}

#[cfg(test)]
mod tests {
    #[test]
    fn normalizes_paths() {
        assert_eq!(
            super::normalize("deploy/../api/./Dockerfile"),
            "api/Dockerfile"
        );
        assert_eq!(super::normalize("/./Dockerfile"), "Dockerfile");
    }
}
