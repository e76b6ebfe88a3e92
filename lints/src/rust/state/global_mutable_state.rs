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
    /// static mut COUNTER: u64 = 0;
    /// ```
    /// ### Stays silent on
    /// ```rust,ignore
    /// static CONFIG: OnceLock<Config> = OnceLock::new();          // set once, read-only
    /// static EMAIL: LazyLock<Regex> = LazyLock::new(|| Regex::new("..").unwrap());
    /// static REQUESTS: AtomicU64 = AtomicU64::new(0);              // a metric counter
    /// static INIT: Mutex<()> = Mutex::new(());                     // a lock, no state
    /// thread_local! { static BUF: RefCell<Vec<u8>> = RefCell::new(Vec::new()); } // scratch
    /// const LIMITS: [u32; 3] = [1, 2, 3];
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
            let finding = Finding::new(
                DEF.id,
                span,
                format!("`static mut {name}` is unsynchronised global mutable state"),
                "mutable global",
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
