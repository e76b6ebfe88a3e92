//! The `use` map: turns the names a file writes into the full paths rules match on.
//!
//! `use reqwest::Client as Http; Http::new()` resolves to `reqwest::Client::new`.
//! Each inline module has its own map (Rust 2018 modules do not inherit their parent's
//! imports); `use` statements inside blocks are pushed by the walker while it is in the
//! block. Names that cannot be resolved stay as written, so they never match a crate path.

use std::collections::{HashMap, HashSet};
use syn::{Item, UseTree};

/// The imports and local item names of one module.
#[derive(Debug, Default, Clone)]
pub struct ModuleScope {
    /// Local name -> full path.
    pub names: HashMap<String, String>,
    /// Prefixes imported with `*`.
    pub globs: Vec<String>,
    /// Items defined in this module (a local `struct Client` shadows a glob).
    pub items: HashSet<String>,
    /// Modules declared in this module (`mod db;`, `mod api { .. }`).
    pub mods: HashSet<String>,
    /// Index of the parent module, for `super::`.
    pub parent: Option<usize>,
}

/// The modules of one file, in pre-order, and the crate-level renames.
#[derive(Debug, Default, Clone)]
pub struct Imports {
    /// Module 0 is the file itself.
    pub modules: Vec<ModuleScope>,
    /// Inline modules by the position of their name: (line, column) -> index.
    pub module_at: HashMap<(usize, usize), usize>,
    /// Crates renamed in Cargo.toml or by `extern crate x as y`: alias -> crate.
    pub crate_renames: HashMap<String, String>,
    /// Crates whose macros are in scope through `#[macro_use] extern crate`.
    pub macro_use_crates: Vec<String>,
}

/// Macros of the standard prelude, resolved to `std::name`.
const STD_MACROS: &[&str] = &[
    "println",
    "print",
    "eprintln",
    "eprint",
    "dbg",
    "format",
    "format_args",
    "vec",
    "panic",
    "assert",
    "assert_eq",
    "assert_ne",
    "debug_assert",
    "debug_assert_eq",
    "debug_assert_ne",
    "write",
    "writeln",
    "todo",
    "unimplemented",
    "unreachable",
    "matches",
    "concat",
    "stringify",
    "include_str",
    "include_bytes",
    "env",
    "option_env",
    "cfg",
    "line",
    "column",
    "file",
    "module_path",
    "compile_error",
    "thread_local",
];

impl Imports {
    /// Builds the map from a file's items. `crate_renames` comes from Cargo.toml.
    pub fn collect(file: &syn::File, crate_renames: &HashMap<String, String>) -> Self {
        let mut imports = Imports {
            crate_renames: crate_renames.clone(),
            ..Imports::default()
        };
        imports.modules.push(ModuleScope::default());
        imports.collect_items(&file.items, 0);
        imports
    }

    fn collect_items(&mut self, items: &[Item], module: usize) {
        for item in items {
            match item {
                Item::Use(item_use) => {
                    let mut out = Vec::new();
                    flatten_use(&item_use.tree, String::new(), &mut out);
                    for (name, path) in out {
                        match name {
                            Some(name) => {
                                self.modules[module].names.insert(name, path);
                            }
                            None => self.modules[module].globs.push(path),
                        }
                    }
                }
                Item::ExternCrate(ext) => {
                    let krate = ext.ident.to_string();
                    if let Some((_, alias)) = &ext.rename {
                        self.crate_renames.insert(alias.to_string(), krate.clone());
                    }
                    if ext.attrs.iter().any(|a| a.path().is_ident("macro_use")) {
                        self.macro_use_crates.push(krate);
                    }
                }
                Item::Mod(m) => {
                    self.modules[module].items.insert(m.ident.to_string());
                    self.modules[module].mods.insert(m.ident.to_string());
                    if let Some((_, content)) = &m.content {
                        let index = self.modules.len();
                        self.modules.push(ModuleScope {
                            parent: Some(module),
                            ..ModuleScope::default()
                        });
                        let start = m.ident.span().start();
                        self.module_at.insert((start.line, start.column), index);
                        self.collect_items(content, index);
                    }
                }
                other => {
                    if let Some(name) = item_name(other) {
                        self.modules[module].items.insert(name);
                    }
                }
            }
        }
    }

    /// Resolves a path written in `module` with `blocks` (innermost last) in scope.
    pub fn resolve(&self, segments: &[String], module: usize, blocks: &[ModuleScope]) -> String {
        self.resolve_at_depth(segments, module, blocks, 0)
    }

