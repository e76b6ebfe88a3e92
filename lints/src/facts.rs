//! Package-level facts: what one file knows that another file's finding depends on.
//!
//! Files are analysed in parallel and cannot see each other. A rule that needs the
//! whole package ("is SIGTERM handled anywhere?") records a [`Fact`] where it sees
//! the evidence and attaches a [`Condition`] to the finding it would report. After the
//! parallel phase the driver gathers the facts of each package (and of the workspace
//! packages it depends on) and keeps a finding only when its condition holds.

use std::collections::{HashMap, HashSet};

/// Well-known fact keys, shared by the rules that write and read them.
pub mod keys {
    /// A logger or tracing subscriber is initialized. Value: empty.
    pub const LOGGER_INIT: &str = "logger_init";
    /// The function named in the value initializes a logger in its body.
    pub const LOGGER_INIT_FN: &str = "logger_init_fn";
    /// SIGTERM is handled somewhere (tokio `SignalKind::terminate`, signal-hook, ...).
    pub const HANDLES_SIGTERM: &str = "handles_sigterm";
    /// SIGINT is handled somewhere (`tokio::signal::ctrl_c`, `ctrlc`, `SignalKind::interrupt`):
    /// enough for an image whose `STOPSIGNAL` is SIGINT.
    pub const HANDLES_SIGINT: &str = "handles_sigint";
    /// The package's image stops it with a signal other than SIGTERM that its code
    /// handles (`STOPSIGNAL SIGINT`): added by the join with the deployment files.
    pub const STOPPED_BY_HANDLED_SIGNAL: &str = "stopped_by_handled_signal";
    /// A server is started or connections are accepted: evidence of service code.
    /// Value: what was seen (`axum::serve`, `TcpListener::accept`, ...).
    pub const SERVER_START: &str = "server_start";
    /// The process raises its own open-files limit (`rlimit::increase_nofile_limit`, ...).
    pub const RAISES_NOFILE: &str = "raises_nofile";
    /// A server drains for at most this many seconds on shutdown (value: the number).
    pub const SHUTDOWN_TIMEOUT: &str = "shutdown_timeout";
    /// The function named in the value is registered as a request handler.
    pub const ROUTE_HANDLER: &str = "route_handler";
    /// The function named in the value runs per request or event (called from a
    /// handler, a spawned task, an event loop); [`super::derive`] extends it to callees.
    pub const RUNTIME_FN: &str = "runtime_fn";
    /// The function named in the value runs per request: called from a request handler
    /// (or registered as one), directly or through other functions ([`super::derive`]).
    /// Narrower than [`RUNTIME_FN`], which also counts event and timer loops.
    pub const REQUEST_FN: &str = "request_fn";
    /// A call edge of the package, by function name: `caller\tcallee`.
    pub const CALLS: &str = "calls";
    /// The function named in the value is run by `block_on` on a current-thread runtime
    /// that a dedicated thread builds for it.
    pub const DEDICATED_ROOT: &str = "dedicated_root";
    /// The function named in the value runs only on such a dedicated runtime (derived):
    /// blocking there holds up no other task.
    pub const DEDICATED_ONLY: &str = "dedicated_only";
}

