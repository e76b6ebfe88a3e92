//! ui-tests of the deploy rules: `ui-tests/<rule_id>/<case>/` is one small tree,
//! analysed together. A trailing `#~ rule_id` marks its line; in a Dockerfile a line
//! holding only `#~ rule_id` marks the next line that is not an annotation. Code facts
//! come from an optional `facts.toml` (`[[package]]` tables of `CodeFacts` fields).
//! Each case must give EXACTLY the annotated findings of its rule (and of
//! `parse_error`): a missing and an extra finding both fail.

use prodcheck_lints::deploy::{self, CodeFacts, DeployFile};
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

const MARK: &str = "#~";

#[derive(serde::Deserialize, Default)]
struct FactsFile {
    #[serde(default)]
    package: Vec<CodeFacts>,
}

/// (path, line, rule)
type Expected = BTreeSet<(String, u32, String)>;

fn ui_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui-tests")
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn is_dockerfile(path: &str) -> bool {
    matches!(
        deploy::classify(Path::new(path), ""),
        Some(deploy::DeployKind::Dockerfile)
    )
}

/// Strips the annotations from `text` (line numbers kept) and collects them.
fn annotations(path: &str, text: &str, expected: &mut Expected) -> String {
    let mut pending: Vec<String> = Vec::new();
    let mut clean = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i as u32 + 1;
        let trimmed = line.trim_start();
        if is_dockerfile(path) && trimmed.starts_with(MARK) {
            pending.extend(
                trimmed[MARK.len()..]
                    .split([' ', ','])
                    .filter(|s| !s.is_empty())
                    .map(str::to_string),
            );
            clean.push(String::new());
            continue;
        }
        let (code, marks) = match line.find(MARK) {
            Some(at) if !is_dockerfile(path) => (&line[..at], &line[at + MARK.len()..]),
            _ => (line, ""),
        };
        let names = marks
            .split([' ', ','])
            .filter(|s| !s.is_empty())
            .map(str::to_string);
        for rule in pending.drain(..).chain(names) {
            expected.insert((path.to_string(), line_no, rule));
        }
        clean.push(code.trim_end().to_string());
    }
    let mut joined = clean.join("\n");
    joined.push('\n');
    joined
}

/// Runs one case; returns (expected, found) for `rule` and `parse_error`.
fn run_case(dir: &Path, rule: &str) -> (Expected, Expected) {
    let mut paths = Vec::new();
    files_under(dir, &mut paths);
    let mut expected = Expected::new();
    let mut files = Vec::new();
    let mut code = Vec::new();
    for path in paths {
        let rel = path
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let text = fs::read_to_string(&path).unwrap();
        if rel == "facts.toml" {
            let facts: FactsFile =
                toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            code = facts.package;
            continue;
        }
        let clean = annotations(&rel, &text, &mut expected);
        if let Some(kind) = deploy::classify(Path::new(&rel), &clean) {
            files.push(DeployFile {
                path: rel,
                kind,
                text: clean,
            });
        }
    }
    let keep = |r: &str| r == rule || r == "parse_error";
    expected.retain(|(_, _, r)| keep(r));
    let found: Expected = deploy::check(&files, &code)
        .into_iter()
        .filter(|(_, f)| keep(f.rule))
        .map(|(path, f)| (path, f.span.line_start, f.rule.to_string()))
        .collect();
    (expected, found)
}

fn describe(set: &Expected) -> String {
    set.iter()
        .map(|(p, l, r)| format!("    {p}:{l} {r}\n"))
        .collect()
}

#[test]
fn deploy_ui_cases_give_exactly_the_annotated_findings() {
    let mut failures = String::new();
    let mut rules: Vec<&str> = deploy::RULE_IDS.to_vec();
    rules.push("parse_error");
    for rule in rules {
        let rule_dir = ui_root().join(rule);
        let mut cases: Vec<PathBuf> = fs::read_dir(&rule_dir)
            .map(|d| {
                d.filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.is_dir())
                    .collect()
            })
            .unwrap_or_default();
        cases.sort();
        let (mut firing, mut silent) = (0, 0);
        for case in cases {
            let (expected, found) = run_case(&case, rule);
            if expected.iter().any(|(_, _, r)| r == rule) {
                firing += 1;
            } else {
                silent += 1;
            }
            let missing: Expected = expected.difference(&found).cloned().collect();
            let extra: Expected = found.difference(&expected).cloned().collect();
            if !missing.is_empty() || !extra.is_empty() {
                failures.push_str(&format!(
                    "{}:\n  missing:\n{}  extra:\n{}",
                    case.strip_prefix(ui_root()).unwrap_or(&case).display(),
                    describe(&missing),
                    describe(&extra)
                ));
            }
        }
        let (need_firing, need_silent) = if rule == "parse_error" {
            (4, 0)
        } else {
            (6, 6)
        };
        if firing < need_firing || silent < need_silent {
            failures.push_str(&format!("{rule}: {firing} firing and {silent} silent cases, want {need_firing} and {need_silent}\n"));
        }
    }
    assert!(failures.is_empty(), "deploy ui-tests failed:\n{failures}");
}

