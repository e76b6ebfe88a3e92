use crate::context::{strip_parens, Cx};
use crate::facts::{Condition, Fact};
use crate::finding::Finding;
use crate::rule::{hooks, Rule, StaticItem, StaticKind};
use std::collections::HashMap;

crate::declare_rule! {
    /// A map that lives as long as the process and is only ever inserted into is a
    /// memory leak with a key space chosen by the traffic: every new user, URL or session
    /// id adds an entry, memory climbs for days, and the OOM killer restarts the service.
    ///
    /// ### Fires on
    /// ```rust,ignore
    /// static SEEN: LazyLock<Mutex<HashMap<String, Instant>>> = LazyLock::new(Default::default);
    /// fn remember(id: String) {
    ///     SEEN.lock().unwrap().insert(id, Instant::now());   // and nothing ever removes
    /// }
    /// lazy_static! { static ref CACHE: DashMap<u64, Profile> = DashMap::new(); }
    /// ```
    /// ### Stays silent on
    /// ```rust,ignore
    /// static CACHE: LazyLock<Mutex<LruCache<u64, Profile>>> = ..;          // lru, moka, quick_cache
    /// static SESSIONS: LazyLock<DashMap<Uuid, Session>> = ..;
    /// fn logout(id: &Uuid) { SESSIONS.remove(id); }                         // entries leave
    /// static CODES: LazyLock<HashMap<&str, u16>> = LazyLock::new(|| ..);    // filled once
    /// ```
    /// Inserts and removals are joined across every file of the package.
    pub DEF = "unbounded_cache",
        hooks::FN | hooks::LOCAL | hooks::STATIC | hooks::METHOD_CALL | hooks::CALL,
        UnboundedCache::default
}

/// A long-lived map named in the value gains entries somewhere in the package.
const GROWS: &str = "unbounded_cache.grows";
/// A long-lived map named in the value loses entries (or is capped) somewhere.
const SHRINKS: &str = "unbounded_cache.shrinks";

/// Per function: local names that alias a static (`let mut map = CACHE.lock().unwrap()`).
#[derive(Default)]
pub struct UnboundedCache {
    aliases: Vec<HashMap<String, String>>,
}

/// Map and set types that grow with every new key (resolved paths).
const MAPS: &[&str] = &[
    "std::collections::HashMap",
    "std::collections::BTreeMap",
    "std::collections::HashSet",
    "std::collections::BTreeSet",
    "std::collections::hash_map::HashMap",
    "hashbrown::HashMap",
    "hashbrown::HashSet",
    "indexmap::IndexMap",
    "indexmap::IndexSet",
    "dashmap::DashMap",
    "dashmap::DashSet",
    "ahash::AHashMap",
    "rustc_hash::FxHashMap",
    "fxhash::FxHashMap",
    "fnv::FnvHashMap",
];
/// Types a map may sit in without changing what it is.
const WRAPPERS: &[&str] = &[
    "std::sync::Mutex",
    "std::sync::RwLock",
    "std::sync::Arc",
    "std::sync::LazyLock",
    "std::sync::OnceLock",
    "std::cell::RefCell",
    "std::cell::OnceCell",
    "once_cell::sync::Lazy",
    "once_cell::sync::OnceCell",
    "once_cell::unsync::Lazy",
    "parking_lot::Mutex",
    "parking_lot::RwLock",
    "tokio::sync::Mutex",
    "tokio::sync::RwLock",
    "Option",
    "std::option::Option",
    "Box",
    "std::boxed::Box",
    "Arc",
];
/// Methods that add entries.
const GROW: &[&str] = &[
    "insert",
    "entry",
    "extend",
    "get_or_insert_with",
    "try_insert",
    "append",
];
/// Methods that remove entries or bound the map.
const SHRINK: &[&str] = &[
    "remove",
    "remove_entry",
    "retain",
    "clear",
    "drain",
    "pop_first",
    "pop_last",
    "swap_remove",
    "shift_remove",
    "truncate",
    "split_off",
    "len",
    "take",
    "alter",
];
/// Methods that only reach the map inside a guard or cell.
const ACCESS: &[&str] = &[
    "lock",
    "read",
    "write",
    "borrow",
    "borrow_mut",
    "get_mut",
    "unwrap",
    "expect",
    "deref",
    "deref_mut",
    "get_or_init",
    "get_or_insert_with",
    "blocking_lock",
    "blocking_write",
    "as_mut",
];

impl Rule for UnboundedCache {
    fn check_fn(&mut self, _cx: &mut Cx<'_>, _body: &syn::Block) {
        self.aliases.push(HashMap::new());
    }

    fn check_fn_post(&mut self, _cx: &mut Cx<'_>, _body: &syn::Block) {
        self.aliases.pop();
    }

