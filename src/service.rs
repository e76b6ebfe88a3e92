//! Which code is service code, decided per binary target and per library module.
//!
//! A package often ships a server and a client side by side (`pueued` and `pueue`,
//! `mini-redis-server` and `mini-redis-cli`): deciding per package made every print of
//! the command-line client a service finding. Here each binary target, and each top-level
//! module of a library, is a unit; a unit that starts a server is a seed when some binary
//! of the workspace uses it, and service code is what the seeds name, transitively, plus
//! the binaries that run them. What a file names comes from its paths and `use`
//! statements ([`prodcheck_lints::References`]), resolved through the library root's
//! re-exports (`pub use cmd::Command;`).
//!
//! A package with a server framework dependency but no server start the analysis can
//! see is decided as a whole, as before: its binaries and the workspace libraries they
//! depend on are service code.

use crate::discover::SourceFile;
use crate::modules::{module_file, target_of};
use crate::workspace::Workspace;
use prodcheck_lints::facts::keys;
use prodcheck_lints::RustOutcome;
use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};
use std::path::{Path, PathBuf};

/// The service decision for every file and package.
pub struct ServiceScope {
    /// Per file, in the order of the discovered files.
    pub files: Vec<bool>,
    /// Per package: some of its code is service code.
    pub packages: Vec<bool>,
}

/// A unit of code whose service status is decided together.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Unit {
    /// A package with no targets (a plain directory): one unit.
    Whole,
    /// A binary (or other non-library) target and the modules it declares.
    Bin(usize),
    /// A library's root file (and files outside its module tree).
    LibRoot,
    /// A top-level item of the library root (`pub fn main`, `impl Server`, `const VERSION`).
    LibItem(String),
    /// A library's top-level module and everything under it.
    LibModule(String),
}

/// The library of one package: its top-level modules and the root's re-exports.
#[derive(Default)]
struct Library {
    modules: HashSet<String>,
    reexports: HashMap<String, String>,
}

/// Decides service code for every file; `outcomes` are the files' results, in order.
pub fn classify<'a>(
    workspace: &Workspace,
    files: &[SourceFile],
    outcomes: impl Iterator<Item = &'a RustOutcome>,
    test_only: &HashSet<PathBuf>,
) -> ServiceScope {
    let outcomes: Vec<&RustOutcome> = outcomes.collect();
    let tops = top_modules(workspace, files, &outcomes);
    let libraries = libraries(workspace, files, &outcomes, &tops);
    let mut graph = Graph::default();
    let units: Vec<usize> = files
        .iter()
        .enumerate()
        .map(|(i, file)| {
            let package = &workspace.packages[file.package];
            let unit = match target_of(package, &file.path) {
                None => Unit::Whole,
                Some(t) if !package.targets[t].is_lib() => Unit::Bin(t),
                Some(_) => tops
                    .get(&i)
                    .map_or(Unit::LibRoot, |m| Unit::LibModule(m.clone())),
            };
            graph.node(file.package, unit)
        })
        .collect();
    for (i, file) in files.iter().enumerate() {
        if test_only.contains(&file.path) {
            continue;
        }
        let from = units[i];
        let outcome = outcomes[i];
        if outcome.facts.iter().any(|f| f.key == keys::SERVER_START) {
            if workspace.packages[file.package].developer_tool {
                tracing::debug!(file = %file.path.display(), "server start not counted: a developer tool's preview or callback server");
            } else {
                graph.servers.insert(from);
            }
        }
        let is_lib_root = matches!(graph.keys[from].1, Unit::LibRoot);
        let is_lib = matches!(graph.keys[from].1, Unit::LibRoot | Unit::LibModule(_));
        // A library root's `use` statements are its re-exports: they say what the
        // library offers, not what its root code uses.
        let uses = if is_lib_root {
            &[][..]
        } else {
            &outcome.references.uses[..]
        };
        let code = outcome
            .references
            .code
            .iter()
            .map(|(item, r)| (item.as_str(), r));
        for (item, reference) in code.chain(uses.iter().map(|r| ("", r))) {
            // In the root, the item whose code names it is the unit: a reference to
            // `crate::VERSION` must not pull in everything `pub fn main` calls.
            let source = if is_lib_root && !item.is_empty() {
                let node = graph.node(file.package, Unit::LibItem(item.to_string()));
                graph.edges[node].insert(from);
                node
            } else {
                from
            };
            let targets = resolve(
                workspace,
                &libraries,
                file.package,
                is_lib,
                is_lib_root,
                reference,
            );
            for (package, unit) in targets {
                let to = graph.node(package, unit);
                if to != source {
                    graph.edges[source].insert(to);
                }
            }
        }
    }
    // A server started in a library root: which item starts it is not known, so the
    // root leads to all of its items.
    for node in 0..graph.keys.len() {
        let (package, Unit::LibRoot) = graph.keys[node].clone() else {
            continue;
        };
        if graph.servers.contains(&node) {
            let items: Vec<usize> = (0..graph.keys.len())
                .filter(|&n| {
                    graph.keys[n].0 == package && matches!(graph.keys[n].1, Unit::LibItem(_))
                })
                .collect();
            graph.edges[node].extend(items);
        }
    }
    let service = graph.service(workspace);
    let mut packages = vec![false; workspace.packages.len()];
    let files: Vec<bool> = units
        .iter()
        .zip(files)
        .map(|(&unit, file)| {
            let is_service = service.contains(&unit);
            packages[file.package] |= is_service;
            is_service
        })
        .collect();
    ServiceScope { files, packages }
}

