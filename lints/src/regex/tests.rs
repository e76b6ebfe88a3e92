//! The analysis against textbook patterns: every verdict with an attack is also
//! replayed on the crate's own backtracking matcher, so a wrong attack fails here.

use super::*;
use std::time::{Duration, Instant};

fn verdict(pattern: &str, engine: Engine) -> Verdict {
    let parsed = parse(pattern, engine).unwrap_or_else(|e| panic!("{pattern}: {e:?}"));
    analyze(&parsed, engine, Budget::default())
}

/// Steps of the reference backtracker on the attack at `n` and `2n` pumps.
fn replay(pattern: &str, attack: &Attack, n: usize) -> (u64, u64) {
    let tree = syntax::parse_backtracking(pattern, Engine::Pcre2).expect("parses");
    let cost = |pumps| simulate::steps(&tree, &attack.with_pumps(pumps), 2_000_000);
    (cost(n), cost(2 * n))
}

#[test]
fn textbook_exponential_patterns_are_found_with_working_attacks() {
    for pattern in [
        r"^(a+)+$",
        r"^(a|aa)+$",
        r"^(a|a?)+$",
        r"(a|a)*$",
        r"^(\w+\s?)*$",
        r"^(a*)*b",
        r"^(.*a){3}x$|^(a|a)+$",
    ] {
        let found = verdict(pattern, Engine::Pcre2);
        let Verdict::Exponential { attack } = &found else {
            panic!("{pattern}: {found:?}");
        };
        let (short, long) = replay(pattern, attack, 5);
        assert!(
            long > short * 20,
            "{pattern}: {attack:?} costs {short} then {long}"
        );
    }
}

#[test]
fn polynomial_patterns_get_their_degree() {
    for (pattern, degree) in [
        (r"^a*a*$", 2i32),
        (r"^\s*\s*\s*x", 3),
        (r"\d+\.\d+", 2),
        (r"\s+$", 2),
        (r".*.*=.*", 3),
    ] {
        let found = verdict(pattern, Engine::Onig);
        let Verdict::Polynomial {
            degree: got,
            attack,
        } = &found
        else {
            panic!("{pattern}: {found:?}");
        };
        assert_eq!(i64::from(*got), i64::from(degree), "{pattern}");
        let (short, long) = replay(pattern, attack, 64);
        let growth = long as f64 / short as f64;
        assert!(
            growth > 0.6 * 2f64.powi(degree),
            "{pattern}: {attack:?} grew {growth}"
        );
    }
}

#[test]
fn unambiguous_look_alikes_are_safe() {
    let look_alikes = [
        r"^(\d+)-(\d+)$",
        r"^[a-z]+(-[a-z]+)*$",
        r"(ab|cd)*",
        r"^\d+\.\d+$",
        r"^(a+)b$",
        r"^a++$",
        r"^(?:a|b)*c$",
        r"^([^,]*,)*$",
        r"^[\w.+-]+@[\w-]+\.[\w.-]+$",
        r"x",
        r"",
    ];
    for pattern in look_alikes {
        assert_eq!(verdict(pattern, Engine::Pcre2), Verdict::Safe, "{pattern}");
    }
}

#[test]
fn the_linear_engines_are_always_safe() {
    for engine in [Engine::Regex, Engine::RegexLite] {
        assert_eq!(verdict(r"^(a+)+$", engine), Verdict::Safe);
    }
}

#[test]
fn fancy_regex_backtracks_only_over_what_it_does_not_delegate() {
    assert_eq!(verdict(r"^(a+)+$", Engine::FancyRegex), Verdict::Safe);
    assert_eq!(verdict(r"^(a|aa)+$", Engine::FancyRegex), Verdict::Safe);
    assert!(verdict(r"(?=.)^(a|aa)+$", Engine::FancyRegex)
        .attack()
        .is_some());
    assert!(matches!(
        verdict(r"(a)(a|\1)+b", Engine::FancyRegex),
        Verdict::Exponential { .. }
    ));
    assert!(matches!(
        verdict(r"^(a+)+\b$", Engine::FancyRegex),
        Verdict::Exponential { .. }
    ));
}

#[test]
fn only_hard_patterns_backtrack_in_fancy_regex() {
    let parsed = |p, e| parse(p, e).expect("parses");
    assert!(!parsed(r"^(a+)+$", Engine::FancyRegex).backtracks());
    assert!(parsed(r"(\w+)\s\1", Engine::FancyRegex).backtracks());
    assert!(parsed(r"^(a+)+$", Engine::Onig).backtracks());
    assert!(!parsed(r"^(a+)+$", Engine::Regex).backtracks());
}

#[test]
fn atomic_groups_cut_the_ambiguity() {
    assert!(verdict(r"^(?>a+)+$", Engine::Pcre2).attack().is_none());
    // The atomic star always succeeds at once, so `b` failing never backtracks into it;
    // the same star failing inside its group explores every way first.
    assert!(verdict(r"^(?>(a|a)*)b", Engine::Pcre2).attack().is_none());
    assert!(verdict(r"^(?>(a|a)*b)", Engine::Pcre2).attack().is_some());
}

#[test]
fn invalid_patterns_report_the_engine_message_and_offset() {
    let err = parse(r"ab(c", Engine::Regex).err();
    assert!(err.is_some_and(|e| e.offset == 2 && e.kind == ParseErrorKind::Invalid));
    let err = parse(r"a{2,1}", Engine::Regex).err();
    assert!(err.is_some_and(|e| e.kind == ParseErrorKind::Invalid && e.offset > 0));
    let err = parse(r"(a", Engine::Pcre2).err();
    assert!(err.is_some_and(|e| e.kind == ParseErrorKind::Invalid));
    assert!(parse(r"(?<=a)b\1", Engine::Regex).is_err());
}

#[test]
fn huge_patterns_return_quickly() {
    let started = Instant::now();
    let long_alternation = format!("^({})+$", vec!["a"; 20_000].join("|"));
    let nested = format!("{}a{}", "(".repeat(60), ")*".repeat(60));
    let counted = r"^(a{1,500}){1,500}$".to_string();
    for pattern in [long_alternation, "a".repeat(100_000), nested, counted] {
        for engine in Engine::ALL {
            if let Ok(parsed) = parse(&pattern, engine) {
                let _ = analyze(&parsed, engine, Budget::default());
            }
        }
    }
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn attacks_render_to_the_asked_length() {
    let attack = Attack {
        prefix: "x".into(),
        pump: "ab".into(),
        suffix: "!".into(),
    };
    assert_eq!(attack.with_pumps(2), "xabab!");
    assert!(attack.render(100).len() >= 100);
}
