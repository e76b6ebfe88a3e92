//! The module tree, joined after the parallel phase: which files are only compiled in
//! tests (`#[cfg(test)] mod tests;`), and which target each file belongs to.

use crate::discover::SourceFile;
use crate::workspace::{Package, Workspace};
use prodcheck_lints::ModDecl;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Files reachable only through a `#[cfg(test)]` module declaration.
pub fn test_only_files<'a>(
    workspace: &Workspace,
    files: &[SourceFile],
    decls: impl Iterator<Item = &'a Vec<ModDecl>>,
) -> HashSet<PathBuf> {
    let known: HashSet<&Path> = files.iter().map(|f| f.path.as_path()).collect();
    let mut children: HashMap<PathBuf, Vec<(PathBuf, bool)>> = HashMap::new();
    for (file, decls) in files.iter().zip(decls) {
        let package = &workspace.packages[file.package];
        for decl in decls {
            if let Some(child) =
                module_file(package, &file.path, decl).filter(|c| known.contains(c.as_path()))
            {
                children
                    .entry(file.path.clone())
                    .or_default()
                    .push((child, decl.test_only));
            }
        }
    }
    let mut test_only = HashSet::new();
    let mut pending: Vec<PathBuf> = children
        .values()
        .flatten()
        .filter(|(_, test)| *test)
        .map(|(child, _)| child.clone())
        .collect();
    while let Some(file) = pending.pop() {
        if test_only.insert(file.clone()) {
            pending.extend(
                children
                    .get(&file)
                    .into_iter()
                    .flatten()
                    .map(|(child, _)| child.clone()),
            );
        }
    }
    test_only
}

/// The file a `mod` declaration in `parent` loads, if it exists.
pub(crate) fn module_file(package: &Package, parent: &Path, decl: &ModDecl) -> Option<PathBuf> {
    let dir = parent.parent()?;
    let owns_dir =
        is_crate_root(package, parent) || parent.file_name().is_some_and(|n| n == "mod.rs");
    let base = if owns_dir {
        dir.to_path_buf()
    } else {
        dir.join(parent.file_stem()?)
    };
    let (inline, name) = decl.path.split_at(decl.path.len().checked_sub(1)?);
    let mut folder = base;
    folder.extend(inline);
    if let Some(explicit) = &decl.path_attr {
        return Some(if inline.is_empty() {
            dir.join(explicit)
        } else {
            folder.join(explicit)
        });
    }
    let flat = folder.join(format!("{}.rs", name[0]));
    if flat.is_file() {
        return Some(flat);
    }
    Some(folder.join(&name[0]).join("mod.rs"))
}

fn is_crate_root(package: &Package, file: &Path) -> bool {
    if package.targets.iter().any(|t| t.src_path == file) {
        return true;
    }
    package.targets.is_empty()
        && file
            .file_name()
            .is_some_and(|n| n == "main.rs" || n == "lib.rs")
}

/// Index of the target a file belongs to: its root, else the target whose root
/// directory holds it most closely (`src/lib.rs` owns `src/**`, `src/bin/x.rs` itself).
pub fn target_of(package: &Package, file: &Path) -> Option<usize> {
    if let Some(index) = package.targets.iter().position(|t| t.src_path == file) {
        return Some(index);
    }
    package
        .targets
        .iter()
        .enumerate()
        .filter(|(_, t)| !t.is_bin() || t.src_path.file_name().is_some_and(|n| n == "main.rs"))
        .filter_map(|(i, t)| {
            t.src_path
                .parent()
                .filter(|dir| file.starts_with(dir))
                .map(|dir| (dir.components().count(), i))
        })
        .max_by_key(|(depth, i)| (*depth, usize::MAX - i))
        .map(|(_, i)| i)
}
