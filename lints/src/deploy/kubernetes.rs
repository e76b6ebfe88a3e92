//! Kubernetes manifest parsing: documents, `List`s, workloads and their containers.
//! The rules are in `kubernetes_rules.rs`.

use super::yaml::{self, Node, Pos, YamlError};

pub(crate) use super::kubernetes_rules::{
    check, GRACE_PERIOD, MEMORY_LIMIT, PROBES, REQUESTS, SAME_PROBES, SINGLE_REPLICA,
};

/// The kinds each core API group serves; a kind outside them is a typo, not a CRD.
const CORE_KINDS: &[(&str, &[&str])] = &[
    (
        "v1",
        &[
            "Pod",
            "Service",
            "ConfigMap",
            "Secret",
            "Namespace",
            "ServiceAccount",
            "PersistentVolumeClaim",
            "PersistentVolume",
            "Endpoints",
            "LimitRange",
            "ResourceQuota",
            "ReplicationController",
            "Event",
            "Node",
            "PodTemplate",
            "Binding",
            "ComponentStatus",
            "List",
        ],
    ),
    (
        "apps/v1",
        &[
            "Deployment",
            "StatefulSet",
            "DaemonSet",
            "ReplicaSet",
            "ControllerRevision",
        ],
    ),
    ("batch/v1", &["Job", "CronJob"]),
];

/// Kinds that run pods, and where their pod template is.
const WORKLOADS: &[(&str, &[&str])] = &[
    ("Pod", &[]),
    ("Deployment", &["spec", "template"]),
    ("StatefulSet", &["spec", "template"]),
    ("DaemonSet", &["spec", "template"]),
    ("ReplicaSet", &["spec", "template"]),
    ("ReplicationController", &["spec", "template"]),
    ("Job", &["spec", "template"]),
    ("CronJob", &["spec", "jobTemplate", "spec", "template"]),
];

/// True when some line of `text` starts a document with `apiVersion` and one with `kind`.
pub(crate) fn looks_like_manifest(text: &str) -> bool {
    let starts = |key: &str| {
        text.lines()
            .any(|l| l.trim_start_matches("- ").starts_with(key))
    };
    starts("apiVersion:") && starts("kind:")
}

/// The objects of one manifest file (`List` items flattened).
pub(crate) struct Manifest {
    pub objects: Vec<Node>,
}

/// A pod-running object and its pod spec.
pub(crate) struct Workload<'a> {
    pub kind: &'a str,
    pub name: &'a str,
    pub object: &'a Node,
    /// The `spec` key of the pod template (or of the Pod).
    pub spec_key: &'a Node,
    pub spec: &'a Node,
    /// The pod template's labels.
    pub labels: Option<&'a Node>,
}

impl Workload<'_> {
    /// Jobs and CronJobs run to completion; the rest keep running.
    pub fn long_running(&self) -> bool {
        !matches!(self.kind, "Job" | "CronJob")
    }

    /// The app containers (init containers left out).
    pub fn containers(&self) -> &[Node] {
        self.spec.get("containers").map_or(&[], Node::items)
    }
}

/// Parses a manifest file; an unknown core kind is an error.
pub(crate) fn parse(text: &str) -> Result<Manifest, YamlError> {
    let mut objects = Vec::new();
    for doc in yaml::parse(text)? {
        if doc.get("kind").is_none() && doc.get("apiVersion").is_none() {
            continue;
        }
        check_kind(&doc)?;
        if doc.str_at(&["kind"]).is_some_and(|k| k.ends_with("List")) {
            for item in doc.get("items").map_or(&[][..], Node::items) {
                check_kind(item)?;
                objects.push(item.clone());
            }
        } else {
            objects.push(doc);
        }
    }
    Ok(Manifest { objects })
}

fn check_kind(doc: &Node) -> Result<(), YamlError> {
    let error = |message: String, pos: Pos| Err(YamlError { message, pos });
    let Some((key, kind)) = doc.entry("kind") else {
        return error(
            "a document with `apiVersion` but no `kind`".into(),
            doc.start,
        );
    };
    let Some(kind_name) = kind.as_str() else {
        return error("`kind` is not a string".into(), key.start);
    };
    let api = doc.str_at(&["apiVersion"]).unwrap_or("");
    let Some((_, kinds)) = CORE_KINDS.iter().find(|(group, _)| *group == api) else {
        return Ok(());
    };
    if kinds.contains(&kind_name) || kind_name.ends_with("List") {
        return Ok(());
    }
    error(
        format!("unknown kind `{kind_name}` for apiVersion `{api}`"),
        kind.start,
    )
}

impl Manifest {
    /// Every workload of the file.
    pub fn workloads(&self) -> Vec<Workload<'_>> {
        self.objects.iter().filter_map(workload).collect()
    }

    /// Some container of some workload has a readiness or liveness probe.
    pub fn has_probes(&self) -> bool {
        self.workloads()
            .iter()
            .flat_map(|w| w.containers())
            .any(|c| c.get("readinessProbe").is_some() || c.get("livenessProbe").is_some())
    }

    /// The images of containers that run as a non-root user (container or pod
    /// `securityContext`: `runAsUser` other than 0, or `runAsNonRoot: true`).
    pub fn nonroot_images(&self) -> Vec<String> {
        let mut images = Vec::new();
        for workload in self.workloads() {
            let pod = runs_nonroot(workload.spec.get("securityContext"));
            for container in workload.containers() {
                let own = runs_nonroot(container.get("securityContext"));
                let image = container
                    .str_at(&["image"])
                    .map(|i| super::program_name(i).to_string());
                if own.or(pod) == Some(true) {
                    images.extend(image);
                }
            }
        }
        images
    }

    /// Objects of `kind`.
    pub fn of_kind<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.objects
            .iter()
            .filter(move |o| o.str_at(&["kind"]) == Some(kind))
    }
}

/// What a securityContext says about the user: `Some(true)` for non-root.
fn runs_nonroot(context: Option<&Node>) -> Option<bool> {
    let context = context?;
    if let Some(uid) = context.str_at(&["runAsUser"]) {
        return Some(uid != "0");
    }
    (context.str_at(&["runAsNonRoot"]) == Some("true")).then_some(true)
}

fn workload(object: &Node) -> Option<Workload<'_>> {
    let kind = object.str_at(&["kind"])?;
    let (_, path) = WORKLOADS.iter().find(|(k, _)| *k == kind)?;
    let template = object.path(path)?;
    let (spec_key, spec) = template.entry("spec")?;
    let labels = template.path(&["metadata", "labels"]);
    let name = object.str_at(&["metadata", "name"]).unwrap_or("");
    Some(Workload {
        kind,
        name,
        object,
        spec_key,
        spec,
        labels,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_unknown_kinds() {
        let list = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: apps/v1\n  kind: Deployment\n  spec:\n    template:\n      spec:\n        containers: [{name: a}]\n";
        let manifest = parse(list).unwrap();
        assert_eq!(manifest.workloads().len(), 1);
        let err = parse("apiVersion: apps/v1\nkind: Deploymnet\n")
            .err()
            .unwrap();
        assert_eq!(err.pos.line, 2);
        assert!(parse("apiVersion: cert-manager.io/v1\nkind: Certificate\n").is_ok());
    }
}
