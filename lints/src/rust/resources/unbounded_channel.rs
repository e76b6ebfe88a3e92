use crate::context::{Cx, Usage};
use crate::finding::{Finding, Span};
use crate::rule::{hooks, Rule};

crate::declare_rule! {
    /// An unbounded channel has no backpressure: when the consumer is slower than the
    /// producers (a slow database, a burst of traffic), the queue grows until the OOM
    /// killer ends the process, and every queued message is lost with it.
    ///
    /// ### Fires on
    /// ```rust,ignore
    /// let (tx, rx) = tokio::sync::mpsc::unbounded_channel::<Event>();
    /// let (tx, rx) = crossbeam_channel::unbounded();
    /// let (tx, rx) = std::sync::mpsc::channel();         // std's channel is unbounded
    /// let (tx, rx) = flume::unbounded();
    /// ```
    /// ### Stays silent on
    /// ```rust,ignore
    /// let (tx, rx) = tokio::sync::mpsc::channel::<Event>(1024);
    /// let (tx, rx) = std::sync::mpsc::sync_channel(64);
    /// let (tx, rx) = std::sync::mpsc::channel();         // one reply: a single `recv`
    /// std::thread::spawn(move || tx.send(work()));
    /// let answer = rx.recv()?;
    /// let (config_tx, config_rx) = mpsc::unbounded_channel(); // control plane: reloads
    /// let (done_tx, done_rx) = mpsc::channel::<()>();         // a signal, not a queue
    /// let (tx, rx) = mpsc::channel();                         // file events from a watcher
    /// let watcher = notify::recommended_watcher(tx)?;
    /// ```
    /// Only service code is checked.
    pub DEF = "unbounded_channel", hooks::FN | hooks::LOCAL | hooks::CALL | hooks::PATH, UnboundedChannel::default
}

/// Channels bound to `let (tx, rx)` in the current function, decided at its end.
#[derive(Default)]
pub struct UnboundedChannel {
    functions: Vec<Vec<Tracked>>,
    /// The `let` being visited declares a channel of `()`: a signal, not a queue.
    unit_payload: bool,
}

struct Tracked {
    sender: String,
    receiver: String,
    /// The sender is handed to a file watcher (`notify`): events come at the pace of
    /// file changes, a control plane.
    watcher: bool,
    span: Span,
    callee: &'static str,
    /// Uses of the receiver: single receives outside loops, and any other use.
    single_receives: usize,
    other_uses: usize,
}

/// Unbounded channel constructors and their bounded counterparts.
const UNBOUNDED: &[(&str, &str)] = &[
    (
        "tokio::sync::mpsc::unbounded_channel",
        "tokio::sync::mpsc::channel(capacity)",
    ),
    (
        "crossbeam_channel::unbounded",
        "crossbeam_channel::bounded(capacity)",
    ),
    (
        "crossbeam::channel::unbounded",
        "crossbeam::channel::bounded(capacity)",
    ),
    (
        "std::sync::mpsc::channel",
        "std::sync::mpsc::sync_channel(capacity)",
    ),
    ("flume::unbounded", "flume::bounded(capacity)"),
    (
        "async_channel::unbounded",
        "async_channel::bounded(capacity)",
    ),
    (
        "async_std::channel::unbounded",
        "async_std::channel::bounded(capacity)",
    ),
    (
        "futures::channel::mpsc::unbounded",
        "futures::channel::mpsc::channel(capacity)",
    ),
    (
        "futures_channel::mpsc::unbounded",
        "futures_channel::mpsc::channel(capacity)",
    ),
    ("kanal::unbounded", "kanal::bounded(capacity)"),
    ("kanal::unbounded_async", "kanal::bounded_async(capacity)"),
];

/// Words naming a control-plane channel (a config reload, a shutdown, a completion):
/// a handful of messages in the life of the process, never a queue of work.
const CONTROL_WORDS: &[&str] = &[
    "config", "reload", "shutdown", "signal", "stop", "wait", "done", "exit", "ready", "watch",
    "ctrl", "control",
];

/// Words in the name of a function or type that owns only control channels.
const CONTROL_OWNERS: &[&str] = &["config", "reload", "shutdown", "signal"];

/// True when a channel's variables or its function name it as a control channel.
fn is_control_channel(cx: &Cx<'_>, names: &[String]) -> bool {
    let function = cx.enclosing_fn();
    let owner = function.map(|f| f.name.as_str()).into_iter().chain(
        function
            .and_then(|f| f.self_ty.as_deref())
            .and_then(|t| t.rsplit("::").next()),
    );
    let named = |name: &str, words: &[&str]| {
        let lower = name.to_ascii_lowercase();
        words.iter().any(|w| lower.contains(w))
    };
    names.iter().any(|n| named(n, CONTROL_WORDS))
        || owner.into_iter().any(|o| named(o, CONTROL_OWNERS))
}

