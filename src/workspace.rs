//! What is being analysed: the packages and targets of a Cargo workspace, read with
//! `cargo metadata --no-deps --offline` (which builds nothing, runs no build script or
//! proc macro and touches no network), or a plain directory of Rust files.

use crate::report::{PackageRef, TargetInfo};
use prodcheck_lints::context::{Dependency, PackageInfo};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Server frameworks whose presence alone makes a binary a service. hyper and tonic also
/// serve clients, so for them the code must show a server being started.
const SERVER_FRAMEWORKS: &[&str] = &[
    "axum",
    "actix_web",
    "warp",
    "rocket",
    "poem",
    "tide",
    "salvo",
    "pingora",
    "pingora_core",
    "ntex",
    "gotham",
    "trillium",
    "viz",
];

/// One target of a package.
#[derive(Debug, Clone)]
pub struct Target {
    /// cargo's description of it.
    pub info: TargetInfo,
    /// Absolute path of its root file.
    pub src_path: PathBuf,
}

impl Target {
    /// True for `bin` targets.
    pub fn is_bin(&self) -> bool {
        self.info.kind.iter().any(|k| k == "bin")
    }

    /// True for the library target (`lib`, `rlib`, `proc-macro`...).
    pub fn is_lib(&self) -> bool {
        self.info.kind.iter().any(|k| {
            matches!(
                k.as_str(),
                "lib" | "rlib" | "dylib" | "cdylib" | "staticlib" | "proc-macro"
            )
        })
    }

    /// True for targets never linted: tests, benches, build scripts, and examples unless asked.
    pub fn is_skipped(&self, include_examples: bool) -> bool {
        self.info.kind.iter().any(|k| match k.as_str() {
            "test" | "bench" | "custom-build" => true,
            "example" => !include_examples,
            _ => false,
        })
    }
}

/// One package (or the pseudo-package of a plain directory).
#[derive(Debug, Clone)]
pub struct Package {
    /// What rules know of it.
    pub info: PackageInfo,
    /// Its directory (where Cargo.toml is).
    pub root: PathBuf,
    /// Its Cargo.toml, if any.
    pub manifest: Option<PathBuf>,
    /// cargo's package id.
    pub id: String,
    /// Targets.
    pub targets: Vec<Target>,
    /// Indices of the workspace packages it depends on.
    pub workspace_deps: Vec<usize>,
    /// `[package.metadata.prodcheck]`, as JSON.
    pub metadata: serde_json::Value,
    /// Published as test support (category `development-tools::testing`, or keyword
    /// `mock`/`mocking`/`testing`: mock servers, fixtures): test code, not linted.
    pub test_support: bool,
    /// Published as a developer tool (category `development-tools`, or
    /// `command-line-utilities` with no server or network category): the servers it
    /// starts are local previews and OAuth callbacks, not production services.
    pub developer_tool: bool,
}

impl Package {
    /// True when the package has a binary target.
    pub fn has_bin(&self) -> bool {
        self.targets.iter().any(Target::is_bin)
    }

    /// True when it depends on a server framework that only servers use.
    pub fn depends_on_server_framework(&self) -> bool {
        SERVER_FRAMEWORKS
            .iter()
            .any(|fw| self.info.dependency(fw).is_some())
    }

    /// The report's view of this package for a file of `target`.
    pub fn reference(&self, target: Option<&Target>) -> Arc<PackageRef> {
        let target = target.or_else(|| self.targets.first());
        let info = target
            .map(|t| t.info.clone())
            .unwrap_or_else(|| TargetInfo {
                kind: vec!["lib".into()],
                crate_types: vec!["lib".into()],
                name: self.info.name.clone(),
                src_path: self.root.join("src/lib.rs").display().to_string(),
                edition: "2021".into(),
            });
        Arc::new(PackageRef {
            id: self.id.clone(),
            name: self.info.name.clone(),
            manifest_path: self
                .manifest
                .clone()
                .unwrap_or_else(|| self.root.join("Cargo.toml"))
                .display()
                .to_string(),
            target: info,
        })
    }
}

/// The analysed tree.
#[derive(Debug, Clone)]
pub struct Workspace {
    /// Root directory; report paths are relative to it.
    pub root: PathBuf,
    /// Packages to analyse (all members, or the one whose manifest was named).
    pub packages: Vec<Package>,
    /// `[workspace.metadata.prodcheck]`, as JSON.
    pub metadata: serde_json::Value,
    /// The workspace manifest, if any (for messages about its metadata).
    pub manifest: Option<PathBuf>,
    /// Why the tree is analysed as plain files although it has a Cargo.toml.
    pub fallback_reason: Option<String>,
}

