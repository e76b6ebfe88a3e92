//! Replays attack strings on the real backtracking engines: reads JSON lines
//! `{"id", "pattern", "segments": [[text, pumped], ...], "exponential"}` and prints
//! for each engine whether the pumped attack blows up there. `bench/regex/compare.py`
//! uses it to score recheck's and our verdicts where they disagree.

#[path = "../tests/support/engines.rs"]
mod engines;

use engines::{compile, find_blow_up, Pumped};
use prodcheck_lints::regex::Engine;
use std::io::{BufRead, Write};

const ENGINES: [Engine; 4] = [
    Engine::FancyRegex,
    Engine::Pcre2,
    Engine::Onig,
    Engine::Regress,
];

fn main() {
    let stdin = std::io::stdin();
    let mut out = std::io::stdout().lock();
    for line in stdin.lock().lines().map_while(Result::ok) {
        let Ok(request) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        let results: serde_json::Map<String, serde_json::Value> = ENGINES
            .iter()
            .map(|&engine| {
                (
                    engine.crate_name().to_string(),
                    replay(&request, engine).into(),
                )
            })
            .collect();
        let record = serde_json::json!({ "id": request["id"], "engines": results });
        if writeln!(out, "{record}")
            .and_then(|()| out.flush())
            .is_err()
        {
            return;
        }
    }
}

/// `blowup`, `linear`, or `rejected` when the engine does not compile the pattern.
fn replay(request: &serde_json::Value, engine: Engine) -> &'static str {
    let pattern = request["pattern"].as_str().unwrap_or_default();
    let Some(matcher) = compile(engine, pattern) else {
        return "rejected";
    };
    let segments: Vec<(String, bool)> = request["segments"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| Some((s[0].as_str()?.to_string(), s[1].as_bool()?)))
        .collect();
    let text = |pumps: usize| -> String {
        let repeat = |(part, pumped): &(String, bool)| part.repeat(if *pumped { pumps } else { 1 });
        segments.iter().map(repeat).collect()
    };
    let unit = segments.iter().filter(|s| s.1).map(|s| s.0.len()).sum();
    let attack = Pumped {
        text: &text,
        unit,
        exponential: request["exponential"].as_bool().unwrap_or(false),
    };
    match find_blow_up(&*matcher, &attack) {
        Some(_) => "blowup",
        None => "linear",
    }
}
