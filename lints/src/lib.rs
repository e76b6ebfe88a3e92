//! The rules of `cargo prodcheck` and the engine that runs them: each Rust file is
//! parsed once and walked once, every enabled rule sees the nodes it subscribed to,
//! and what a rule cannot decide alone it leaves to package-level facts.

pub mod catalogue;
pub mod facts;
pub mod finding;
pub mod imports;
pub mod regex;
pub mod source;

pub use finding::{Finding, Level, Span};
