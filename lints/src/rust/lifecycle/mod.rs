//! lifecycle: how the process starts, stops and dies.

pub mod no_graceful_shutdown;
pub mod sigterm_not_handled;
