use crate::context::{strip_parens, Cx, Usage};
use crate::facts::{Condition, Fact};
use crate::finding::{Finding, Span};
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
    /// let state = AppState { seen: Arc::new(Mutex::new(HashMap::new())) }; // app state
    /// Router::new().with_state(state);      // and handlers only `state.seen.lock().insert(..)`
    /// ```
    /// ### Stays silent on
    /// ```rust,ignore
    /// static CACHE: LazyLock<Mutex<LruCache<u64, Profile>>> = ..;          // lru, moka, quick_cache
    /// static SESSIONS: LazyLock<DashMap<Uuid, Session>> = ..;
    /// fn logout(id: &Uuid) { SESSIONS.remove(id); }                         // entries leave
    /// static CODES: LazyLock<HashMap<&str, u16>> = LazyLock::new(|| ..);    // filled once
    /// ```
    /// Inserts and removals are joined across every file of the package (app-state maps by
    /// field name: a removal from any field of that name keeps it silent).
    pub DEF = "unbounded_cache",
        hooks::FN | hooks::LOCAL | hooks::STATIC | hooks::METHOD_CALL | hooks::CALL | hooks::STRUCT_LIT,
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
    /// Per function: state structs bound to a variable, with their map fields, until the
    /// variable is handed to the server as app state.
    states: Vec<HashMap<String, Vec<(String, Span)>>>,
}

/// Calls and methods that hand a value to a server as state shared by every request.
const STATE_SINKS: &[&str] = &[
    "axum::Extension",
    "axum::extract::Extension",
    "actix_web::web::Data::new",
    ".with_state",
    ".app_data",
    ".manage",
    ".data",
];

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
        self.states.push(HashMap::new());
    }

    fn check_fn_post(&mut self, _cx: &mut Cx<'_>, _body: &syn::Block) {
        self.aliases.pop();
        self.states.pop();
    }

    fn check_static(&mut self, cx: &mut Cx<'_>, item: &StaticItem<'_>) {
        if item.kind == StaticKind::Const || !holds_map(cx, item.ty, item.mutable) {
            return;
        }
        let name = item.ident.to_string();
        report(cx, cx.span(item.ident), &name, name.clone());
    }

    fn check_struct_lit(&mut self, cx: &mut Cx<'_>, expr: &syn::ExprStruct, _path: &str) {
        let fields: Vec<(String, Span)> = expr
            .fields
            .iter()
            .filter_map(|f| match &f.member {
                syn::Member::Named(name) if builds_shared_map(cx, &f.expr) => {
                    Some((name.to_string(), cx.span(f)))
                }
                _ => None,
            })
            .collect();
        if fields.is_empty() {
            return;
        }
        // `AppState { .. }`, possibly in `Arc::new(..)`, handed to the server or bound.
        let mut bound = None;
        let mut to_server = false;
        for usage in cx.usages() {
            match usage {
                Usage::Arg(callee) if callee == "std::sync::Arc::new" || callee == "Arc::new" => {}
                Usage::Arg(callee) => {
                    to_server = STATE_SINKS.contains(&callee.as_str());
                    break;
                }
                Usage::Let(names) if names.len() == 1 => {
                    bound = Some(names[0].clone());
                    break;
                }
                _ => break,
            }
        }
        if to_server {
            report_fields(cx, fields);
        } else if let (Some(var), Some(states)) = (bound, self.states.last_mut()) {
            states.insert(var, fields);
        }
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
        if STATE_SINKS.contains(&format!(".{method}").as_str()) {
            self.handed_to_server(cx, &call.args);
        }
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
        if STATE_SINKS.contains(&callee) {
            self.handed_to_server(cx, &call.args);
        }
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
    /// Reports the map fields of a state variable given to the server (`with_state(state)`,
    /// `web::Data::new(state.clone())`, `Extension(Arc::new(state))`).
    fn handed_to_server(
        &mut self,
        cx: &mut Cx<'_>,
        args: &syn::punctuated::Punctuated<syn::Expr, syn::Token![,]>,
    ) {
        for arg in args {
            let mut value = strip_parens(arg);
            loop {
                match value {
                    syn::Expr::Call(c) if c.args.len() == 1 => value = strip_parens(&c.args[0]),
                    syn::Expr::MethodCall(m) if m.method == "clone" => {
                        value = strip_parens(&m.receiver)
                    }
                    syn::Expr::Reference(r) => value = strip_parens(&r.expr),
                    _ => break,
                }
            }
            let Some(var) = crate::context::ident_of(value) else {
                continue;
            };
            if let Some(fields) = self.states.last_mut().and_then(|s| s.remove(&var)) {
                report_fields(cx, fields);
            }
        }
    }

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
        if let syn::Expr::Field(f) = expr {
            return match &f.member {
                syn::Member::Named(name) => Some(format!("field:{name}")),
                syn::Member::Unnamed(_) => None,
            };
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

/// Reports a long-lived map, kept only if the package inserts into it and never removes.
fn report(cx: &mut Cx<'_>, span: Span, shown: &str, key: String) {
    let finding = Finding::new(
        DEF.id,
        span,
        format!("`{shown}` is a process-wide map that is only ever inserted into"),
        "grows with every new key until the OOM killer",
    )
    .when(Condition::All(vec![
        Condition::has_named(GROWS, key.clone()),
        Condition::has_named(SHRINKS, key).negate(),
    ]));
    cx.report(finding);
}

/// Reports the map fields of app state (facts about fields are keyed `field:NAME`).
fn report_fields(cx: &mut Cx<'_>, fields: Vec<(String, Span)>) {
    for (name, span) in fields {
        report(cx, span, &name, format!("field:{name}"));
    }
}

/// `Arc::new(Mutex::new(HashMap::new()))`, `DashMap::new()`: a map that request handlers
/// can change through shared state (a plain `HashMap` cannot be changed there).
fn builds_shared_map(cx: &Cx<'_>, expr: &syn::Expr) -> bool {
    let mut expr = strip_parens(expr);
    let mut locked = false;
    loop {
        let syn::Expr::Call(call) = expr else {
            return false;
        };
        let Some(callee) = cx.resolve_expr(&call.func) else {
            return false;
        };
        let Some((ty, func)) = callee.rsplit_once("::") else {
            return false;
        };
        if MAPS.contains(&ty) {
            return matches!(func, "new" | "default" | "with_capacity")
                && (locked || ty.starts_with("dashmap::"));
        }
        if !WRAPPERS.contains(&ty) || func != "new" || call.args.len() != 1 {
            return false;
        }
        locked |= ["Mutex", "RwLock"].iter().any(|w| ty.ends_with(w));
        expr = strip_parens(&call.args[0]);
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
