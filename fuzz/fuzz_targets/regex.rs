//! Any pattern for any engine (the first byte picks the engine): parsing and the
//! ambiguity analysis must never panic and must stay within their budget.
#![no_main]
use libfuzzer_sys::fuzz_target;
use prodcheck_lints::regex::{analyze, parse, Budget, Engine};

const ENGINES: &[&str] = &[
    "regex",
    "regex_lite",
    "fancy_regex",
    "pcre2",
    "onig",
    "regress",
];

fuzz_target!(|data: &[u8]| {
    let Some((first, rest)) = data.split_first() else {
        return;
    };
    let Some(engine) = Engine::from_crate_name(ENGINES[*first as usize % ENGINES.len()]) else {
        return;
    };
    let pattern = String::from_utf8_lossy(rest);
    if let Ok(parsed) = parse(&pattern, engine) {
        let verdict = analyze(&parsed, engine, Budget::default());
        if let Some(attack) = verdict.attack() {
            let _ = attack.with_pumps(4);
        }
    }
});
