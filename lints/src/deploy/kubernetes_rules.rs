//! Kubernetes rules: resources, probes, replicas, termination grace period.

use super::kubernetes::{Manifest, Workload};
use super::yaml::Node;
use super::{program_name, rule, span_to_eol, Hit, Repo};
use crate::finding::{Finding, Span};
use crate::source::LineIndex;

rule! {
    /// A container with no memory limit can grow until the node runs out of memory, and
    /// then the kernel's OOM killer, not Kubernetes, picks what dies on that node.
    ///
    /// ### Fires on
    /// ```yaml
    /// containers:
    ///   - name: api
    ///     image: ghcr.io/acme/api:1.4
    /// ```
    /// ### Stays silent on
    /// ```yaml
    /// containers:
    ///   - name: api
    ///     resources:
    ///       limits: { memory: 512Mi }
    /// ```
    MEMORY_LIMIT = "k8s_no_memory_limit"
}

rule! {
    /// With no requests the scheduler packs the pod anywhere and it is the first evicted
    /// under pressure (BestEffort). A limit alone sets the request to the same value.
    ///
    /// ### Fires on
    /// ```yaml
    /// - name: api
    ///   resources: {}
    /// ```
    /// ### Stays silent on
    /// ```yaml
    /// - name: api
    ///   resources:
    ///     requests: { cpu: 100m, memory: 256Mi }
    /// ```
    REQUESTS = "k8s_no_requests"
}

rule! {
    /// Without a readiness probe a Service sends traffic to pods that are still starting
    /// or cannot serve; without a liveness probe a hung process is never restarted.
    ///
    /// ### Fires on
    /// ```yaml
    /// # a Deployment whose pods a Service selects
    /// - name: api
    ///   image: ghcr.io/acme/api:1.4
    /// ```
    /// ### Stays silent on
    /// ```yaml
    /// - name: api
    ///   readinessProbe: { httpGet: { path: /ready, port: 8080 } }
    ///   livenessProbe: { httpGet: { path: /live, port: 8080 } }
    /// ```
    PROBES = "k8s_no_probes"
}

rule! {
    /// Identical liveness and readiness probes turn a slow dependency into restarts: every
    /// pod fails readiness together, then liveness kills them all.
    ///
    /// ### Fires on
    /// ```yaml
    /// livenessProbe: { httpGet: { path: /health, port: 8080 } }
    /// readinessProbe: { httpGet: { path: /health, port: 8080 } }
    /// ```
    /// ### Stays silent on
    /// ```yaml
    /// livenessProbe: { httpGet: { path: /live, port: 8080 } }
    /// readinessProbe: { httpGet: { path: /ready, port: 8080 } }
    /// ```
    SAME_PROBES = "k8s_liveness_equals_readiness"
}

rule! {
    /// One replica means downtime on every deploy, node drain and crash.
    ///
    /// ### Fires on
    /// ```yaml
    /// kind: Deployment
    /// spec:
    ///   replicas: 1
    /// ```
    /// ### Stays silent on
    /// ```yaml
    /// kind: Deployment
    /// spec:
    ///   replicas: 3
    /// ```
    SINGLE_REPLICA = "k8s_single_replica"
}

rule! {
    /// After `terminationGracePeriodSeconds` (30 s by default) the kubelet SIGKILLs the
    /// pod: a shorter period than the app's own shutdown timeout cuts its drain short.
    ///
    /// ### Fires on
    /// ```yaml
    /// # the app drains for up to 60 s
    /// terminationGracePeriodSeconds: 20
    /// ```
    /// ### Stays silent on
    /// ```yaml
    /// terminationGracePeriodSeconds: 75
    /// ```
    GRACE_PERIOD = "k8s_short_grace_period"
}

/// The names of the program a container runs.
fn owner(container: &Node) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    names.extend(container.str_at(&["name"]).map(str::to_string));
    names.extend(
        container
            .str_at(&["image"])
            .map(|i| program_name(i).to_string()),
    );
    names.extend(
        container
            .get("command")
            .and_then(|c| c.items().first())
            .and_then(Node::as_str)
            .map(|c| program_name(c).to_string()),
    );
    names
}

