//! The rules of `cargo prodcheck` and the engine that runs them: each Rust file is
//! parsed once and walked once, every enabled rule sees the nodes it subscribed to,
//! and what a rule cannot decide alone it leaves to package-level facts.

pub mod bounds;
pub mod catalogue;
pub mod context;
pub mod deploy;
pub mod facts;
pub mod finding;
pub mod imports;
pub mod paths;
pub mod regex;
pub mod rule;
pub mod rust;
pub mod source;
pub mod walk;

mod check;

pub use check::{
    check_rust_file, nesting_depth, FileTimings, ModDecl, References, RustFile, RustOutcome,
    MAX_NESTING,
};
pub use finding::{Finding, Level, Span};
