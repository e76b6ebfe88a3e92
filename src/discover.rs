//! Which files are analysed: a gitignore-aware walk of each package that skips build
//! output, vendored and hidden directories, other projects nested inside, test code
//! directories, build scripts, and examples unless asked for.

use crate::workspace::Workspace;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Directory names never descended into.
const SKIPPED_DIRS: &[&str] = &[
    "target",
    "vendor",
    "third_party",
    "third-party",
    "node_modules",
];

/// Directories of a package that hold test code (never linted) or examples.
const TEST_DIRS: &[&str] = &["tests", "benches"];

/// A file to analyse.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Absolute path.
    pub path: PathBuf,
    /// Path relative to the workspace root, with `/` separators.
    pub relative: String,
    /// Index of its package.
    pub package: usize,
    /// True for the root file of a binary target.
    pub is_bin_root: bool,
}

/// Options of the walk.
#[derive(Debug, Clone, Default)]
pub struct DiscoverOptions {
    /// Lint `examples/` too.
    pub include_examples: bool,
    /// Glob patterns (relative to the root) of paths to leave out.
    pub exclude: Vec<String>,
}

/// A deployment file (Dockerfile, manifest, unit, ...) found in the tree.
#[derive(Debug, Clone)]
pub struct DeployCandidate {
    /// Absolute path.
    pub path: PathBuf,
    /// Path relative to the workspace root, with `/` separators.
    pub relative: String,
    /// The package whose directory holds it, if any.
    pub package: Option<usize>,
}

/// What the walk found.
#[derive(Debug, Default)]
pub struct Discovered {
    /// Rust files to lint, sorted by relative path.
    pub rust: Vec<SourceFile>,
    /// Candidate deployment files, sorted by relative path.
    pub deploy: Vec<DeployCandidate>,
    /// Entries the walk could not read (path, reason).
    pub unreadable: Vec<(PathBuf, String)>,
}

/// Walks the workspace once: Rust files of its packages, and the deployment files
/// anywhere in it (a virtual workspace keeps its Dockerfile and manifests at the root).
pub fn discover(workspace: &Workspace, options: &DiscoverOptions) -> Result<Discovered, String> {
    let excluded = exclusions(&workspace.root, &options.exclude)?;
    let package_roots: HashSet<PathBuf> =
        workspace.packages.iter().map(|p| p.root.clone()).collect();
    let mut skip_dirs: HashSet<PathBuf> = HashSet::new();
    for package in &workspace.packages {
        skip_dirs.extend(TEST_DIRS.iter().map(|d| package.root.join(d)));
        if !options.include_examples {
            skip_dirs.insert(package.root.join("examples"));
        }
    }
    let root = workspace.root.clone();
    let walker = ignore::WalkBuilder::new(&workspace.root)
        .hidden(true)
        .git_ignore(true)
        .git_exclude(true)
        .require_git(false)
        .follow_links(false)
        .filter_entry(move |entry| {
            let path = entry.path();
            if !entry.file_type().is_some_and(|t| t.is_dir()) || path == root {
                return true;
            }
            let name = entry.file_name().to_string_lossy();
            let other_project = path.join("Cargo.toml").is_file() && !package_roots.contains(path);
            let reason = if SKIPPED_DIRS.contains(&name.as_ref()) {
                "build output or vendored code"
            } else if skip_dirs.contains(path) {
                "tests, benches or examples"
            } else if other_project {
                "another Cargo project, not a member"
            } else {
                return true;
            };
            tracing::debug!(dir = %path.display(), reason, "skipped directory");
            false
        })
        .build();
    let mut found = Discovered::default();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = error_path(&err).unwrap_or_else(|| workspace.root.clone());
                found.unreadable.push((path, err.to_string()));
                continue;
            }
        };
        let path = entry.path();
        // A directory named `*.rs` is listed so that reading it reports it.
        if entry.file_type().is_some_and(|t| t.is_dir())
            && path.extension().is_none_or(|e| e != "rs")
        {
            continue;
        }
        let relative = relative_path(&workspace.root, path);
        if excluded.as_ref().is_some_and(|set| set.is_match(&relative)) {
            tracing::debug!(file = %relative, "skipped: matches `exclude` in the config");
            continue;
        }
        let package = owning_package(workspace, path);
        if path.extension().is_some_and(|e| e == "rs") {
            if let Some(index) = package {
                if let Some(file) = rust_file(workspace, index, path, relative, options) {
                    found.rust.push(file);
                }
            }
        } else if is_deploy_candidate(path) {
            found.deploy.push(DeployCandidate {
                path: path.to_path_buf(),
                relative,
                package,
            });
        }
    }
    found.rust.sort_by(|a, b| a.relative.cmp(&b.relative));
    found.deploy.sort_by(|a, b| a.relative.cmp(&b.relative));
    Ok(found)
}

fn error_path(err: &ignore::Error) -> Option<PathBuf> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        _ => None,
    }
}

/// The package whose directory holds `path` most closely.
fn owning_package(workspace: &Workspace, path: &Path) -> Option<usize> {
    workspace
        .packages
        .iter()
        .enumerate()
        .filter(|(_, p)| path.starts_with(&p.root))
        .max_by_key(|(_, p)| p.root.components().count())
        .map(|(i, _)| i)
}

fn rust_file(
    workspace: &Workspace,
    index: usize,
    path: &Path,
    relative: String,
    options: &DiscoverOptions,
) -> Option<SourceFile> {
    let package = &workspace.packages[index];
    let skipped = package
        .targets
        .iter()
        .any(|t| t.is_skipped(options.include_examples) && t.src_path == path);
    if package.test_support {
        tracing::debug!(file = %relative, package = %package.info.name, "skipped: a test-support package (category development-tools::testing, or keyword mock/mocking/testing)");
        return None;
    }
    if path == package.root.join("build.rs") || skipped {
        tracing::debug!(file = %relative, "skipped: build script or test, bench or example target");
        return None;
    }
    let is_bin_root = package
        .targets
        .iter()
        .any(|t| t.is_bin() && t.src_path == path)
        || (package.targets.is_empty() && is_conventional_bin(path, &package.root));
    Some(SourceFile {
        path: path.to_path_buf(),
        relative,
        package: index,
        is_bin_root,
    })
}

/// Names worth reading to ask [`prodcheck_lints::deploy::classify`]: YAML needs its text
/// (`apiVersion` and `kind`), the other kinds are known by name.
fn is_deploy_candidate(path: &Path) -> bool {
    let yaml = path.extension().is_some_and(|e| e == "yaml" || e == "yml");
    yaml || prodcheck_lints::deploy::classify(path, "").is_some()
}

/// In a plain directory, `main.rs` files and `src/bin/*.rs` are binary roots.
fn is_conventional_bin(path: &Path, root: &Path) -> bool {
    path.file_name().is_some_and(|n| n == "main.rs")
        || path.parent().is_some_and(|p| p == root.join("src/bin"))
}

/// A path relative to `root` with `/` separators (the path itself when outside root).
pub fn relative_path(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn exclusions(root: &Path, patterns: &[String]) -> Result<Option<globset::GlobSet>, String> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let mut builder = globset::GlobSetBuilder::new();
    for pattern in patterns {
        let trimmed = pattern.trim_end_matches('/');
        for form in [trimmed.to_string(), format!("{trimmed}/**")] {
            let glob = globset::Glob::new(&form)
                .map_err(|e| format!("bad exclude pattern `{pattern}`: {e}"))?;
            builder.add(glob);
        }
    }
    builder
        .build()
        .map(Some)
        .map_err(|e| format!("bad exclude patterns under {}: {e}", root.display()))
}
