use crate::context::{chain_root, method_chain, strip_parens, Cx};
use crate::finding::{Finding, Span};
use crate::rule::{hooks, Rule};
use crate::rust::state::{built_holder, mutable_holder, MutableHolder};
use std::collections::HashMap;

crate::declare_rule! {
    /// Sessions or shared state kept in the server's memory are lost on every restart and
    /// deploy (every user is logged out), and with two replicas a user's next request lands
    /// on a process that has never seen the session: the service cannot scale out or roll.
    ///
    /// ### Fires on
    /// ```rust,ignore
    /// let layer = SessionManagerLayer::new(tower_sessions::MemoryStore::default());
    /// let sessions = Arc::new(Mutex::new(HashMap::<String, User>::new()));
    /// Router::new().route("/", get(index)).with_state(sessions);
    /// App::new().app_data(web::Data::new(DashMap::<Uuid, Cart>::new()));
    /// impl SessionStore for MySessions {                 // a hand-written memory store
    ///     async fn save(&self, record: &Record) -> Result<()> {
    ///         self.map.lock().await.insert(record.id, record.clone()); Ok(())
    ///     }
    /// }
    /// ```
    /// ### Stays silent on
    /// ```rust,ignore
    /// let layer = SessionManagerLayer::new(RedisStore::new(pool));
    /// Router::new().with_state(AppState { db: pool, http: client, config });
    /// App::new().app_data(web::Data::new(pool.clone()));
    /// ```
    pub DEF = "in_memory_session_store",
        hooks::CALL | hooks::METHOD_CALL | hooks::LOCAL | hooks::FN,
        InMemorySessionStore::default
}

/// Per function: variables bound to a mutable collection; whether the current session
/// store method was already reported.
#[derive(Default)]
pub struct InMemorySessionStore {
    functions: Vec<(HashMap<String, MutableHolder>, bool)>,
}

/// Session stores that keep every session in the process's memory.
const MEMORY_STORES: &[&str] = &[
    "tower_sessions::MemoryStore",
    "tower_sessions::memory_store::MemoryStore",
    "tower_sessions_memory_store::MemoryStore",
    "async_session::MemoryStore",
    "axum_sessions::async_session::MemoryStore",
    "poem::session::MemoryStorage",
    "rocket_session_store::memory::MemoryStore",
];

/// Session store traits whose implementation decides where sessions live.
const SESSION_STORE_TRAITS: &[&str] = &[
    "actix_session::storage::SessionStore",
    "tower_sessions::SessionStore",
    "tower_sessions::session_store::SessionStore",
    "tower_sessions_core::SessionStore",
    "tower_sessions_core::session_store::SessionStore",
    "async_session::SessionStore",
];

/// Calls that hand a value to the server as shared state (the value is the argument).
const STATE_CALLS: &[&str] = &[
    "actix_web::web::Data::new",
    "actix_web::web::Data::from",
    "axum::Extension",
    "axum::extract::Extension",
    "axum::AddExtensionLayer::new",
];

/// Methods of a router or app that take its shared state, by the crate of the chain root.
const STATE_METHODS: &[(&str, &str)] = &[
    ("axum::", "with_state"),
    ("actix_web::", "app_data"),
    ("actix_web::", "data"),
    ("rocket::", "manage"),
    ("poem::", "data"),
];

impl Rule for InMemorySessionStore {
    fn check_fn(&mut self, _cx: &mut Cx<'_>, _body: &syn::Block) {
        self.functions.push((HashMap::new(), false));
    }

    fn check_fn_post(&mut self, _cx: &mut Cx<'_>, _body: &syn::Block) {
        self.functions.pop();
    }

    fn check_local(&mut self, cx: &mut Cx<'_>, local: &syn::Local) {
        let names = crate::walk::pattern_names(&local.pat);
        let [name] = names.as_slice() else { return };
        let declared = match &local.pat {
            syn::Pat::Type(t) => mutable_holder(cx, &t.ty),
            _ => None,
        };
        let init = local.init.as_ref().map(|init| &*init.expr);
        let reported_at_init = init.is_some_and(|e| {
            matches!(strip_parens(e), syn::Expr::Call(c)
            if cx.resolve_expr(&c.func).is_some_and(|p| STATE_CALLS.contains(&p.as_str())))
        });
        if reported_at_init {
            return; // `let data = web::Data::new(map)` is reported where it is built
        }
        let holder = declared.or_else(|| init.and_then(|e| self.holder_of(cx, e)));
        if let (Some(holder), Some((vars, _))) = (holder, self.functions.last_mut()) {
            vars.insert(name.clone(), holder);
        }
    }

