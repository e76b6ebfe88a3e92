//! The driver of `cargo prodcheck`: discovery, configuration, the parallel engine and
//! the reports. Every decision about code lives in the `prodcheck-lints` crate.

pub mod host;
