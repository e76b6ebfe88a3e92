//! The driver of `cargo prodcheck`: discovery, configuration, the parallel engine and
//! the reports. Every decision about code lives in the `prodcheck-lints` crate.

pub mod baseline;
pub mod cargo_check;
pub mod catalogue_cmd;
pub mod cli;
pub mod config;
mod deploy;
pub mod discover;
pub mod engine;
pub mod host;
pub mod modules;
pub mod report;
pub mod service;
pub mod timings;
pub mod workspace;
