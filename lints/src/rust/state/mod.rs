//! state: what a process keeps in memory, and what is lost when it restarts or is
//! one of several replicas.

pub mod atomic_check_then_act;
pub mod fire_and_forget_task;
pub mod global_mutable_state;
pub mod in_memory_session_store;

use crate::context::Cx;

/// Locks and cells whose content can be changed through a shared reference.
const LOCKS: &[&str] = &[
    "std::sync::Mutex",
    "std::sync::RwLock",
    "std::cell::RefCell",
    "parking_lot::Mutex",
    "parking_lot::RwLock",
    "parking_lot::ReentrantMutex",
    "tokio::sync::Mutex",
    "tokio::sync::RwLock",
    "futures::lock::Mutex",
    "async_lock::Mutex",
    "async_lock::RwLock",
    "async_std::sync::Mutex",
    "async_std::sync::RwLock",
    "spin::Mutex",
    "spin::RwLock",
];

/// Maps that are mutated through a shared reference with no lock around them.
const CONCURRENT_MAPS: &[&str] = &[
    "dashmap::DashMap",
    "dashmap::DashSet",
    "scc::HashMap",
    "scc::HashSet",
    "flurry::HashMap",
    "papaya::HashMap",
    "chashmap::CHashMap",
];

/// Collections: where per-user or per-request state accumulates.
const COLLECTIONS: &[&str] = &[
    "std::collections::HashMap",
    "std::collections::HashSet",
    "std::collections::BTreeMap",
    "std::collections::BTreeSet",
    "std::collections::VecDeque",
    "std::collections::LinkedList",
    "std::collections::BinaryHeap",
    "std::collections::hash_map::HashMap",
    "std::vec::Vec",
    "Vec",
    "hashbrown::HashMap",
    "hashbrown::HashSet",
    "indexmap::IndexMap",
    "indexmap::IndexSet",
    "lru::LruCache",
    "slab::Slab",
    "ahash::AHashMap",
    "ahash::AHashSet",
    "fnv::FnvHashMap",
    "rustc_hash::FxHashMap",
    "rustc_hash::FxHashSet",
];

/// Wrappers looked through: lazy initialisation, sharing, optionality.
const TRANSPARENT: &[&str] = &[
    "std::sync::LazyLock",
    "std::sync::OnceLock",
    "std::cell::OnceCell",
    "std::cell::LazyCell",
    "once_cell::sync::Lazy",
    "once_cell::sync::OnceCell",
    "once_cell::unsync::Lazy",
    "once_cell::unsync::OnceCell",
    "tokio::sync::OnceCell",
    "std::sync::Arc",
    "std::rc::Rc",
    "std::boxed::Box",
    "std::option::Option",
    "Arc",
    "Rc",
    "Box",
    "Option",
];

/// What a type holds that makes it mutable shared state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MutableHolder {
    /// A lock or cell around a collection: `(lock, collection)` short names.
    Locked(String, String),
    /// A concurrent map (`DashMap`).
    Concurrent(String),
}

impl MutableHolder {
    /// How the holder reads in a message: `Mutex<HashMap>`, `DashMap`.
    pub fn describe(&self) -> String {
        match self {
            MutableHolder::Locked(lock, collection) => format!("{lock}<{collection}>"),
            MutableHolder::Concurrent(map) => map.clone(),
        }
    }
}

fn short(path: &str) -> String {
    path.rsplit("::").next().unwrap_or(path).to_string()
}