    fn resolve_at_depth(
        &self,
        segments: &[String],
        module: usize,
        blocks: &[ModuleScope],
        depth: u8,
    ) -> String {
        let Some(first) = segments.first() else {
            return String::new();
        };
        let rest = &segments[1..];
        let joined = |head: &str| {
            let mut out = head.to_string();
            for seg in rest {
                out.push_str("::");
                out.push_str(seg);
            }
            out
        };
        match first.as_str() {
            "crate" | "" => {
                return self.normalize(joined(first).trim_start_matches("::").to_string())
            }
            "self" if depth < 8 => return self.resolve_at_depth(rest, module, &[], depth + 1),
            "super" if depth < 8 => {
                let parent = self.modules.get(module).and_then(|m| m.parent);
                return match parent {
                    Some(parent) => self.resolve_at_depth(rest, parent, &[], depth + 1),
                    None => joined("super"),
                };
            }
            _ => {}
        }
        let target = blocks.iter().rev().find_map(|scope| scope.names.get(first));
        let Some(scope) = self.modules.get(module) else {
            return joined(first);
        };
        if let Some(target) = target.or_else(|| scope.names.get(first)) {
            let full = joined(target);
            if depth < 8 && (full.starts_with("self::") || full.starts_with("super::")) {
                let segs: Vec<String> = full.split("::").map(str::to_string).collect();
                return self.resolve_at_depth(&segs, module, &[], depth + 1);
            }
            return self.normalize(full);
        }
        if scope.items.contains(first) || !rest.is_empty() {
            return self.normalize(joined(first));
        }
        // A single unresolved name: only a glob import can have brought it.
        let mut candidates = scope
            .globs
            .iter()
            .chain(blocks.iter().flat_map(|b| b.globs.iter()));
        if let (Some(glob), None) = (candidates.next(), candidates.next()) {
            if glob == "super" {
                if let (Some(parent), true) = (scope.parent, depth < 8) {
                    return self.resolve_at_depth(segments, parent, &[], depth + 1);
                }
            }
            return self.normalize(joined(&format!("{glob}::{first}")));
        }
        joined(first)
    }

    /// Resolves a macro name: imported, `#[macro_use]`, or from the std prelude.
    pub fn resolve_macro(
        &self,
        segments: &[String],
        module: usize,
        blocks: &[ModuleScope],
    ) -> String {
        if segments.len() == 1 {
            let name = &segments[0];
            let imported = blocks
                .iter()
                .rev()
                .chain(self.modules.get(module))
                .any(|s| s.names.contains_key(name));
            if !imported {
                if STD_MACROS.contains(&name.as_str()) {
                    return format!("std::{name}");
                }
                if let [krate] = self.macro_use_crates.as_slice() {
                    return format!("{krate}::{name}");
                }
            }
        }
        self.resolve(segments, module, blocks)
    }

    /// The first two segments of `resolved` (`crate::db::Db::new` -> `crate::db`) when it
    /// leads into this crate or one of `local_crates`; a glob's bare crate stays whole.
    pub fn local_reference<'p>(
        &self,
        resolved: &'p str,
        local_crates: &[String],
    ) -> Option<&'p str> {
        let head = crate::paths::first_segment(resolved);
        let local = head == "crate"
            || local_crates.iter().any(|c| c == head)
            || self.modules.first().is_some_and(|m| m.mods.contains(head));
        if !local {
            return None;
        }
        let end = resolved
            .match_indices("::")
            .nth(1)
            .map_or(resolved.len(), |(at, _)| at);
        Some(&resolved[..end])
    }

    /// Local references made by `use` statements, of every module of the file.
    pub fn use_references(&self, local_crates: &[String]) -> Vec<String> {
        let mut out: Vec<String> = self
            .modules
            .iter()
            .flat_map(|m| m.names.values().chain(&m.globs))
            .filter_map(|path| self.local_reference(path, local_crates))
            .map(str::to_string)
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// The names the file's top module imports from this crate, with their targets: for a
    /// library root, its re-exports (`pub use cmd::Command;` -> (`Command`, `cmd::Command`)).
    pub fn top_level_imports(&self, local_crates: &[String]) -> Vec<(String, String)> {
        let Some(top) = self.modules.first() else {
            return Vec::new();
        };
        let mut out: Vec<(String, String)> = top
            .names
            .iter()
            .filter(|(_, path)| self.local_reference(path, local_crates).is_some())
            .map(|(name, path)| (name.clone(), path.clone()))
            .collect();
        out.sort();
        out
    }

    /// Applies crate renames and folds `core`/`alloc` into `std`.
    fn normalize(&self, path: String) -> String {
        let (head, tail) = crate::paths::split_first(&path).unwrap_or((path.as_str(), ""));
        let head = match head {
            "core" | "alloc" => "std",
            other => match self.crate_renames.get(other) {
                Some(renamed) => renamed.as_str(),
                // Nothing to rename: the path as it is, without a copy.
                None => return path,
            },
        };
        if tail.is_empty() {
            head.to_string()
        } else {
            format!("{head}::{tail}")
        }
    }
}