/// Adds the facts that follow from others across the package: every function called,
/// transitively by name, from one that runs per request or event runs so too; and the
/// functions that run only on a dedicated thread's own runtime.
pub fn derive(facts: &mut HashSet<Fact>) {
    let mut callees: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut callers: HashMap<&str, Vec<&str>> = HashMap::new();
    for fact in facts.iter().filter(|f| f.key == keys::CALLS) {
        if let Some((caller, callee)) = fact.value.split_once('\t') {
            callees.entry(caller).or_default().push(callee);
            callers.entry(callee).or_default().push(caller);
        }
    }
    let named = |key: &str| -> HashSet<&str> {
        facts
            .iter()
            .filter(|f| f.key == key)
            .map(|f| f.value.as_str())
            .collect()
    };
    let runtime = reach(&callees, named(keys::RUNTIME_FN));
    let mut request_roots = named(keys::REQUEST_FN);
    request_roots.extend(named(keys::ROUTE_HANDLER));
    let request = reach(&callees, request_roots);
    // Reached from a dedicated runtime, and called from nowhere else: a function loses
    // its place when any caller outside the set calls it (a handler, `main`, a task).
    let mut dedicated = reach(&callees, named(keys::DEDICATED_ROOT));
    loop {
        let outside: Vec<&str> = dedicated
            .iter()
            .copied()
            .filter(|f| {
                callers
                    .get(f)
                    .is_some_and(|cs| cs.iter().any(|c| !dedicated.contains(c)))
            })
            .collect();
        if outside.is_empty() {
            break;
        }
        for f in outside {
            dedicated.remove(f);
        }
    }
    let derived: Vec<Fact> = runtime
        .into_iter()
        .map(|f| Fact::named(keys::RUNTIME_FN, f))
        .chain(
            dedicated
                .into_iter()
                .map(|f| Fact::named(keys::DEDICATED_ONLY, f)),
        )
        .chain(
            request
                .into_iter()
                .map(|f| Fact::named(keys::REQUEST_FN, f)),
        )
        .collect();
    facts.extend(derived);
}

/// Every function reached from `roots` through `callees`, the roots included.
fn reach<'f>(
    callees: &HashMap<&'f str, Vec<&'f str>>,
    roots: HashSet<&'f str>,
) -> HashSet<&'f str> {
    let mut reached = roots;
    let mut pending: Vec<&str> = reached.iter().copied().collect();
    while let Some(function) = pending.pop() {
        for &callee in callees.get(function).into_iter().flatten() {
            if reached.insert(callee) {
                pending.push(callee);
            }
        }
    }
    reached
}

/// One thing a file knows, as a key and an optional value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fact {
    /// One of [`keys`].
    pub key: &'static str,
    /// A name qualifying the key (a function name), or empty.
    pub value: String,
}

impl Fact {
    /// A fact with no value.
    pub fn flag(key: &'static str) -> Self {
        Fact {
            key,
            value: String::new(),
        }
    }

    /// A fact about a named thing.
    pub fn named(key: &'static str, value: impl Into<String>) -> Self {
        Fact {
            key,
            value: value.into(),
        }
    }
}

/// A predicate over the facts of a package, evaluated after the parallel phase.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Condition {
    /// The package has this fact.
    Has(Fact),
    /// The condition does not hold.
    Not(Box<Condition>),
    /// At least one holds (false when empty).
    Any(Vec<Condition>),
    /// All hold (true when empty).
    All(Vec<Condition>),
}

impl Condition {
    /// The package has the flag `key`.
    pub fn has(key: &'static str) -> Self {
        Condition::Has(Fact::flag(key))
    }

    /// The package has `key` with `value`.
    pub fn has_named(key: &'static str, value: impl Into<String>) -> Self {
        Condition::Has(Fact::named(key, value))
    }

    /// The negation of `self`.
    pub fn negate(self) -> Self {
        Condition::Not(Box::new(self))
    }

    /// Evaluates the condition against a set of facts.
    pub fn holds(&self, facts: &HashSet<Fact>) -> bool {
        match self {
            Condition::Has(fact) => facts.contains(fact),
            Condition::Not(inner) => !inner.holds(facts),
            Condition::Any(all) => all.iter().any(|c| c.holds(facts)),
            Condition::All(all) => all.iter().all(|c| c.holds(facts)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_combine() {
        let facts: HashSet<Fact> = [
            Fact::flag(keys::LOGGER_INIT),
            Fact::named(keys::ROUTE_HANDLER, "index"),
        ]
        .into_iter()
        .collect();
        assert!(Condition::has(keys::LOGGER_INIT).holds(&facts));
        assert!(!Condition::has(keys::HANDLES_SIGTERM).holds(&facts));
        assert!(Condition::has(keys::HANDLES_SIGTERM).negate().holds(&facts));
        assert!(Condition::has_named(keys::ROUTE_HANDLER, "index").holds(&facts));
        assert!(!Condition::has_named(keys::ROUTE_HANDLER, "other").holds(&facts));
        assert!(!Condition::Any(vec![]).holds(&facts));
        assert!(Condition::All(vec![]).holds(&facts));
    }
}