/// The resolved path of a type and its generic type arguments.
fn type_parts<'t>(cx: &Cx<'_>, ty: &'t syn::Type) -> Option<(String, Vec<&'t syn::Type>)> {
    match ty {
        syn::Type::Reference(r) => type_parts(cx, &r.elem),
        syn::Type::Paren(p) => type_parts(cx, &p.elem),
        syn::Type::Group(g) => type_parts(cx, &g.elem),
        syn::Type::Path(p) if p.qself.is_none() => {
            let path = cx.resolve(&p.path);
            let args = match &p.path.segments.last()?.arguments {
                syn::PathArguments::AngleBracketed(a) => a
                    .args
                    .iter()
                    .filter_map(|arg| match arg {
                        syn::GenericArgument::Type(t) => Some(t),
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            };
            Some((path, args))
        }
        _ => None,
    }
}

/// Byte buffers: a `Vec` of them is a pool of reusable buffers, not state.
const BUFFERS: &[&str] = &["u8", "bytes::BytesMut", "bytes::Bytes"];

/// True for a collection type (a `Vec<u8>` is a byte buffer and a `Vec<BytesMut>` a
/// buffer pool, not collections of state).
fn is_collection(cx: &Cx<'_>, path: &str, args: &[&syn::Type]) -> bool {
    if !COLLECTIONS.contains(&path) {
        return false;
    }
    let is_buffer = |ty: &syn::Type| {
        type_parts(cx, ty).is_some_and(|(inner, inner_args)| {
            BUFFERS.contains(&inner.as_str())
                || (matches!(inner.as_str(), "Vec" | "std::vec::Vec")
                    && inner_args
                        .first()
                        .is_some_and(|t| type_parts(cx, t).is_some_and(|(e, _)| e == "u8")))
        })
    };
    let buffers = matches!(path, "Vec" | "std::vec::Vec" | "std::collections::VecDeque")
        && args.first().is_some_and(|t| is_buffer(t));
    !buffers
}

/// The mutable collection a type holds (`LazyLock<Mutex<HashMap<..>>>`,
/// `Arc<DashMap<..>>`, `RefCell<Vec<..>>`), looking through lazy and sharing wrappers.
pub fn mutable_holder(cx: &Cx<'_>, ty: &syn::Type) -> Option<MutableHolder> {
    let (path, args) = type_parts(cx, ty)?;
    if TRANSPARENT.contains(&path.as_str()) {
        return mutable_holder(cx, args.first()?);
    }
    if CONCURRENT_MAPS.contains(&path.as_str()) {
        return Some(MutableHolder::Concurrent(short(&path)));
    }
    if LOCKS.contains(&path.as_str()) {
        let mut inner = *args.first()?;
        loop {
            let (inner_path, inner_args) = type_parts(cx, inner)?;
            if TRANSPARENT.contains(&inner_path.as_str()) {
                inner = inner_args.first()?;
                continue;
            }
            return is_collection(cx, &inner_path, &inner_args)
                .then(|| MutableHolder::Locked(short(&path), short(&inner_path)));
        }
    }
    None
}

/// The mutable collection an expression builds (`Arc::new(Mutex::new(HashMap::new()))`,
/// `DashMap::new()`, `Default::default()` is not enough: the type is unknown).
pub fn built_holder(cx: &Cx<'_>, expr: &syn::Expr) -> Option<MutableHolder> {
    let syn::Expr::Call(call) = crate::context::strip_parens(expr) else {
        return None;
    };
    let callee = cx.resolve_expr(&call.func)?;
    let (ty, func) = callee.rsplit_once("::")?;
    if TRANSPARENT.contains(&ty) && func == "new" {
        return built_holder(cx, call.args.first()?);
    }
    if CONCURRENT_MAPS.contains(&ty) {
        return Some(MutableHolder::Concurrent(short(ty)));
    }
    if LOCKS.contains(&ty) && func == "new" {
        let inner = call.args.first()?;
        let syn::Expr::Call(inner_call) = crate::context::strip_parens(inner) else {
            return None;
        };
        let inner_callee = cx.resolve_expr(&inner_call.func)?;
        let (inner_ty, _) = inner_callee.rsplit_once("::")?;
        return is_collection(cx, inner_ty, &[])
            .then(|| MutableHolder::Locked(short(ty), short(inner_ty)));
    }
    None
}

/// True for a collection type where state accumulates (`HashMap<..>`, `Vec<Session>`).
pub fn is_collection_type(cx: &Cx<'_>, ty: &syn::Type) -> bool {
    type_parts(cx, ty).is_some_and(|(path, args)| is_collection(cx, &path, &args))
}
