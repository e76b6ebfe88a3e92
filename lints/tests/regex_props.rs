//! Random patterns never make the regex analysis panic or run long, whatever the
//! engine; and a pattern the linear engines accept is never reported for them.

use prodcheck_lints::regex::{analyze, parse, Budget, Engine, Verdict};
use proptest::prelude::*;
use std::time::{Duration, Instant};

/// Pieces that make patterns with every construct the parsers know, valid or not.
const TOKENS: &[&str] = &[
    "a", "b", "ab", ".", r"\d", r"\w", r"\s", "[a-c]", "[^b]", "(", ")", "(?:", "(?>", "(?=",
    "(?!", "(?<=", "(?<n>", "|", "*", "+", "?", "*?", "++", "{2}", "{1,3}", "{0,}", "{2,40}", "^",
    "$", r"\b", r"\1", r"\k<n>", "(?i)", r"\", "[", "]", "{",
];

/// Mostly well-formed patterns (a random tree), some token soup to hit the errors.
fn pattern() -> impl Strategy<Value = String> {
    prop_oneof![4 => tree(), 1 => soup()]
}

fn soup() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(TOKENS), 0..24).prop_map(|t| t.concat())
}

fn tree() -> impl Strategy<Value = String> {
    let leaf = proptest::sample::select(
        &[
            "a", "b", "ab", ".", r"\d", r"\w", r"\s", "[a-c]", "[^b]", "^", "$", r"\b", r"\1", "",
        ][..],
    )
    .prop_map(str::to_string);
    leaf.prop_recursive(5, 40, 4, |inner| {
        let quantifiers = &["*", "+", "?", "*?", "++", "{2}", "{1,3}", "{0,}", "{2,40}"][..];
        let groups = &["(", "(?:", "(?>", "(?=", "(?!", "(?<="][..];
        prop_oneof![
            proptest::collection::vec(inner.clone(), 1..4).prop_map(|v| v.concat()),
            proptest::collection::vec(inner.clone(), 1..4).prop_map(|v| v.join("|")),
            (proptest::sample::select(groups), inner.clone()).prop_map(|(g, x)| format!("{g}{x})")),
            (inner, proptest::sample::select(quantifiers)).prop_map(|(x, q)| format!("(?:{x}){q}")),
        ]
    })
}

/// The bound for one pattern on all six engines, in a debug build on a shared core.
const TIME_PER_PATTERN: Duration = Duration::from_secs(2);

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn analysis_is_total_and_bounded(pattern in pattern()) {
        let started = Instant::now();
        for engine in Engine::ALL {
            if std::env::var_os("PROPS_VERBOSE").is_some() {
                eprintln!("{engine:?} {pattern} {:?}", parse(&pattern, engine).map(|p| analyze(&p, engine, Budget::default()).class()));
            }
            if let Ok(parsed) = parse(&pattern, engine) {
                let verdict = analyze(&parsed, engine, Budget::default());
                if !engine.backtracks() {
                    prop_assert_eq!(verdict, Verdict::Safe);
                }
            }
        }
        prop_assert!(started.elapsed() < TIME_PER_PATTERN, "{:?} took {:?}", pattern, started.elapsed());
    }
}