    fn check_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprCall, callee: &str) {
        if let Some((store, _)) = callee.rsplit_once("::") {
            if MEMORY_STORES.contains(&store) {
                let short = store.rsplit("::").next().unwrap_or(store);
                let finding = Finding::new(
                    DEF.id,
                    cx.span(call),
                    format!("sessions kept in process memory (`{short}`)"),
                    "every session is lost on restart and unknown to other replicas",
                );
                cx.report(finding);
                return;
            }
        }
        if STATE_CALLS.contains(&callee) {
            if let Some(arg) = call.args.first() {
                self.check_state_arg(cx, arg, cx.span(call));
            }
        }
    }

    fn check_method_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprMethodCall) {
        let method = call.method.to_string();
        let root = chain_root(&call.receiver);
        if STATE_METHODS.iter().any(|(_, m)| *m == method) {
            let root_path = match root {
                syn::Expr::Call(c) => cx.resolve_expr(&c.func),
                other => cx.receiver_type(other),
            };
            let framework = root_path.as_deref().is_some_and(|p| {
                STATE_METHODS
                    .iter()
                    .any(|(krate, m)| *m == method && p.starts_with(krate))
            });
            let arg = call.args.first().filter(|arg| {
                // `web::Data::new(..)` / `Extension(..)` are reported as calls.
                !matches!(strip_parens(arg), syn::Expr::Call(c)
                    if cx.resolve_expr(&c.func).is_some_and(|p| STATE_CALLS.contains(&p.as_str())))
            });
            if let (true, Some(arg)) = (framework, arg) {
                let span = cx.span_between(&call.method, call);
                self.check_state_arg(cx, arg, span);
            }
        }
        self.check_store_impl(cx, call, root);
    }
}

impl InMemorySessionStore {
    /// The mutable collection an expression builds or a tracked variable holds.
    fn holder_of(&self, cx: &Cx<'_>, expr: &syn::Expr) -> Option<MutableHolder> {
        let expr = strip_parens(expr);
        if let Some(holder) = built_holder(cx, expr) {
            return Some(holder);
        }
        let name = match expr {
            syn::Expr::MethodCall(m) if m.method == "clone" && m.args.is_empty() => {
                crate::context::ident_of(&m.receiver)?
            }
            syn::Expr::Call(c)
                if cx.resolve_expr(&c.func).is_some_and(|p| {
                    matches!(p.as_str(), "std::sync::Arc::clone" | "Arc::clone")
                }) =>
            {
                crate::context::ident_of(c.args.first()?)?
            }
            syn::Expr::Call(c)
                if cx
                    .resolve_expr(&c.func)
                    .is_some_and(|p| p == "actix_web::web::Data::new") =>
            {
                return self.holder_of(cx, c.args.first()?);
            }
            other => crate::context::ident_of(other)?,
        };
        self.functions.last()?.0.get(&name).cloned()
    }

    fn check_state_arg(&mut self, cx: &mut Cx<'_>, arg: &syn::Expr, span: Span) {
        let Some(holder) = self.holder_of(cx, arg) else {
            return;
        };
        let finding = Finding::new(
            DEF.id,
            span,
            format!(
                "a `{}` handed to the server as shared state",
                holder.describe()
            ),
            "in-memory state: lost on restart, different in every replica",
        );
        cx.report(finding);
    }

    /// A session store implemented over a field of the process (`self.map.insert(..)`).
    fn check_store_impl(&mut self, cx: &mut Cx<'_>, call: &syn::ExprMethodCall, root: &syn::Expr) {
        let in_store = cx
            .enclosing_fn()
            .and_then(|f| f.trait_path.as_deref())
            .is_some_and(|t| SESSION_STORE_TRAITS.contains(&t));
        let on_self_field = matches!(root, syn::Expr::Field(f) if matches!(&*f.base, syn::Expr::Path(p) if p.path.is_ident("self")));
        let inserts = method_chain(call)
            .first()
            .is_some_and(|m| m.method == "insert");
        let Some((_, reported)) = self.functions.last_mut() else {
            return;
        };
        if in_store && on_self_field && inserts && !*reported && cx.is_chain_top() {
            *reported = true;
            let finding = Finding::new(
                DEF.id,
                cx.span(call),
                "session store that keeps sessions in a field of the process",
                "sessions saved in memory",
            );
            cx.report(finding);
        }
    }
}