    fn check_static(&mut self, cx: &mut Cx<'_>, item: &StaticItem<'_>) {
        if item.kind == StaticKind::Const || !holds_map(cx, item.ty, item.mutable) {
            return;
        }
        let name = item.ident.to_string();
        let finding = Finding::new(
            DEF.id,
            cx.span(item.ident),
            format!("`{name}` is a process-wide map that is only ever inserted into"),
            "grows with every new key until the OOM killer",
        )
        .when(Condition::All(vec![
            Condition::has_named(GROWS, name.clone()),
            Condition::has_named(SHRINKS, name).negate(),
        ]));
        cx.report(finding);
    }

    fn check_local(&mut self, _cx: &mut Cx<'_>, local: &syn::Local) {
        let names = crate::walk::pattern_names(&local.pat);
        let (Some(init), [name]) = (&local.init, names.as_slice()) else {
            return;
        };
        let target = self.map_name(&init.expr);
        if let Some(aliases) = self.aliases.last_mut() {
            match target {
                Some(target) => aliases.insert(name.clone(), target),
                None => aliases.remove(name),
            };
        }
    }

    fn check_method_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprMethodCall) {
        let method = call.method.to_string();
        // `CACHE.with(|map| map.borrow_mut().insert(..))` (thread_local)
        if matches!(method.as_str(), "with" | "with_borrow_mut" | "with_borrow") {
            if let (Some(target), Some(syn::Expr::Closure(c))) = (
                self.map_name(&call.receiver),
                call.args.first().map(strip_parens),
            ) {
                let names: Vec<String> = c
                    .inputs
                    .iter()
                    .flat_map(crate::walk::pattern_names)
                    .collect();
                if let (Some(aliases), [param]) = (self.aliases.last_mut(), names.as_slice()) {
                    aliases.insert(param.clone(), target);
                }
            }
            return;
        }
        let key = if GROW.contains(&method.as_str()) {
            GROWS
        } else if SHRINK.contains(&method.as_str()) {
            SHRINKS
        } else {
            return;
        };
        if let Some(name) = self.map_name(&call.receiver) {
            cx.fact(Fact::named(key, name));
        }
    }

    fn check_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprCall, callee: &str) {
        // `std::mem::take(&mut *CACHE.lock())` empties it.
        if matches!(
            callee,
            "std::mem::take" | "std::mem::replace" | "std::mem::swap"
        ) {
            for arg in &call.args {
                if let Some(name) = self.map_name(arg) {
                    cx.fact(Fact::named(SHRINKS, name));
                }
            }
        }
    }
}

impl UnboundedCache {
    /// The static a receiver reaches (`CACHE.lock().unwrap()`, `&*CACHE`, an alias of it).
    fn map_name(&self, expr: &syn::Expr) -> Option<String> {
        let mut expr = strip_parens(expr);
        loop {
            match expr {
                syn::Expr::MethodCall(m) if ACCESS.contains(&m.method.to_string().as_str()) => {
                    expr = strip_parens(&m.receiver)
                }
                syn::Expr::Reference(r) => expr = strip_parens(&r.expr),
                syn::Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => {
                    expr = strip_parens(&u.expr)
                }
                syn::Expr::Try(t) => expr = strip_parens(&t.expr),
                syn::Expr::Await(a) => expr = strip_parens(&a.base),
                _ => break,
            }
        }
        let syn::Expr::Path(p) = expr else {
            return None;
        };
        let name = p.path.segments.last()?.ident.to_string();
        if p.path.segments.len() == 1 {
            if let Some(target) = self.aliases.last().and_then(|a| a.get(&name)) {
                return Some(target.clone());
            }
        }
        is_static_name(&name).then_some(name)
    }
}

/// SCREAMING_CASE, as statics are named.
fn is_static_name(name: &str) -> bool {
    name.chars().any(|c| c.is_ascii_uppercase())
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// True when a static's type is a map or set, possibly inside locks, cells and lazies,
/// with something that lets it change (a lock, a cell, or a concurrent map).
fn holds_map(cx: &Cx<'_>, ty: &syn::Type, static_mut: bool) -> bool {
    let mut ty = ty;
    let mut mutable = static_mut;
    loop {
        let syn::Type::Path(p) = ty else { return false };
        let full = cx.resolve(&p.path);
        if MAPS.contains(&full.as_str()) {
            return mutable || full.starts_with("dashmap::");
        }
        if !WRAPPERS.contains(&full.as_str()) {
            return false;
        }
        mutable |= ["Mutex", "RwLock", "RefCell"]
            .iter()
            .any(|w| full.ends_with(w));
        let Some(syn::PathArguments::AngleBracketed(args)) =
            p.path.segments.last().map(|s| &s.arguments)
        else {
            return false;
        };
        let Some(syn::GenericArgument::Type(inner)) = args.args.first() else {
            return false;
        };
        ty = inner;
    }
}