/// Why the workspace could not be loaded at all.
#[derive(Debug)]
pub struct LoadError(pub String);

/// Loads the workspace at `path` (a directory or a Cargo.toml).
pub fn load(path: &Path, search_upwards: bool) -> Result<Workspace, LoadError> {
    let path = path
        .canonicalize()
        .map_err(|e| LoadError(format!("{}: {e}", path.display())))?;
    let manifest = if path.is_file() {
        if path.file_name().is_some_and(|n| n == "Cargo.toml") {
            Some(path.clone())
        } else {
            return Err(LoadError(format!(
                "{}: not a directory or a Cargo.toml",
                path.display()
            )));
        }
    } else {
        find_manifest(&path, search_upwards)
    };
    let Some(manifest) = manifest else {
        tracing::info!(dir = %path.display(), "no Cargo.toml: analysing the directory as plain files");
        return Ok(plain(path, None));
    };
    match cargo_metadata(&manifest) {
        Ok(metadata) => {
            let workspace = from_metadata(metadata, &manifest);
            tracing::info!(
                manifest = %manifest.display(),
                packages = workspace.packages.len(),
                "loaded the workspace with `cargo metadata`"
            );
            for package in &workspace.packages {
                tracing::debug!(
                    package = %package.info.name,
                    targets = ?package.targets.iter().map(|t| &t.info.name).collect::<Vec<_>>(),
                    local_crates = ?package.info.local_crates,
                    "package"
                );
            }
            Ok(workspace)
        }
        Err(reason) => {
            tracing::warn!(manifest = %manifest.display(), %reason, "analysing as plain files");
            let root = manifest.parent().map(Path::to_path_buf).unwrap_or(path);
            Ok(plain(root, Some(reason)).with_manifest(manifest))
        }
    }
}

impl Workspace {
    fn with_manifest(mut self, manifest: PathBuf) -> Self {
        self.manifest = Some(manifest);
        self
    }
}

fn find_manifest(dir: &Path, search_upwards: bool) -> Option<PathBuf> {
    let mut current = Some(dir);
    while let Some(d) = current {
        let candidate = d.join("Cargo.toml");
        if candidate.is_file() {
            return Some(candidate);
        }
        if !search_upwards {
            return None;
        }
        current = d.parent();
    }
    None
}

/// A directory with no usable Cargo.toml: one pseudo-package of plain Rust files.
fn plain(root: PathBuf, fallback_reason: Option<String>) -> Workspace {
    let name = root
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "root".into());
    let package = Package {
        info: PackageInfo {
            name: name.clone(),
            dependencies: HashMap::new(),
            local_crates: Vec::new(),
        },
        id: format!("path+file://{}#{name}@0.0.0", root.display()),
        root: root.clone(),
        manifest: None,
        targets: Vec::new(),
        workspace_deps: Vec::new(),
        metadata: serde_json::Value::Null,
        test_support: false,
        developer_tool: false,
    };
    Workspace {
        root,
        packages: vec![package],
        metadata: serde_json::Value::Null,
        manifest: None,
        fallback_reason,
    }
}

fn cargo_metadata(manifest: &Path) -> Result<cargo_metadata::Metadata, String> {
    let mut command = cargo_metadata::MetadataCommand::new();
    command
        .manifest_path(manifest)
        .no_deps()
        .other_options(vec!["--offline".to_string()]);
    // Run from a neutral directory: cargo reads `.cargo/config.toml` and rustup reads
    // `rust-toolchain.toml` from the current directory, and the analysed project's copies
    // of those (custom rustc, wrappers, toolchains) must never run.
    command.current_dir(std::env::temp_dir());
    command.exec().map_err(|err| match err {
        cargo_metadata::Error::CargoMetadata { stderr } => stderr
            .lines()
            .find(|l| l.starts_with("error"))
            .unwrap_or(stderr.trim())
            .to_string(),
        other => other.to_string(),
    })
}

