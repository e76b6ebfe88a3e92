//! Property tests of the deploy parsers and rules (the bounded, in-CI version of the
//! `fuzz/` targets dockerfile, systemd and yaml): any text, and mutations of the
//! ui-test inputs (bytes cut, repeated, keywords and YAML/INI syntax inserted), never
//! panic the Dockerfile, systemd, compose or Kubernetes parsers or the cross-file joins,
//! and every file is checked in bounded time.

use prodcheck_lints::deploy::{check, DeployFile, DeployKind};
use proptest::prelude::*;
use std::path::Path;
use std::time::{Duration, Instant};

/// Every deploy input of the ui-tests, with the kind the driver gives it.
fn seeds() -> Vec<(DeployKind, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui-tests");
    let mut out = Vec::new();
    let mut pending = vec![root];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            let name = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string();
            let kind = if name.starts_with("Dockerfile") || name.ends_with(".dockerfile") {
                DeployKind::Dockerfile
            } else if name.ends_with(".service") || name.ends_with(".conf") {
                DeployKind::Systemd
            } else if name.contains("compose")
                && (name.ends_with(".yml") || name.ends_with(".yaml"))
            {
                DeployKind::Compose
            } else if name.ends_with(".yml") || name.ends_with(".yaml") {
                DeployKind::Kubernetes
            } else {
                continue;
            };
            if let Ok(text) = std::fs::read_to_string(&path) {
                out.push((kind, text));
            }
        }
    }
    out.sort_by(|a, b| a.1.cmp(&b.1));
    out
}

const INSERTS: &[&str] = &[
    "\n",
    ":",
    " ",
    "- ",
    "&a ",
    "*a",
    "<<: *a",
    "{",
    "}",
    "[",
    "]",
    "\"",
    "'",
    "#",
    "\\\n",
    "---\n",
    "|\n",
    ">-\n",
    "\t",
    "FROM scratch AS x\n",
    "ENTRYPOINT [\"/app\"]\n",
    "CMD /app\n",
    "USER 0\n",
    "HEALTHCHECK NONE\n",
    "ONBUILD ",
    "[Service]\n",
    "Restart=",
    "LimitNOFILE=",
    "TimeoutStopSec=",
    "KillSignal=SIGINT\n",
    "apiVersion: v1\n",
    "kind: Deployment\n",
    "resources:\n  limits:\n",
    "services:\n",
    "  app:\n",
    "memory: 1Gi\n",
    "replicas: ",
    "livenessProbe:\n",
    "\u{feff}",
    "\r\n",
    "é",
];

#[derive(Debug, Clone)]
enum Edit {
    Cut(usize, usize),
    Repeat(usize, usize, usize),
    Insert(usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), 0usize..200).prop_map(|(at, len)| Edit::Cut(at, len)),
        (any::<usize>(), 1usize..80, 2usize..40).prop_map(|(at, len, n)| Edit::Repeat(at, len, n)),
        (any::<usize>(), 0..INSERTS.len()).prop_map(|(at, i)| Edit::Insert(at, i)),
    ]
}

/// Applies `edit` at a character boundary of `text`.
fn apply(text: &str, edit: &Edit) -> String {
    let chars: Vec<char> = text.chars().collect();
    let at = |n: usize| {
        if chars.is_empty() {
            0
        } else {
            n % (chars.len() + 1)
        }
    };
    let join = |cs: &[char]| cs.iter().collect::<String>();
    match *edit {
        Edit::Cut(start, len) => {
            let start = at(start);
            let end = (start + len).min(chars.len());
            join(&chars[..start]) + &join(&chars[end..])
        }
        Edit::Repeat(start, len, times) => {
            let start = at(start);
            let end = (start + len).min(chars.len());
            join(&chars[..end]) + &join(&chars[start..end]).repeat(times) + &join(&chars[end..])
        }
        Edit::Insert(pos, i) => {
            let pos = at(pos);
            join(&chars[..pos]) + INSERTS[i] + &join(&chars[pos..])
        }
    }
}

/// Checks `text` as a file of `kind` (with a second, differently named copy so the
/// cross-file joins run), in bounded time.
fn checks_in_bounded_time(kind: DeployKind, text: &str) {
    let (first, second) = match kind {
        DeployKind::Dockerfile => ("Dockerfile", "docker/app.dockerfile"),
        DeployKind::Systemd => ("app.service", "app.service.d/override.conf"),
        DeployKind::Compose => ("compose.yaml", "docker-compose.override.yml"),
        _ => ("deploy/app.yaml", "deploy/service.yaml"),
    };
    let files = [
        DeployFile {
            path: first.into(),
            kind,
            text: text.to_string(),
        },
        DeployFile {
            path: second.into(),
            kind,
            text: text.to_string(),
        },
    ];
    let started = Instant::now();
    let _ = check(&files, &[]);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{kind:?} took {:?} on {} bytes",
        started.elapsed(),
        text.len()
    );
}

fn kinds() -> impl Strategy<Value = DeployKind> {
    prop_oneof![
        Just(DeployKind::Dockerfile),
        Just(DeployKind::Systemd),
        Just(DeployKind::Compose),
        Just(DeployKind::Kubernetes),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(300)
    ))]

    #[test]
    fn mutated_seeds_never_panic(index in any::<usize>(), edits in proptest::collection::vec(edit(), 1..6)) {
        let seeds = seeds();
        prop_assume!(!seeds.is_empty());
        let (kind, text) = &seeds[index % seeds.len()];
        let mutated = edits.iter().fold(text.clone(), |t, e| apply(&t, e));
        checks_in_bounded_time(*kind, &mutated);
    }

    #[test]
    fn any_text_never_panics(kind in kinds(), text in "\\PC{0,400}") {
        checks_in_bounded_time(kind, &text);
    }

    #[test]
    fn line_soup_never_panics(kind in kinds(), lines in proptest::collection::vec(0..INSERTS.len(), 0..60)) {
        let text: String = lines.iter().map(|&i| INSERTS[i]).collect();
        checks_in_bounded_time(kind, &text);
    }
}

#[test]
fn the_seeds_cover_every_parser() {
    let seeds = seeds();
    for kind in [
        DeployKind::Dockerfile,
        DeployKind::Systemd,
        DeployKind::Compose,
        DeployKind::Kubernetes,
    ] {
        assert!(
            seeds.iter().any(|(k, _)| *k == kind),
            "no {kind:?} seed in ui-tests"
        );
    }
}