/// Crates whose watchers take a channel's sender for file events.
const FILE_WATCHERS: &[&str] = &[
    "notify::",
    "notify_debouncer_mini::",
    "notify_debouncer_full::",
];

/// Receiver methods that take one message.
const SINGLE_RECEIVE: &[&str] = &[
    "recv",
    "recv_timeout",
    "recv_deadline",
    "recv_async",
    "try_recv",
];

impl Rule for UnboundedChannel {
    fn check_fn(&mut self, _cx: &mut Cx<'_>, _body: &syn::Block) {
        self.functions.push(Vec::new());
    }

    fn check_fn_post(&mut self, cx: &mut Cx<'_>, _body: &syn::Block) {
        for tracked in self.functions.pop().unwrap_or_default() {
            let one_reply = tracked.other_uses == 0 && tracked.single_receives == 1;
            if !one_reply && !tracked.watcher {
                cx.report(finding(tracked.span, tracked.callee));
            }
        }
    }

    fn check_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprCall, callee: &str) {
        let Some(&(path, _)) = UNBOUNDED.iter().find(|(p, _)| *p == callee) else {
            return;
        };
        let span = cx.span(call);
        let unit = std::mem::take(&mut self.unit_payload) || turbofish_unit(&call.func);
        if let Usage::Let(names) = cx.value_usage() {
            if unit || is_control_channel(cx, names) {
                return;
            }
        }
        match (cx.value_usage(), self.functions.last_mut()) {
            (Usage::Let(names), Some(tracked)) if names.len() == 2 && names[1] != "_" => {
                tracked.push(Tracked {
                    sender: names[0].clone(),
                    receiver: names[1].clone(),
                    watcher: false,
                    span,
                    callee: path,
                    single_receives: 0,
                    other_uses: 0,
                });
            }
            _ => cx.report(finding(span, path)),
        }
    }

    fn check_local(&mut self, _cx: &mut Cx<'_>, local: &syn::Local) {
        self.unit_payload = match &local.pat {
            syn::Pat::Type(t) => has_unit_argument(&t.ty),
            _ => false,
        };
    }

    fn check_path(&mut self, cx: &mut Cx<'_>, expr: &syn::ExprPath) {
        // Every path expression comes here: nothing tracked, nothing to look up.
        if self.functions.last().is_none_or(Vec::is_empty) || expr.path.segments.len() != 1 {
            return;
        }
        let name = expr.path.segments[0].ident.to_string();
        let single = matches!(cx.usage(), Usage::Receiver(m) if SINGLE_RECEIVE.contains(&m.as_str()))
            && !cx.in_loop();
        let to_watcher = cx.usages().any(|u| {
            matches!(u, Usage::Arg(callee) if FILE_WATCHERS.iter().any(|w| callee.starts_with(w)))
        });
        let Some(functions) = self.functions.last_mut() else {
            return;
        };
        if to_watcher {
            if let Some(tracked) = functions.iter_mut().rev().find(|t| t.sender == name) {
                tracked.watcher = true;
            }
        }
        let Some(tracked) = functions.iter_mut().rev().find(|t| t.receiver == name) else {
            return;
        };
        if single {
            tracked.single_receives += 1;
        } else {
            tracked.other_uses += 1;
        }
    }
}

/// `channel::<()>()`.
fn turbofish_unit(func: &syn::Expr) -> bool {
    let syn::Expr::Path(p) = crate::context::strip_parens(func) else {
        return false;
    };
    p.path.segments.last().is_some_and(|s| match &s.arguments {
        syn::PathArguments::AngleBracketed(args) => args.args.iter().any(
            |a| matches!(a, syn::GenericArgument::Type(syn::Type::Tuple(t)) if t.elems.is_empty()),
        ),
        _ => false,
    })
}

/// `(Sender<()>, Receiver<()>)`: a type with `()` as a generic argument.
fn has_unit_argument(ty: &syn::Type) -> bool {
    match ty {
        syn::Type::Tuple(t) => t.elems.iter().any(has_unit_argument),
        syn::Type::Path(p) => p.path.segments.iter().any(|s| {
            match &s.arguments {
            syn::PathArguments::AngleBracketed(args) => args.args.iter().any(|a| {
                matches!(a, syn::GenericArgument::Type(syn::Type::Tuple(t)) if t.elems.is_empty())
            }),
            _ => false,
        }
        }),
        _ => false,
    }
}

fn finding(span: Span, callee: &str) -> Finding {
    let bounded = UNBOUNDED
        .iter()
        .find(|(p, _)| *p == callee)
        .map_or("a bounded channel", |(_, b)| b);
    let short = callee.rsplit("::").take(2).collect::<Vec<_>>();
    let name = format!("{}::{}", short.get(1).unwrap_or(&""), short[0]);
    Finding::new(
        DEF.id,
        span,
        format!("unbounded channel `{name}` in service code"),
        "no backpressure: the queue grows until the OOM killer",
    )
    .with_help(format!(
        "use `{bounded}` so producers wait (or shed load) when the consumer falls behind"
    ))
}