/// The top-level library module of each library file below the root (by file index).
fn top_modules(
    workspace: &Workspace,
    files: &[SourceFile],
    outcomes: &[&RustOutcome],
) -> HashMap<usize, String> {
    let index: HashMap<&Path, usize> = files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.path.as_path(), i))
        .collect();
    let mut tops = HashMap::new();
    let mut pending: Vec<(usize, Option<String>)> = files
        .iter()
        .enumerate()
        .filter(|(_, f)| {
            let package = &workspace.packages[f.package];
            package
                .targets
                .iter()
                .any(|t| t.is_lib() && t.src_path == f.path)
        })
        .map(|(i, _)| (i, None))
        .collect();
    let mut seen = HashSet::new();
    while let Some((file, top)) = pending.pop() {
        if !seen.insert(file) {
            continue;
        }
        if let Some(top) = &top {
            tops.insert(file, top.clone());
        }
        let package = &workspace.packages[files[file].package];
        for decl in &outcomes[file].modules {
            let child = module_file(package, &files[file].path, decl)
                .and_then(|c| index.get(c.as_path()).copied());
            if let Some(child) = child {
                let child_top = top.clone().or_else(|| decl.path.first().cloned());
                pending.push((child, child_top));
            }
        }
    }
    // A file the module tree does not reach (a declaration the analysis cannot follow)
    // belongs to the top-level module whose directory holds it.
    let mut known: HashMap<usize, HashSet<String>> = HashMap::new();
    for (&file, top) in &tops {
        known
            .entry(files[file].package)
            .or_default()
            .insert(top.clone());
    }
    for (i, file) in files.iter().enumerate() {
        if seen.contains(&i) {
            continue;
        }
        let package = &workspace.packages[file.package];
        let Some(root) = package.targets.iter().find(|t| t.is_lib()) else {
            continue;
        };
        let first = root
            .src_path
            .parent()
            .and_then(|dir| file.path.strip_prefix(dir).ok())
            .and_then(|rel| rel.components().next())
            .map(|c| {
                c.as_os_str()
                    .to_string_lossy()
                    .trim_end_matches(".rs")
                    .to_string()
            });
        if let Some(first) =
            first.filter(|f| known.get(&file.package).is_some_and(|k| k.contains(f)))
        {
            tops.insert(i, first);
        }
    }
    tops
}

