//! regex: patterns that do not compile, or that a backtracking engine can spend forever on.

pub mod invalid_regex;

use crate::regex::Engine;

/// The engine a pattern-taking constructor compiles for (`regex::Regex::new` -> `Regex`).
pub fn constructor_engine(callee: &str) -> Option<Engine> {
    const CONSTRUCTORS: &[&str] = &[
        "Regex::new",
        "bytes::Regex::new",
        "RegexBuilder::new",
        "bytes::RegexBuilder::new",
    ];
    let (krate, rest) = callee.split_once("::")?;
    CONSTRUCTORS
        .contains(&rest)
        .then(|| Engine::from_crate_name(krate))
        .flatten()
}
