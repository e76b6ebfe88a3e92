//! The Rust rules, one file each, grouped by family, and the registry of them all.

pub mod database;
pub mod evidence;
pub mod lifecycle;
pub mod logging;
pub mod resources;
pub mod timeouts;

use crate::rule::RuleDef;

/// Every Rust rule, in catalogue order.
pub static RULES: &[&RuleDef] = &[
    &timeouts::http_client_without_timeout::DEF,
    &lifecycle::no_graceful_shutdown::DEF,
    &lifecycle::sigterm_not_handled::DEF,
    &logging::print_in_service::DEF,
    &resources::unbounded_channel::DEF,
    &resources::unbounded_body_read::DEF,
    &resources::thread_per_connection::DEF,
    &resources::unbounded_cache::DEF,
    &database::query_in_loop::DEF,
    &database::sql_built_with_format::DEF,
    &database::select_star::DEF,
];

/// The Rust rule declared with `id`.
pub fn rule(id: &str) -> Option<&'static RuleDef> {
    RULES.iter().copied().find(|def| def.id == id)
}
