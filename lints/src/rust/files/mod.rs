//! files: how a service creates, checks, writes and keeps files, and what goes wrong
//! when another process (or an attacker) uses the same path at the same time.
//!
//! The helpers here name file-system calls by their resolved paths (std, tokio,
//! async-std) and give a path value an identity, so a rule can follow the same path
//! from a check to an open.

pub mod bufwriter_not_flushed;
pub mod exists_then_open;
pub mod file_handle_leak;
pub mod non_atomic_file_replace;
pub mod predictable_temp_path;
pub mod shared_file_without_lock;
pub mod world_writable_permissions;

pub use crate::context::mentions;
use crate::context::{chain_root, method_chain, strip_parens, Cx};
use quote::ToTokens;

/// Crates whose `fs` module mirrors `std::fs`.
const FS_MODULES: &[&str] = &[
    "std::fs",
    "tokio::fs",
    "async_std::fs",
    "fs_err",
    "fs_err::tokio",
];

/// What a file-system call does to the path it is given first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FsOp {
    /// Opens an existing file for reading (`File::open`, `fs::read_to_string`).
    Read,
    /// Lists a directory (`fs::read_dir`).
    ReadDir,
    /// Creates or truncates a file, or writes it whole (`File::create`, `fs::write`).
    Write,
    /// Creates a directory (`fs::create_dir`).
    CreateDir,
    /// Creates a directory and its parents, fine if it exists (`fs::create_dir_all`).
    CreateDirAll,
    /// Removes a file or directory.
    Remove,
    /// Renames or copies the path somewhere else.
    Move,
}

/// The operation of a resolved call (`std::fs::File::create`, `tokio::fs::write`).
pub fn fs_op(callee: &str) -> Option<FsOp> {
    let (module, func) = crate::paths::split_last(callee)?;
    let (module, func) = match module.strip_suffix("::File") {
        Some(fs) => (fs, format!("File::{func}")),
        None => (module, func.to_string()),
    };
    if !FS_MODULES.contains(&module) {
        return None;
    }
    Some(match func.as_str() {
        "File::open" | "read" | "read_to_string" => FsOp::Read,
        "read_dir" => FsOp::ReadDir,
        "File::create" | "write" => FsOp::Write,
        "create_dir" => FsOp::CreateDir,
        "create_dir_all" => FsOp::CreateDirAll,
        "remove_file" | "remove_dir" | "remove_dir_all" => FsOp::Remove,
        "rename" | "copy" | "hard_link" => FsOp::Move,
        _ => return None,
    })
}

/// The options of an `OpenOptions` chain that ends in `.open(path)`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OpenFlags {
    /// `.write(true)`.
    pub write: bool,
    /// `.append(true)`.
    pub append: bool,
    /// `.create(true)`.
    pub create: bool,
    /// `.create_new(true)`: fails when the path exists, never follows a symlink.
    pub create_new: bool,
    /// `.truncate(true)`.
    pub truncate: bool,
}

/// When `call` is `.open(path)` on a std/tokio `OpenOptions` chain, its flags.
pub fn open_options(cx: &Cx<'_>, call: &syn::ExprMethodCall) -> Option<OpenFlags> {
    if call.method != "open" || call.args.len() != 1 {
        return None;
    }
    let root_ok = match chain_root(&call.receiver) {
        syn::Expr::Call(c) => cx.resolve_expr(&c.func).is_some_and(|p| {
            let Some(ty) = p
                .strip_suffix("::OpenOptions::new")
                .or_else(|| p.strip_suffix("::File::options"))
            else {
                return false;
            };
            FS_MODULES.contains(&ty)
        }),
        other => cx
            .receiver_type(other)
            .and_then(|t| t.strip_suffix("::OpenOptions").map(str::to_string))
            .is_some_and(|m| FS_MODULES.contains(&m.as_str())),
    };
    if !root_ok {
        return None;
    }
    let mut flags = OpenFlags::default();
    for m in method_chain(call) {
        let on = match m.args.first().map(strip_parens) {
            Some(syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Bool(b),
                ..
            })) => b.value,
            _ => true,
        };
        match m.method.to_string().as_str() {
            "write" => flags.write = on,
            "append" => flags.append = on,
            "create" => flags.create = on,
            "create_new" => flags.create_new = on,
            "truncate" => flags.truncate = on,
            _ => {}
        }
    }
    Some(flags)
}