/// Each package's library: top-level modules and the root file's re-exports.
fn libraries(
    workspace: &Workspace,
    files: &[SourceFile],
    outcomes: &[&RustOutcome],
    tops: &HashMap<usize, String>,
) -> Vec<Library> {
    let mut libraries: Vec<Library> = workspace
        .packages
        .iter()
        .map(|_| Library::default())
        .collect();
    for top in tops
        .iter()
        .map(|(&file, top)| (files[file].package, top.clone()))
    {
        libraries[top.0].modules.insert(top.1);
    }
    for (file, outcome) in files.iter().zip(outcomes) {
        let package = &workspace.packages[file.package];
        if package
            .targets
            .iter()
            .any(|t| t.is_lib() && t.src_path == file.path)
        {
            libraries[file.package].reexports = outcome
                .references
                .top_level_imports
                .iter()
                .cloned()
                .collect();
        }
    }
    libraries
}

/// The units a two-segment reference written in `package` leads to.
fn resolve(
    workspace: &Workspace,
    libraries: &[Library],
    package: usize,
    from_lib: bool,
    from_lib_root: bool,
    reference: &str,
) -> Vec<(usize, Unit)> {
    let (head, name) = match reference.split_once("::") {
        Some((head, name)) => (head, Some(name)),
        None => (reference, None),
    };
    let library = |index: usize| -> Vec<(usize, Unit)> {
        library_units(&libraries[index], name)
            .into_iter()
            .map(|unit| (index, unit))
            .collect()
    };
    if head == "crate" {
        return if from_lib {
            library(package)
        } else {
            Vec::new()
        };
    }
    if from_lib_root && libraries[package].modules.contains(head) {
        return vec![(package, Unit::LibModule(head.to_string()))];
    }
    let own = workspace.packages[package]
        .targets
        .iter()
        .any(|t| t.is_lib())
        .then_some(package);
    let candidates = own
        .into_iter()
        .chain(workspace.packages[package].workspace_deps.iter().copied());
    for candidate in candidates {
        if crate_names(workspace, package, candidate).any(|n| n == head) {
            return library(candidate);
        }
    }
    Vec::new()
}

/// The names code in package `referrer` uses for the library of package `candidate`:
/// the library target's name, the package's name, and renames in `referrer`'s Cargo.toml.
fn crate_names<'w>(
    workspace: &'w Workspace,
    referrer: usize,
    candidate: usize,
) -> impl Iterator<Item = String> + 'w {
    let target = &workspace.packages[candidate];
    let real = target.info.name.replace('-', "_");
    let renames = workspace.packages[referrer]
        .info
        .dependencies
        .iter()
        .filter(move |(_, d)| d.name == target.info.name.replace('-', "_"))
        .map(|(alias, _)| alias.clone());
    target
        .targets
        .iter()
        .filter(|t| t.is_lib())
        .map(|t| t.info.name.replace('-', "_"))
        .chain(std::iter::once(real))
        .chain(renames)
}

/// The units of `library` that `name` (a module or a re-exported item) leads to; a glob
/// (`use mylib::*`) leads to the root and everything it re-exports.
fn library_units(library: &Library, name: Option<&str>) -> Vec<Unit> {
    let module_of = |path: &str| {
        let mut segments = path
            .split("::")
            .skip_while(|s| *s == "crate" || *s == "self");
        match segments.next() {
            Some(first) if library.modules.contains(first) => Unit::LibModule(first.to_string()),
            _ => Unit::LibRoot,
        }
    };
    match name {
        Some(name) if library.modules.contains(name) => vec![Unit::LibModule(name.to_string())],
        Some(name) => vec![library
            .reexports
            .get(name)
            .map_or_else(|| Unit::LibItem(name.to_string()), |p| module_of(p))],
        None => {
            let mut all: BTreeSet<Unit> =
                library.reexports.values().map(|p| module_of(p)).collect();
            all.insert(Unit::LibRoot);
            all.into_iter().collect()
        }
    }
}

