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

/// Lists the Rust files of every package, each once, sorted by relative path.
pub fn rust_files(
    workspace: &Workspace,
    options: &DiscoverOptions,
) -> Result<Vec<SourceFile>, String> {
    let excluded = exclusions(&workspace.root, &options.exclude)?;
    let package_roots: HashSet<PathBuf> =
        workspace.packages.iter().map(|p| p.root.clone()).collect();
    let mut files = Vec::new();
    for (index, package) in workspace.packages.iter().enumerate() {
        let bin_roots: HashSet<&Path> = package
            .targets
            .iter()
            .filter(|t| t.is_bin())
            .map(|t| t.src_path.as_path())
            .collect();
        let skipped_roots: Vec<PathBuf> = package
            .targets
            .iter()
            .filter(|t| t.is_skipped(options.include_examples))
            .map(|t| t.src_path.clone())
            .collect();
        let own_root = package.root.clone();
        let mut skip_dirs: Vec<PathBuf> = TEST_DIRS.iter().map(|d| own_root.join(d)).collect();
        if !options.include_examples {
            skip_dirs.push(own_root.join("examples"));
        }
        let nested = package_roots.clone();
        let walker = ignore::WalkBuilder::new(&own_root)
            .hidden(true)
            .git_ignore(true)
            .git_exclude(true)
            .require_git(false)
            .follow_links(false)
            .filter_entry(move |entry| {
                let path = entry.path();
                if !entry.file_type().is_some_and(|t| t.is_dir()) || path == own_root {
                    return true;
                }
                let name = entry.file_name().to_string_lossy();
                let other_project = path.join("Cargo.toml").is_file() && !nested.contains(path);
                let other_member = nested.contains(path);
                !(SKIPPED_DIRS.contains(&name.as_ref())
                    || skip_dirs.iter().any(|d| d == path)
                    || other_project
                    || other_member)
            })
            .build();
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                Err(err) => return Err(format!("walking {}: {err}", package.root.display())),
            };
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "rs")
                || entry.file_type().is_some_and(|t| t.is_dir())
            {
                continue;
            }
            if path == package.root.join("build.rs") || skipped_roots.iter().any(|r| r == path) {
                continue;
            }
            let relative = relative_path(&workspace.root, path);
            if excluded.as_ref().is_some_and(|set| set.is_match(&relative)) {
                continue;
            }
            let is_bin_root = bin_roots.contains(path)
                || (package.targets.is_empty() && is_conventional_bin(path, &package.root));
            files.push(SourceFile {
                path: path.to_path_buf(),
                relative,
                package: index,
                is_bin_root,
            });
        }
    }
    files.sort_by(|a, b| a.relative.cmp(&b.relative));
    files.dedup_by(|a, b| a.relative == b.relative);
    Ok(files)
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
