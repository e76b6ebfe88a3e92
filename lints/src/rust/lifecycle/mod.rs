//! lifecycle: how the process starts, stops and dies.

pub mod no_graceful_shutdown;
pub mod process_exit_skips_cleanup;
pub mod sigterm_not_handled;
pub mod unwrap_in_request_path;