/// Units, what each names, and which start a server.
#[derive(Default)]
struct Graph {
    keys: Vec<(usize, Unit)>,
    index: HashMap<(usize, Unit), usize>,
    edges: Vec<BTreeSet<usize>>,
    servers: HashSet<usize>,
}

impl Graph {
    fn node(&mut self, package: usize, unit: Unit) -> usize {
        let key = (package, unit);
        if let Some(&index) = self.index.get(&key) {
            return index;
        }
        self.keys.push(key.clone());
        self.edges.push(BTreeSet::new());
        self.index.insert(key, self.keys.len() - 1);
        self.keys.len() - 1
    }

    /// Units reachable from `start` (itself included).
    fn reach(&self, start: usize) -> BTreeSet<usize> {
        let mut seen = BTreeSet::from([start]);
        let mut queue = VecDeque::from([start]);
        while let Some(node) = queue.pop_front() {
            for &next in &self.edges[node] {
                if seen.insert(next) {
                    queue.push_back(next);
                }
            }
        }
        seen
    }

    /// The service units: binaries that reach a server start, and everything the
    /// server-starting units they reach name; packages decided as a whole when their
    /// server start is not visible.
    fn service(&self, workspace: &Workspace) -> HashSet<usize> {
        let mut service = HashSet::new();
        let mut seeds = Vec::new();
        for (node, (_, unit)) in self.keys.iter().enumerate() {
            if !matches!(unit, Unit::Bin(_) | Unit::Whole) {
                continue;
            }
            let servers: Vec<usize> = self
                .reach(node)
                .into_iter()
                .filter(|n| self.servers.contains(n))
                .collect();
            if !servers.is_empty() {
                tracing::info!(
                    package = %workspace.packages[self.keys[node].0].info.name,
                    unit = %self.describe(workspace, node),
                    starts_a_server_in = ?servers.iter().map(|&n| self.describe(workspace, n)).collect::<Vec<_>>(),
                    "service binary"
                );
                service.insert(node);
                seeds.extend(servers);
            }
        }
        for seed in seeds {
            service.extend(self.reach(seed));
        }
        let has_server: HashSet<usize> = self.servers.iter().map(|&n| self.keys[n].0).collect();
        let mut whole: HashSet<usize> = HashSet::new();
        for (index, package) in workspace.packages.iter().enumerate() {
            let binary = package.has_bin() || package.targets.is_empty();
            if binary
                && !has_server.contains(&index)
                && !package.developer_tool
                && package.depends_on_server_framework()
            {
                tracing::info!(
                    package = %package.info.name,
                    "service as a whole (with its workspace libraries): it depends on a server framework, and no server start was seen"
                );
                whole.insert(index);
                whole.extend(package.workspace_deps.iter().copied());
            }
        }
        for (node, (package, _)) in self.keys.iter().enumerate() {
            if whole.contains(package) {
                service.insert(node);
            }
        }
        for (node, _) in self.keys.iter().enumerate() {
            tracing::debug!(
                unit = %self.describe(workspace, node),
                service = service.contains(&node),
                starts_a_server = self.servers.contains(&node),
                names = ?self.edges[node].iter().map(|&n| self.describe(workspace, n)).collect::<Vec<_>>(),
                "unit"
            );
        }
        service
    }

    /// `package: bin <name>`, `package: lib::module`, for the log.
    fn describe(&self, workspace: &Workspace, node: usize) -> String {
        let (index, unit) = &self.keys[node];
        let package = &workspace.packages[*index];
        let name = &package.info.name;
        match unit {
            Unit::Whole => name.clone(),
            Unit::Bin(t) => format!("{name}: bin {}", package.targets[*t].info.name),
            Unit::LibRoot => format!("{name}: lib root"),
            Unit::LibItem(item) => format!("{name}: lib item {item}"),
            Unit::LibModule(module) => format!("{name}: lib::{module}"),
        }
    }
}
