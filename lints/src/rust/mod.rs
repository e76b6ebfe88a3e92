//! The Rust rules, one file each, grouped by family, and the registry of them all.

pub mod call_graph;
pub mod database;
pub mod evidence;
pub mod files;
pub mod lifecycle;
pub mod logging;
pub mod regex;
pub mod repeated;
pub mod resources;
pub mod retries;
pub mod server;
pub mod state;
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
    &state::global_mutable_state::DEF,
    &state::in_memory_session_store::DEF,
    &state::fire_and_forget_task::DEF,
    &files::predictable_temp_path::DEF,
    &files::exists_then_open::DEF,
    &files::shared_file_without_lock::DEF,
    &files::bufwriter_not_flushed::DEF,
    &files::non_atomic_file_replace::DEF,
    &files::file_handle_leak::DEF,
    &resources::unbounded_channel::DEF,
    &resources::unbounded_body_read::DEF,
    &resources::thread_per_connection::DEF,
    &resources::unbounded_cache::DEF,
    &database::query_in_loop::DEF,
    &database::sql_built_with_format::DEF,
    &database::select_star::DEF,
    // timeouts and retries
    &timeouts::tcp_connect_without_timeout::DEF,
    &timeouts::db_pool_without_timeout::DEF,
    &timeouts::server_without_request_timeout::DEF,
    &timeouts::blocking_call_in_async::DEF,
    &retries::unbounded_retry_loop::DEF,
    &retries::retry_without_backoff::DEF,
    &retries::retry_policy_unbounded::DEF,
    &regex::invalid_regex::DEF,
    &regex::catastrophic_regex::DEF,
    &regex::regex_compiled_in_loop::DEF,
    &regex::untrusted_regex_unbounded::DEF,
    &regex::regex_match_unwrapped::DEF,
    &files::world_writable_permissions::DEF,
    &resources::permissive_cors::DEF,
    &resources::http_client_per_request::DEF,
    &state::atomic_check_then_act::DEF,
    &resources::busy_wait_loop::DEF,
    // logging (issue 10)
    &logging::error_silently_discarded::DEF,
    &logging::no_request_tracing::DEF,
];

/// The Rust rule declared with `id`.
pub fn rule(id: &str) -> Option<&'static RuleDef> {
    RULES.iter().copied().find(|def| def.id == id)
}
