use crate::context::Cx;
use crate::finding::Finding;
use crate::rule::{hooks, Rule, StaticItem, StaticKind};
use crate::rust::state::mutable_holder;

crate::declare_rule! {
    /// State kept in a global map lives in one process only: it is lost on every restart
    /// and deploy, each replica behind the load balancer sees a different copy, and a
    /// rolling deploy or a second instance silently splits it.
    ///
    /// ### Fires on
    /// ```rust,ignore
    /// static SESSIONS: LazyLock<Mutex<HashMap<String, User>>> = LazyLock::new(Default::default);
    /// lazy_static! { static ref CACHE: RwLock<Vec<Entry>> = RwLock::new(Vec::new()); }
    /// static JOBS: once_cell::sync::Lazy<DashMap<u64, Job>> = Lazy::new(DashMap::new);
    /// thread_local! { static SEEN: RefCell<HashSet<u64>> = RefCell::new(HashSet::new()); }
    /// static mut COUNTER: u64 = 0;                                // racy counter
    /// ```
    /// ### Stays silent on
    /// ```rust,ignore
    /// static CONFIG: OnceLock<Config> = OnceLock::new();          // set once, read-only
    /// static EMAIL: LazyLock<Regex> = LazyLock::new(|| Regex::new("..").unwrap());
    /// static REQUESTS: AtomicU64 = AtomicU64::new(0);              // a metric counter
    /// static INIT: Mutex<()> = Mutex::new(());                     // a lock, no state
    /// thread_local! { static BUF: RefCell<Vec<u8>> = RefCell::new(Vec::new()); } // scratch
    /// const LIMITS: [u32; 3] = [1, 2, 3];
    /// static mut LOGGER: &dyn Log = &NopLogger;                  // set once behind an atomic
    /// ```
    pub DEF = "global_mutable_state", hooks::STATIC, GlobalMutableState::default
}

/// No per-file state: each static is decided on its own.
#[derive(Default)]
pub struct GlobalMutableState;

impl Rule for GlobalMutableState {
    fn check_static(&mut self, cx: &mut Cx<'_>, item: &StaticItem<'_>) {
        if item.kind == StaticKind::Const {
            return;
        }
        let name = item.ident.to_string();
        let span = cx.span(item.ident);
        if item.mutable {
            // Pointers, references and handles in a `static mut` are the init-once and
            // signal-handler idioms of low-level code; counters and collections are state.
            let Some(what) = static_mut_state(cx, &name, item.ty) else {
                return;
            };
            let finding = Finding::new(
                DEF.id,
                span,
                format!("`static mut {name}` holds a {what} with no synchronisation"),
                "every thread races on this global",
            )
            .with_help("use an atomic for a counter, or keep the state in a struct passed to whoever needs it (and in a shared store when replicas must agree)");
            cx.report(finding);
            return;
        }
        let Some(holder) = mutable_holder(cx, item.ty) else {
            return;
        };
        let place = match item.kind {
            StaticKind::ThreadLocal => "thread-local",
            _ => "global",
        };
        let finding = Finding::new(
            DEF.id,
            span,
            format!(
                "{place} mutable state: `{name}` holds a `{}`",
                holder.describe()
            ),
            "lost on restart, not shared between replicas",
        );
        cx.report(finding);
    }
}

/// Integer types: a `static mut` of one is a counter every thread races on.
const INTEGERS: &[&str] = &[
    "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize",
];

/// Words in the name of an integer `static mut` that make it a counter.
const COUNTER_WORDS: &[&str] = &["COUNT", "TOTAL", "NEXT", "SEQ", "HITS", "REQUESTS", "NUM_"];

/// What a `static mut` holds when it is state: a counter or a collection (through `Option`).
fn static_mut_state(cx: &Cx<'_>, name: &str, ty: &syn::Type) -> Option<&'static str> {
    let syn::Type::Path(p) = ty else { return None };
    let path = cx.resolve(&p.path);
    if INTEGERS.contains(&path.as_str()) {
        // A flag or an FFI-visible word is not a counter; the name says which it is.
        return COUNTER_WORDS
            .iter()
            .any(|w| name.to_ascii_uppercase().contains(w))
            .then_some("counter");
    }
    if matches!(path.as_str(), "Option" | "std::option::Option") {
        let syn::PathArguments::AngleBracketed(args) = &p.path.segments.last()?.arguments else {
            return None;
        };
        let Some(syn::GenericArgument::Type(inner)) = args.args.first() else {
            return None;
        };
        return static_mut_state(cx, name, inner).filter(|w| *w == "collection");
    }
    crate::rust::state::is_collection_type(cx, ty).then_some("collection")
}
