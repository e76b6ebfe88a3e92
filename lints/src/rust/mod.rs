//! The Rust rules, one file each, grouped by family, and the registry of them all.

pub mod evidence;
pub mod lifecycle;
pub mod logging;
pub mod timeouts;

use crate::rule::RuleDef;

/// Every Rust rule, in catalogue order.
pub static RULES: &[&RuleDef] = &[
    &timeouts::http_client_without_timeout::DEF,
    &lifecycle::no_graceful_shutdown::DEF,
    &lifecycle::sigterm_not_handled::DEF,
    &logging::print_in_service::DEF,
    // lifecycle and logging (issue 3)
    &lifecycle::process_exit_skips_cleanup::DEF,
    &lifecycle::unwrap_in_request_path::DEF,
    &logging::sync_unbuffered_log_writer::DEF,
    &logging::no_logger_initialized::DEF,
    &logging::verbose_default_log_level::DEF,
    &logging::log_file_without_rotation::DEF,
];

/// The Rust rule declared with `id`.
pub fn rule(id: &str) -> Option<&'static RuleDef> {
    RULES.iter().copied().find(|def| def.id == id)
}