#[test]
fn hostile_inputs_end_quickly_without_panicking() {
    // The alias bomb is the ui-test `parse_error/deploy_alias_bomb`.
    let long_dockerfile = format!(
        "FROM debian\n{}CMD app\n",
        "RUN echo hi \\\n  && true\n".repeat(50_000)
    );
    let nested = format!("apiVersion: v1\nkind: Pod\nspec: {}\n", "[".repeat(200_000));
    let inputs = [
        ("Dockerfile", long_dockerfile),
        ("k8s/nested.yaml", nested),
        ("Dockerfile.heredoc", "FROM x\nRUN <<EOF\n".repeat(10_000)),
        ("app.service", "[Service]\nExecStart=a \\\n".repeat(10_000)),
    ];
    let start = std::time::Instant::now();
    for (path, text) in inputs {
        let kind =
            deploy::classify(Path::new(path), &text).unwrap_or(deploy::DeployKind::Kubernetes);
        let files = [DeployFile {
            path: path.to_string(),
            kind,
            text,
        }];
        let _ = deploy::check(&files, &[]);
    }
    assert!(start.elapsed().as_secs() < 20, "took {:?}", start.elapsed());
}

/// A deterministic xorshift generator, so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

/// Fragments that random inputs are made of: syntax of every deploy format.
const PIECES: &[&str] = &[
    "FROM ",
    "RUN ",
    "CMD ",
    "ENTRYPOINT ",
    "USER ",
    "HEALTHCHECK ",
    "AS ",
    "[\"",
    "\"]",
    "\\\n",
    "<<EOF\n",
    "EOF\n",
    "# escape=`\n",
    "apiVersion: v1\n",
    "kind: Pod\n",
    "kind: Deployment\n",
    "spec:\n",
    "  containers:\n",
    "- name: a\n",
    "services:\n",
    "  api:\n",
    "    restart: no\n",
    "&a ",
    "*a ",
    "<<: *a\n",
    "{",
    "}",
    "[",
    "]",
    ": ",
    "- ",
    "  ",
    "\t",
    "\n",
    "[Service]\n",
    "Restart=\n",
    "LimitNOFILE=1:2\n",
    "TimeoutStopSec=1min 2s\n",
    "é",
    "\u{feff}",
    "'",
    "\"",
    "#",
    ";",
    "|\n",
    ">-\n",
    "---\n",
    "...\n",
    "%YAML 1.2\n",
    "!!str ",
    "? ",
    "{{ x }}",
    "exec ",
    "\r\n",
    "0",
    "999999999999999999999",
];

#[test]
fn random_inputs_never_panic() {
    let kinds = [
        ("Dockerfile", deploy::DeployKind::Dockerfile),
        ("k8s/x.yaml", deploy::DeployKind::Kubernetes),
        ("docker-compose.yml", deploy::DeployKind::Compose),
        ("x.service", deploy::DeployKind::Systemd),
        ("Cargo.toml", deploy::DeployKind::CargoManifest),
        ("entrypoint.sh", deploy::DeployKind::Script),
    ];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let rounds = std::env::var("PRODCHECK_FUZZ_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3000);
    for round in 0..rounds {
        let len = 1 + rng.next() % 40;
        let text: String = (0..len).map(|_| rng.pick(PIECES)).collect();
        let files: Vec<DeployFile> = kinds
            .iter()
            .map(|(path, kind)| DeployFile {
                path: path.to_string(),
                kind: *kind,
                text: text.clone(),
            })
            .collect();
        let outcome = std::panic::catch_unwind(|| deploy::check(&files, &[]));
        assert!(outcome.is_ok(), "round {round} panicked on {text:?}");
    }
}
