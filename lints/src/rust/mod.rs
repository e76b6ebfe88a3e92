//! The Rust rules, one file each, grouped by family, and the registry of them all.

pub mod evidence;
pub mod lifecycle;
pub mod logging;
pub mod retries;
pub mod timeouts;

use crate::rule::RuleDef;

/// Every Rust rule, in catalogue order.
pub static RULES: &[&RuleDef] = &[
    &timeouts::http_client_without_timeout::DEF,
    &lifecycle::no_graceful_shutdown::DEF,
    &lifecycle::sigterm_not_handled::DEF,
    &logging::print_in_service::DEF,
    // timeouts and retries
    &timeouts::tcp_connect_without_timeout::DEF,
    &timeouts::db_pool_without_timeout::DEF,
    &timeouts::server_without_request_timeout::DEF,
    &timeouts::blocking_call_in_async::DEF,
    &retries::unbounded_retry_loop::DEF,
    &retries::retry_without_backoff::DEF,
    &retries::retry_policy_unbounded::DEF,
];

/// The Rust rule declared with `id`.
pub fn rule(id: &str) -> Option<&'static RuleDef> {
    RULES.iter().copied().find(|def| def.id == id)
}
