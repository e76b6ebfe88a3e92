//! Reads one pattern per line on stdin and prints the verdict of each engine as a
//! JSON line: the bridge that `bench/regex/compare.sh` uses to compare with recheck.
//!
//! Usage: `cargo run --release -p prodcheck-lints --example redos_cli [ENGINE...]`

use prodcheck_lints::regex::{analyze, parse, Budget, Engine, Verdict};
use std::io::{BufRead, Write};
use std::time::Instant;

fn main() {
    let engines: Vec<Engine> = std::env::args()
        .skip(1)
        .filter_map(|name| Engine::from_crate_name(&name))
        .collect();
    let engines = if engines.is_empty() {
        vec![Engine::Pcre2]
    } else {
        engines
    };
    let stdin = std::io::stdin();
    let mut out = std::io::stdout().lock();
    for line in stdin.lock().lines().map_while(Result::ok) {
        for &engine in &engines {
            let record = verdict_record(&line, engine);
            if writeln!(out, "{record}").is_err() {
                return;
            }
        }
    }
}

fn verdict_record(pattern: &str, engine: Engine) -> serde_json::Value {
    let started = Instant::now();
    let (class, degree, attack, reason) = match parse(pattern, engine) {
        Err(err) => (
            "error",
            None,
            None,
            Some(format!("{:?}: {} at {}", err.kind, err.message, err.offset)),
        ),
        Ok(parsed) => match analyze(&parsed, engine, Budget::default()) {
            Verdict::Safe => ("safe", None, None, None),
            Verdict::Polynomial { degree, attack } => {
                ("polynomial", Some(degree), Some(attack), None)
            }
            Verdict::Exponential { attack } => ("exponential", None, Some(attack), None),
            Verdict::Unknown { reason } => ("unknown", None, None, Some(reason)),
        },
    };
    serde_json::json!({
        "pattern": pattern,
        "engine": engine.crate_name(),
        "verdict": class,
        "degree": degree,
        "attack": attack.map(|a| serde_json::json!({"prefix": a.prefix, "pump": a.pump, "suffix": a.suffix})),
        "reason": reason,
        "micros": started.elapsed().as_micros() as u64,
    })
}
