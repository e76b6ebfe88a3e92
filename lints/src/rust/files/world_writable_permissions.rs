use crate::context::{strip_parens, Cx};
use crate::finding::Finding;
use crate::rule::{hooks, Rule, StaticItem};
use std::collections::HashMap;

crate::declare_rule! {
    /// A file or directory any local user can write is one any compromised process on the
    /// host can rewrite: configs swapped, binaries replaced, sockets hijacked, logs forged.
    /// Modes with the other-writable bit (`0o777`, `0o666`, `0o772`) hand that away.
    ///
    /// ### Fires on
    /// ```rust,ignore
    /// use std::os::unix::fs::PermissionsExt;
    /// std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o777))?;
    /// perms.set_mode(0o666);
    /// unsafe { libc::chmod(path.as_ptr(), 0o777) };
    /// ```
    /// ### Stays silent on
    /// ```rust,ignore
    /// std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755))?;
    /// perms.set_mode(0o600);
    /// DirBuilder::new().mode(0o777).create(&spool)?;   // a creation mode: the umask applies
    /// OpenOptions::new().create(true).mode(0o666).open(&log)?;   // std's own default
    /// ```
    /// Only modes set exactly are judged (`set_permissions`, `set_mode`, `chmod`): a mode
    /// given at creation (`DirBuilderExt::mode`, `OpenOptionsExt::mode`, `open(2)`,
    /// `mkdir(2)`) is filtered by the process umask, and `0o666`/`0o777` are the defaults
    /// every program creates with. The mode must be an integer literal (or a `const` of
    /// this file, or an `|` of those); `.set_mode` counts only with `PermissionsExt` in
    /// scope (the call does not compile without it).
    /// A sticky world-writable directory (`0o1777`) is flagged too: any user can still
    /// create files in it under names a service may predict.
    pub DEF = "world_writable_permissions",
        hooks::CALL | hooks::METHOD_CALL | hooks::STATIC,
        WorldWritablePermissions::default
}

/// Integer constants of the file, by name.
#[derive(Default)]
pub struct WorldWritablePermissions {
    constants: HashMap<String, u64>,
}

/// Calls whose mode argument (by index) sets permission bits.
const MODE_CALLS: &[(&str, usize)] = &[
    ("std::fs::Permissions::from_mode", 0),
    ("std::os::unix::fs::PermissionsExt::from_mode", 0),
    ("libc::chmod", 1),
    ("libc::fchmod", 1),
    ("libc::fchmodat", 2),
];

impl Rule for WorldWritablePermissions {
    fn check_static(&mut self, _cx: &mut Cx<'_>, item: &StaticItem<'_>) {
        if let Some(value) = item.expr.and_then(|e| self.mode_value(e)) {
            self.constants.insert(item.ident.to_string(), value);
        }
    }

    fn check_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprCall, callee: &str) {
        let index = MODE_CALLS
            .iter()
            .find(|(path, _)| *path == callee)
            .map(|(_, index)| *index);
        let from_mode_with_trait = callee.ends_with("::from_mode")
            && callee.split("::").count() > 1
            && trait_in_scope(cx, "PermissionsExt");
        let Some(index) = index.or(from_mode_with_trait.then_some(0)) else {
            return;
        };
        if let Some(arg) = call.args.iter().nth(index) {
            self.check_mode(cx, arg);
        }
    }

    fn check_method_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprMethodCall) {
        if call.method == "set_mode" && trait_in_scope(cx, "PermissionsExt") {
            if let Some(arg) = call.args.first() {
                self.check_mode(cx, arg);
            }
        }
    }
}

impl WorldWritablePermissions {
    fn check_mode(&self, cx: &mut Cx<'_>, arg: &syn::Expr) {
        let Some(mode) = self.mode_value(arg) else {
            return;
        };
        if mode & 0o002 == 0 {
            return;
        }
        let finding = Finding::new(
            DEF.id,
            cx.span(arg),
            format!("mode {mode:#o} lets any user on the host write here"),
            "other-writable permission bits",
        )
        .with_help(format!(
            "drop the other-write bit: `{:#o}` (use a group the service shares for shared access)",
            mode & !0o022
        ));
        cx.report(finding);
    }

    /// The value of an integer literal, a constant of this file, or an `|` of those.
    fn mode_value(&self, expr: &syn::Expr) -> Option<u64> {
        match strip_parens(expr) {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Int(int),
                ..
            }) => int.base10_parse::<u64>().ok(),
            syn::Expr::Binary(b) if matches!(b.op, syn::BinOp::BitOr(_)) => {
                Some(self.mode_value(&b.left)? | self.mode_value(&b.right)?)
            }
            syn::Expr::Path(p) => p
                .path
                .get_ident()
                .and_then(|i| self.constants.get(&i.to_string()).copied()),
            syn::Expr::Cast(c) => self.mode_value(&c.expr),
            _ => None,
        }
    }
}

/// True when the Unix extension trait `name` is imported in this file: by name (the use
/// map), or anonymously (`use std::os::unix::fs::PermissionsExt as _;`, which the use
/// map does not bind) or through a glob of `std::os::unix::fs` or the Unix prelude.
fn trait_in_scope(cx: &Cx<'_>, name: &str) -> bool {
    let Ok(path) = syn::parse_str::<syn::Path>(name) else {
        return false;
    };
    let resolved = cx.resolve(&path);
    let imported = resolved == format!("std::os::unix::fs::{name}")
        || resolved == format!("std::os::unix::prelude::{name}");
    let text = cx.text;
    imported
        || (text.contains("std::os::unix") && text.contains(name))
        || text.contains("std::os::unix::fs::*")
        || text.contains("std::os::unix::prelude::*")
}