/// The names a `use` statement inside a block brings into scope.
pub fn block_scope(item_use: &syn::ItemUse) -> ModuleScope {
    let mut scope = ModuleScope::default();
    let mut out = Vec::new();
    flatten_use(&item_use.tree, String::new(), &mut out);
    for (name, path) in out {
        match name {
            Some(name) => {
                scope.names.insert(name, path);
            }
            None => scope.globs.push(path),
        }
    }
    scope
}

/// Flattens a use tree to (bound name, full path); `None` names are globs.
fn flatten_use(tree: &UseTree, prefix: String, out: &mut Vec<(Option<String>, String)>) {
    let join = |name: &str| {
        if prefix.is_empty() {
            name.to_string()
        } else {
            format!("{prefix}::{name}")
        }
    };
    match tree {
        UseTree::Path(p) => flatten_use(&p.tree, join(&p.ident.to_string()), out),
        UseTree::Name(n) => {
            let name = n.ident.to_string();
            if name == "self" {
                let bound = prefix.rsplit("::").next().unwrap_or_default().to_string();
                out.push((Some(bound), prefix.clone()));
            } else {
                out.push((Some(name.clone()), join(&name)));
            }
        }
        UseTree::Rename(r) => {
            let alias = r.rename.to_string();
            if alias != "_" {
                let name = r.ident.to_string();
                let path = if name == "self" {
                    prefix.clone()
                } else {
                    join(&name)
                };
                out.push((Some(alias), path));
            }
        }
        UseTree::Glob(_) => out.push((None, prefix.clone())),
        UseTree::Group(g) => {
            for item in &g.items {
                flatten_use(item, prefix.clone(), out);
            }
        }
    }
}

fn item_name(item: &Item) -> Option<String> {
    let ident = match item {
        Item::Const(i) => &i.ident,
        Item::Enum(i) => &i.ident,
        Item::Fn(i) => &i.sig.ident,
        Item::Static(i) => &i.ident,
        Item::Struct(i) => &i.ident,
        Item::Trait(i) => &i.ident,
        Item::Type(i) => &i.ident,
        Item::Union(i) => &i.ident,
        Item::Macro(i) => i.ident.as_ref()?,
        _ => return None,
    };
    Some(ident.to_string())
}

/// The segments of a syn path, as strings (a leading `::` becomes an empty segment).
pub fn segments(path: &syn::Path) -> Vec<String> {
    let mut out = Vec::with_capacity(path.segments.len() + 1);
    if path.leading_colon.is_some() {
        out.push(String::new());
    }
    out.extend(path.segments.iter().map(|s| s.ident.to_string()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(src: &str, path: &str) -> String {
        let file = syn::parse_file(src).unwrap();
        let imports = Imports::collect(
            &file,
            &[("http".to_string(), "reqwest".to_string())]
                .into_iter()
                .collect(),
        );
        let segs: Vec<String> = path.split("::").map(str::to_string).collect();
        imports.resolve(&segs, 0, &[])
    }

    #[test]
    fn aliases_groups_and_renames_resolve() {
        let src = "use reqwest::{Client as Http, blocking::{self, Client as B}}; use tokio::time::*; use core::mem;";
        assert_eq!(resolve(src, "Http::new"), "reqwest::Client::new");
        assert_eq!(resolve(src, "B::new"), "reqwest::blocking::Client::new");
        assert_eq!(resolve(src, "blocking::get"), "reqwest::blocking::get");
        assert_eq!(resolve(src, "sleep"), "tokio::time::sleep");
        assert_eq!(resolve(src, "mem::forget"), "std::mem::forget");
        assert_eq!(resolve(src, "http::Client::new"), "reqwest::Client::new");
        assert_eq!(resolve(src, "::reqwest::get"), "reqwest::get");
    }

    #[test]
    fn local_items_shadow_globs() {
        let src = "use reqwest::*; struct Client; fn f() {}";
        assert_eq!(resolve(src, "Client"), "Client");
        assert_eq!(resolve(src, "get"), "reqwest::get");
    }

    #[test]
    fn inline_modules_see_super() {
        let src = "use reqwest::Client; mod inner { use super::Client as C; }";
        let file = syn::parse_file(src).unwrap();
        let imports = Imports::collect(&file, &HashMap::new());
        assert_eq!(
            imports.resolve(&["C".into(), "new".into()], 1, &[]),
            "reqwest::Client::new"
        );
        assert_eq!(imports.resolve(&["Client".into()], 1, &[]), "Client");
        let src = "use reqwest::Client; mod tests { use super::*; }";
        let file = syn::parse_file(src).unwrap();
        let imports = Imports::collect(&file, &HashMap::new());
        assert_eq!(
            imports.resolve(&["Client".into()], 1, &[]),
            "reqwest::Client"
        );
    }
}