/// Runs the Kubernetes rules on one manifest; `all` holds every manifest of the repo.
pub(crate) fn check(
    manifest: &Manifest,
    all: &[&Manifest],
    index: &LineIndex<'_>,
    repo: &Repo<'_>,
) -> Vec<Hit> {
    let ranges = LimitDefaults::of(all);
    let mut hits = Vec::new();
    for workload in manifest.workloads() {
        let selected = is_selected(&workload, all);
        for container in workload.containers() {
            let owner = owner(container);
            let at = span_to_eol(index, container.start.line, container.start.col);
            let name = container.str_at(&["name"]).unwrap_or("container");
            let item = format!("{} {} container {name}", workload.kind, workload.name);
            let mut push = |finding: Option<Finding>| {
                hits.extend(finding.map(|f| Hit::new(f, &owner).in_item(item.clone())));
            };
            push(memory_limit(container, name, at, &ranges));
            push(requests(container, name, at, &ranges));
            push(probes(&workload, container, name, at, selected));
            push(same_probes(container, name, index));
            push(grace_period(&workload, container, index, repo, &owner));
        }
        let owner: Vec<String> = workload.containers().iter().flat_map(owner).collect();
        if let Some(finding) = single_replica(&workload, all, index) {
            hits.push(Hit::new(finding, &owner).in_item(format!("Deployment {}", workload.name)));
        }
    }
    hits
}

/// What LimitRanges in the repo fill in for containers that set nothing.
struct LimitDefaults {
    memory_limit: bool,
    cpu_request: bool,
    memory_request: bool,
}

impl LimitDefaults {
    fn of(all: &[&Manifest]) -> Self {
        let limits: Vec<&Node> = all
            .iter()
            .flat_map(|m| m.of_kind("LimitRange"))
            .flat_map(|r| r.path(&["spec", "limits"]).map_or(&[][..], Node::items))
            .filter(|l| l.str_at(&["type"]) == Some("Container"))
            .collect();
        let has = |keys: &[&str]| limits.iter().any(|l| l.path(keys).is_some());
        LimitDefaults {
            memory_limit: has(&["default", "memory"]),
            cpu_request: has(&["defaultRequest", "cpu"]) || has(&["default", "cpu"]),
            memory_request: has(&["defaultRequest", "memory"]) || has(&["default", "memory"]),
        }
    }
}

fn memory_limit(container: &Node, name: &str, at: Span, ranges: &LimitDefaults) -> Option<Finding> {
    if container.path(&["resources", "limits", "memory"]).is_some() || ranges.memory_limit {
        return None;
    }
    Some(
        Finding::new(MEMORY_LIMIT.id, at, format!("container `{name}` has no memory limit"), "no `resources.limits.memory`")
            .with_help("set `resources: { limits: { memory: 512Mi } }` sized to the container's peak, with a request to match"),
    )
}

fn requests(container: &Node, name: &str, at: Span, ranges: &LimitDefaults) -> Option<Finding> {
    let set = |resource: &str| {
        container
            .path(&["resources", "requests", resource])
            .is_some()
            || container.path(&["resources", "limits", resource]).is_some()
    };
    let mut missing = Vec::new();
    if !set("cpu") && !ranges.cpu_request {
        missing.push("cpu");
    }
    if !set("memory") && !ranges.memory_request {
        missing.push("memory");
    }
    if missing.is_empty() {
        return None;
    }
    let what = missing.join(" and ");
    Some(
        Finding::new(REQUESTS.id, at, format!("container `{name}` requests no {what}"), format!("no `resources.requests.{}`", missing[0]))
            .with_help("set `resources: { requests: { cpu: 100m, memory: 256Mi } }` from the container's measured usage"),
    )
}

/// A Service in the repo selects the workload's pods.
fn is_selected(workload: &Workload<'_>, all: &[&Manifest]) -> bool {
    let Some(labels) = workload.labels else {
        return false;
    };
    let namespace = workload.object.str_at(&["metadata", "namespace"]);
    all.iter()
        .flat_map(|m| m.of_kind("Service"))
        .any(|service| {
            let same_namespace = match (namespace, service.str_at(&["metadata", "namespace"])) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            };
            let selector = service
                .path(&["spec", "selector"])
                .map_or(&[][..], Node::entries);
            same_namespace
                && !selector.is_empty()
                && selector.iter().all(|(k, v)| {
                    k.as_str()
                        .is_some_and(|k| labels.str_at(&[k]) == v.as_str())
                })
        })
}

fn probes(
    workload: &Workload<'_>,
    container: &Node,
    name: &str,
    at: Span,
    selected: bool,
) -> Option<Finding> {
    if !workload.long_running() {
        return None;
    }
    let mut missing = Vec::new();
    if selected && container.get("readinessProbe").is_none() {
        missing.push("readinessProbe");
    }
    if container.get("livenessProbe").is_none() {
        missing.push("livenessProbe");
    }
    if missing.is_empty() {
        return None;
    }
    let why = if selected {
        " (a Service sends it traffic)"
    } else {
        ""
    };
    Some(
        Finding::new(PROBES.id, at, format!("container `{name}` has no {}{why}", missing.join(" and no ")), format!("no `{}`", missing[0]))
            .with_help("add `readinessProbe: { httpGet: { path: /ready, port: 8080 } }` and a separate, cheaper `livenessProbe` (`/live`)"),
    )
}

