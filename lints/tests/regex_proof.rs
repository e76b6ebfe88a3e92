//! Proof by the engines themselves: every pattern the analysis reports is run by the
//! engine it was written for on the reported attack, pumped to a modest length, and
//! must hit that engine's limit (or slow down super-linearly where there is no limit),
//! while each silent look-alike, fed the same attack, must not.

#[path = "support/engines.rs"]
mod engines;

use engines::{compile, find_blow_up, grows, Matcher, Pumped};
use prodcheck_lints::regex::{analyze, parse, Attack, Budget, Engine, Verdict};
use std::time::Instant;

/// (engine, reported pattern, silent look-alike). The look-alike gets the reported
/// pattern's attack at the same length.
const TABLE: &[(Engine, &str, &str)] = &[
    (Engine::FancyRegex, r"(a)(a|\1)+b", r"^(a)(b|\1)+b"),
    (Engine::FancyRegex, r"^(a+)+\b$", r"^(a+)+$"),
    (Engine::FancyRegex, r"^(\w+\s?)*(?<!x)$", r"^(\w+\s?)*$"),
    (Engine::FancyRegex, r"^(a|aa)+$(?<!x)", r"^(a|aa)+$"),
    (Engine::Pcre2, r"^(a+)+$", r"^(a+)b$"),
    (Engine::Pcre2, r"^(a|aa)+$", r"^(ab|cd)*$"),
    (Engine::Pcre2, r"^(\w+\s?)*$", r"^[a-z]+(-[a-z]+)*$"),
    (Engine::Pcre2, r"^(a*)*b", r"^(?>a+)+$"),
    (Engine::Pcre2, r"^a*a*$", r"^\d+\.\d+$"),
    (Engine::Pcre2, r"^\s*\s*\s*x", r"^(\d+)-(\d+)$"),
    (Engine::Onig, r"^(a+)+$", r"^(a+)b$"),
    (Engine::Onig, r"^(a|aa)+$", r"^(ab|cd)*$"),
    (Engine::Onig, r"^(\w+\s?)*$", r"^[a-z]+(-[a-z]+)*$"),
    (Engine::Onig, r"(a|a)*$", r"^(?>a+)+$"),
    (Engine::Onig, r"\d+\.\d+", r"^\d+\.\d+$"),
    (Engine::Onig, r"^a*a*$", r"^(\d+)-(\d+)$"),
    (Engine::Regress, r"^(a+)+$", r"^(a+)b$"),
    (Engine::Regress, r"^(a|aa)+$", r"^(ab|cd)*$"),
    (Engine::Regress, r"^(\w+\s?)*$", r"^[a-z]+(-[a-z]+)*$"),
    (Engine::Regress, r"\s+$", r"^\s+x$"),
    (Engine::Regress, r"^a*a*$", r"^\d+\.\d+$"),
];

/// The attack of a verdict as something the engines' runner can pump.
fn pumped<'a>(verdict: &Verdict, text: &'a dyn Fn(usize) -> String, attack: &Attack) -> Pumped<'a> {
    Pumped {
        text,
        unit: attack.pump.len(),
        exponential: matches!(verdict, Verdict::Exponential { .. }),
    }
}

fn matcher(engine: Engine, pattern: &str) -> Matcher {
    compile(engine, pattern).unwrap_or_else(|| panic!("{engine:?} compiles {pattern}"))
}

fn verdict(engine: Engine, pattern: &str) -> Verdict {
    let parsed = parse(pattern, engine).expect("table patterns parse");
    analyze(&parsed, engine, Budget::default())
}

#[test]
fn reported_patterns_blow_up_in_their_engine_and_look_alikes_do_not() {
    let mut failures = Vec::new();
    for &(engine, reported, look_alike) in TABLE {
        let verdict = verdict(engine, reported);
        let Some(attack) = verdict.attack() else {
            failures.push(format!("{engine:?} {reported}: not reported ({verdict:?})"));
            continue;
        };
        let text = |pumps| attack.with_pumps(pumps);
        let pumped = pumped(&verdict, &text, attack);
        let started = Instant::now();
        let proof = find_blow_up(&*matcher(engine, reported), &pumped);
        eprintln!(
            "{engine:?} {reported} {attack:?}: {proof:?} in {:?}",
            started.elapsed()
        );
        let Some(pumps) = proof else {
            failures.push(format!("{engine:?} {reported}: {attack:?} did not blow up"));
            continue;
        };
        let silent = self::verdict(engine, look_alike);
        if silent.attack().is_some() {
            failures.push(format!("{engine:?} {look_alike}: reported ({silent:?})"));
        } else if grows(&*matcher(engine, look_alike), &pumped, pumps) {
            failures.push(format!(
                "{engine:?} {look_alike}: silent, blew up on {attack:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_linear_engine_never_blows_up_on_the_attacks() {
    for &(engine, reported, _) in TABLE.iter().filter(|row| row.0 == Engine::Pcre2) {
        let verdict = verdict(engine, reported);
        let Some(attack) = verdict.attack() else {
            continue;
        };
        assert_eq!(self::verdict(Engine::Regex, reported), Verdict::Safe);
        let text = |pumps| attack.with_pumps(pumps);
        let pumped = pumped(&verdict, &text, attack);
        let linear = matcher(Engine::Regex, reported);
        assert!(!grows(&*linear, &pumped, (2_000, 8_000)), "{reported}");
    }
}