/// The identity of a path value, to follow it from a check to a use: `&p`, `p.as_path()`,
/// `Path::new(&p)`, `p.clone()` are all `p`; other expressions are compared as written.
pub fn path_key(cx: &Cx<'_>, expr: &syn::Expr) -> Option<String> {
    match strip_parens(expr) {
        syn::Expr::Reference(r) => path_key(cx, &r.expr),
        syn::Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => path_key(cx, &u.expr),
        syn::Expr::MethodCall(m)
            if m.args.is_empty()
                && matches!(
                    m.method.to_string().as_str(),
                    "as_path" | "as_ref" | "clone" | "as_std_path" | "borrow"
                ) =>
        {
            path_key(cx, &m.receiver)
        }
        syn::Expr::Call(c) if c.args.len() == 1 => {
            let callee = cx.resolve_expr(&c.func).unwrap_or_default();
            if matches!(
                callee.as_str(),
                "std::path::Path::new" | "std::path::PathBuf::from" | "camino::Utf8Path::new"
            ) {
                path_key(cx, &c.args[0])
            } else {
                Some(c.to_token_stream().to_string())
            }
        }
        syn::Expr::Lit(_) | syn::Expr::Path(_) | syn::Expr::Field(_) | syn::Expr::MethodCall(_) => {
            Some(expr.to_token_stream().to_string())
        }
        _ => None,
    }
}

/// The string value of a literal path, through `&`, `Path::new(..)`, `PathBuf::from(..)`.
pub fn literal_path(cx: &Cx<'_>, expr: &syn::Expr) -> Option<String> {
    match strip_parens(expr) {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => Some(s.value()),
        syn::Expr::Reference(r) => literal_path(cx, &r.expr),
        syn::Expr::Call(c) if c.args.len() == 1 => {
            let callee = cx.resolve_expr(&c.func)?;
            matches!(
                callee.as_str(),
                "std::path::Path::new" | "std::path::PathBuf::from" | "String::from"
            )
            .then(|| literal_path(cx, &c.args[0]))?
        }
        syn::Expr::MethodCall(m)
            if m.args.is_empty()
                && matches!(
                    m.method.to_string().as_str(),
                    "to_string" | "to_owned" | "into" | "as_ref"
                ) =>
        {
            literal_path(cx, &m.receiver)
        }
        _ => None,
    }
}

/// A path fixed in the code: its literal text, or the name of the constant holding it
/// when the constant is defined in another file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FixedPath {
    /// `"state.json"`, directly or through a local `let`/`const` of this file.
    Literal(String),
    /// `STATE_FILE`, `crate::paths::STATE_FILE`: a constant whose text is elsewhere.
    Constant(String),
}

impl FixedPath {
    /// The text of a literal or the name of a constant.
    pub fn text(&self) -> &str {
        match self {
            FixedPath::Literal(t) | FixedPath::Constant(t) => t,
        }
    }
}

/// Names bound to literal paths in a file (`const`, `static`, `let`), to tell a fixed
/// path from a configured one.
#[derive(Default)]
pub struct FixedPaths {
    names: std::collections::HashMap<String, String>,
}

impl FixedPaths {
    /// Records `const NAME: &str = "..";` and `static` items.
    pub fn record_static(&mut self, cx: &Cx<'_>, item: &crate::rule::StaticItem<'_>) {
        use crate::rule::StaticKind;
        if matches!(item.kind, StaticKind::Const | StaticKind::Static) {
            if let Some(text) = item.expr.and_then(|e| literal_path(cx, e)) {
                self.names.insert(item.ident.to_string(), text);
            }
        }
    }

    /// Records (or forgets, when shadowed by anything else) `let name = "..";`.
    pub fn record_local(&mut self, cx: &Cx<'_>, local: &syn::Local) {
        let names = crate::walk::pattern_names(&local.pat);
        let [name] = names.as_slice() else { return };
        match local.init.as_ref().and_then(|i| literal_path(cx, &i.expr)) {
            Some(text) => self.names.insert(name.clone(), text),
            None => self.names.remove(name),
        };
    }

    /// The fixed path an expression names, if it names one.
    pub fn resolve(&self, cx: &Cx<'_>, expr: &syn::Expr) -> Option<FixedPath> {
        if let Some(text) = literal_path(cx, expr) {
            return Some(FixedPath::Literal(text));
        }
        match strip_parens(expr) {
            syn::Expr::Reference(r) => self.resolve(cx, &r.expr),
            syn::Expr::Path(p) => {
                let last = p.path.segments.last()?.ident.to_string();
                if p.path.segments.len() == 1 {
                    if let Some(text) = self.names.get(&last) {
                        return Some(FixedPath::Literal(text.clone()));
                    }
                }
                is_constant_name(&last).then_some(FixedPath::Constant(last))
            }
            _ => None,
        }
    }
}

/// `SCREAMING_CASE`: the name of a constant or static.
pub fn is_constant_name(name: &str) -> bool {
    name.len() > 1
        && name.starts_with(|c: char| c.is_ascii_uppercase())
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}