/// The part of a probe that decides what it checks (not its timing).
fn handler(probe: &Node) -> Option<String> {
    for kind in ["httpGet", "tcpSocket", "grpc", "exec"] {
        if let Some(node) = probe.get(kind) {
            let fields = ["path", "port", "host", "scheme", "service", "command"];
            let parts: Vec<String> = fields
                .iter()
                .map(|f| node.get(f).map_or(String::new(), flatten))
                .collect();
            return Some(format!("{kind}:{}", parts.join("|")));
        }
    }
    None
}

fn flatten(node: &Node) -> String {
    match node.as_str() {
        Some(text) => text.to_string(),
        None => node
            .items()
            .iter()
            .map(flatten)
            .collect::<Vec<_>>()
            .join(" "),
    }
}

fn same_probes(container: &Node, name: &str, index: &LineIndex<'_>) -> Option<Finding> {
    let (key, liveness) = container.entry("livenessProbe")?;
    let readiness = container.get("readinessProbe")?;
    let same = handler(liveness)?;
    if Some(&same) != handler(readiness).as_ref() {
        return None;
    }
    Some(
        Finding::new(SAME_PROBES.id, span_to_eol(index, key.start.line, key.start.col), format!("container `{name}` uses the same check for liveness and readiness"), "same as the readinessProbe")
            .with_help("point liveness at a cheap endpoint that checks only the process (`/live`), and readiness at one that checks dependencies (`/ready`)"),
    )
}

fn single_replica(
    workload: &Workload<'_>,
    all: &[&Manifest],
    index: &LineIndex<'_>,
) -> Option<Finding> {
    if workload.kind != "Deployment" {
        return None;
    }
    let (spec_key, spec) = workload.object.entry("spec")?;
    let replicas = spec.entry("replicas");
    let count = replicas.and_then(|(_, v)| v.as_str()).unwrap_or("1");
    let recreate = spec.str_at(&["strategy", "type"]) == Some("Recreate");
    let scaled = all
        .iter()
        .flat_map(|m| m.of_kind("HorizontalPodAutoscaler"))
        .any(|hpa| {
            hpa.str_at(&["spec", "scaleTargetRef", "name"]) == Some(workload.name)
                && hpa
                    .str_at(&["spec", "scaleTargetRef", "kind"])
                    .is_none_or(|kind| kind == "Deployment")
        });
    if count != "1" || recreate || scaled {
        return None;
    }
    let at = replicas.map_or(spec_key, |(k, _)| k);
    Some(
        Finding::new(SINGLE_REPLICA.id, span_to_eol(index, at.start.line, at.start.col), format!("deployment `{}` runs a single replica", workload.name), "one replica")
            .with_help("set `replicas: 2` or more (with a PodDisruptionBudget), or scale it with a HorizontalPodAutoscaler"),
    )
}

/// Seconds a `preStop` hook sleeps (`sleep 5` in an exec hook, or `sleep: {seconds: 5}`).
fn pre_stop_sleep(container: &Node) -> u64 {
    let Some(hook) = container.path(&["lifecycle", "preStop"]) else {
        return 0;
    };
    if let Some(seconds) = hook
        .str_at(&["sleep", "seconds"])
        .and_then(|s| s.parse().ok())
    {
        return seconds;
    }
    let command = hook
        .path(&["exec", "command"])
        .map(flatten)
        .unwrap_or_default();
    let mut words = command.split_whitespace().skip_while(|w| *w != "sleep");
    words
        .nth(1)
        .and_then(|n| n.trim_end_matches(['s', ';']).parse().ok())
        .unwrap_or(0)
}

fn grace_period(
    workload: &Workload<'_>,
    container: &Node,
    index: &LineIndex<'_>,
    repo: &Repo<'_>,
    owner: &[String],
) -> Option<Finding> {
    let shutdown = repo.facts_named(owner)?.shutdown_timeout_secs?;
    let needed = shutdown + pre_stop_sleep(container);
    let entry = workload.spec.entry("terminationGracePeriodSeconds");
    let grace: u64 = match entry {
        Some((_, value)) => value.as_str()?.parse().ok()?,
        None => 30,
    };
    if grace >= needed {
        return None;
    }
    let at = entry.map_or(workload.spec_key, |(k, _)| k);
    Some(
        Finding::new(GRACE_PERIOD.id, span_to_eol(index, at.start.line, at.start.col), format!("the pod is killed after {grace} s but the app may take {needed} s to shut down"), "grace period too short")
            .with_help(format!("set `terminationGracePeriodSeconds: {}` (shutdown timeout plus the preStop sleep, with a margin)", needed + 5)),
    )
}