fn from_metadata(metadata: cargo_metadata::Metadata, manifest: &Path) -> Workspace {
    let root: PathBuf = metadata.workspace_root.clone().into();
    let members: Vec<&cargo_metadata::Package> = metadata.workspace_packages();
    // `cargo prodcheck` in a member's directory checks that member, as cargo does.
    let selected: Vec<&cargo_metadata::Package> =
        match members.iter().find(|p| p.manifest_path == manifest) {
            Some(p) if manifest != root.join("Cargo.toml") => vec![*p],
            _ => members.clone(),
        };
    let names: HashMap<String, usize> = selected
        .iter()
        .enumerate()
        .map(|(i, p)| (p.name.to_string().replace('-', "_"), i))
        .collect();
    let mut packages: Vec<Package> = selected.iter().map(|p| package_from(p, &names)).collect();
    link_local_crates(&mut packages);
    Workspace {
        root,
        packages,
        metadata: metadata.workspace_metadata.clone(),
        manifest: Some(metadata.workspace_root.join("Cargo.toml").into()),
        fallback_reason: None,
    }
}

/// Fills each package's `local_crates`: the names its code uses for its own library and
/// for the libraries of its workspace dependencies (the library target's name, the
/// package's name and any rename in Cargo.toml).
fn link_local_crates(packages: &mut [Package]) {
    let lib_names: Vec<Vec<String>> = packages
        .iter()
        .map(|p| {
            let mut names = vec![p.info.name.replace('-', "_")];
            names.extend(
                p.targets
                    .iter()
                    .filter(|t| t.is_lib())
                    .map(|t| t.info.name.replace('-', "_")),
            );
            names
        })
        .collect();
    for (index, package) in packages.iter_mut().enumerate() {
        let mut local: Vec<String> = Vec::new();
        if package.targets.iter().any(Target::is_lib) {
            local.extend(lib_names[index].iter().cloned());
        }
        for &dep in &package.workspace_deps {
            let names = &lib_names[dep];
            local.extend(names.iter().cloned());
            local.extend(
                package
                    .info
                    .dependencies
                    .iter()
                    .filter(|(_, d)| names.contains(&d.name))
                    .map(|(alias, _)| alias.clone()),
            );
        }
        local.sort();
        local.dedup();
        package.info.local_crates = local;
    }
}

fn package_from(package: &cargo_metadata::Package, workspace: &HashMap<String, usize>) -> Package {
    let mut dependencies = HashMap::new();
    let mut workspace_deps = Vec::new();
    for dep in &package.dependencies {
        if dep.kind == cargo_metadata::DependencyKind::Development {
            continue;
        }
        let real = dep.name.replace('-', "_");
        let alias = dep
            .rename
            .as_deref()
            .map(|r| r.replace('-', "_"))
            .unwrap_or_else(|| real.clone());
        if let (Some(&index), true) = (workspace.get(&real), dep.path.is_some()) {
            workspace_deps.push(index);
        }
        dependencies.insert(
            alias,
            Dependency {
                name: real,
                features: dep.features.clone(),
            },
        );
    }
    let root: PathBuf = package
        .manifest_path
        .parent()
        .map(|p| p.to_path_buf().into())
        .unwrap_or_default();
    let targets = package
        .targets
        .iter()
        .map(|t| Target {
            info: TargetInfo {
                kind: t.kind.iter().map(|k| k.to_string()).collect(),
                crate_types: t.crate_types.iter().map(|k| k.to_string()).collect(),
                name: t.name.clone(),
                src_path: t.src_path.to_string(),
                edition: t.edition.as_str().to_string(),
            },
            src_path: t.src_path.clone().into(),
        })
        .collect();
    Package {
        info: PackageInfo {
            name: package.name.to_string(),
            dependencies,
            local_crates: Vec::new(),
        },
        root,
        manifest: Some(package.manifest_path.clone().into()),
        id: package.id.repr.clone(),
        targets,
        workspace_deps,
        metadata: package.metadata.clone(),
        developer_tool: is_developer_tool(&package.categories),
        test_support: package
            .categories
            .iter()
            .any(|c| c == "development-tools::testing")
            || package
                .keywords
                .iter()
                .any(|k| matches!(k.as_str(), "mock" | "mocking" | "testing")),
    }
}

/// A developer tool by its crates.io categories: `development-tools` (and its
/// subcategories, test support apart), or a command-line utility with no server,
/// network or database category (`mdbook`-style previews, `sccache`'s OAuth callback).
fn is_developer_tool(categories: &[String]) -> bool {
    let has = |prefix: &str| categories.iter().any(|c| c.starts_with(prefix));
    let serves = has("web-programming")
        || has("network-programming")
        || has("database")
        || has("email")
        || has("multimedia");
    let dev = categories
        .iter()
        .any(|c| c.starts_with("development-tools") && c != "development-tools::testing");
    !serves && (dev || has("command-line-utilities"))
}
