//! Runs the deploy checks on a directory and prints one JSON object per finding:
//! `{"path", "line", "column", "rule", "level", "message"}` (paths relative to the
//! directory). Used by `bench/deploy/compare.sh`; no code facts are known here.
//!
//! Usage: `cargo run --example deploy_check -- DIR`

use prodcheck_lints::catalogue;
use prodcheck_lints::deploy::{self, DeployFile};
use std::path::{Path, PathBuf};

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.') && n != ".devcontainer");
        if path.is_dir() && !hidden {
            walk(&path, out);
        } else if path.is_file() {
            out.push(path);
        }
    }
}

fn main() {
    let Some(root) = std::env::args().nth(1).map(PathBuf::from) else {
        eprintln!("usage: deploy_check DIR");
        std::process::exit(2);
    };
    let mut paths = Vec::new();
    walk(&root, &mut paths);
    paths.sort();
    let mut files = Vec::new();
    for path in paths {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let rel = path
            .strip_prefix(&root)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        if let Some(kind) = deploy::classify(Path::new(&rel), &text) {
            files.push(DeployFile {
                path: rel,
                kind,
                text,
            });
        }
    }
    for (path, finding) in deploy::check(&files, &[]) {
        let level = catalogue::get(finding.rule).map_or("deny", |meta| meta.level.as_str());
        let line = serde_json::json!({
            "path": path,
            "line": finding.span.line_start,
            "column": finding.span.column_start,
            "rule": finding.rule,
            "level": level,
            "message": finding.message,
        });
        println!("{line}");
    }
}
