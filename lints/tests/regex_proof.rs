//! Proof by the engines themselves: every pattern the analysis reports is run by the
//! engine it was written for on the reported attack, pumped to a modest length, and
//! must hit that engine's limit (or slow down super-linearly where there is no limit),
//! while each silent look-alike, fed the same attack, must not.

use prodcheck_lints::regex::{analyze, parse, Attack, Budget, Engine, Verdict};
use std::time::{Duration, Instant};

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

/// What one run of an engine cost.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Cost {
    /// The engine stopped at its backtrack, match or retry limit.
    OverLimit,
    /// The engine finished, in this time (best of five runs).
    Took(Duration),
}

/// Low limits keep the test fast; pcre2's match limit (10,000,000) has no setter.
const FANCY_LIMIT: usize = 200_000;
const ONIG_RETRY_LIMIT: u32 = 200_000;

fn run(engine: Engine, pattern: &str, text: &str) -> Cost {
    let best = (0..5)
        .map(|_| run_once(engine, pattern, text))
        .min_by(|a, b| match (a, b) {
            (Cost::Took(x), Cost::Took(y)) => x.cmp(y),
            (Cost::OverLimit, _) => std::cmp::Ordering::Greater,
            (_, Cost::OverLimit) => std::cmp::Ordering::Less,
        });
    best.unwrap_or(Cost::OverLimit)
}

fn run_once(engine: Engine, pattern: &str, text: &str) -> Cost {
    let matcher = compile(engine, pattern);
    let started = Instant::now();
    match matcher(text) {
        true => Cost::OverLimit,
        false => Cost::Took(started.elapsed()),
    }
}

/// The engine's matcher for `pattern`, compiled before the clock starts; it says
/// whether the match stopped at the engine's limit.
fn compile(engine: Engine, pattern: &str) -> Box<dyn Fn(&str) -> bool> {
    match engine {
        Engine::FancyRegex => {
            let regex = fancy_regex::RegexBuilder::new(pattern)
                .backtrack_limit(FANCY_LIMIT)
                .build()
                .expect("fancy-regex compiles the pattern");
            Box::new(move |text| regex.is_match(text).is_err())
        }
        Engine::Pcre2 => {
            let regex = pcre2::bytes::Regex::new(pattern).expect("pcre2 compiles the pattern");
            Box::new(move |text| regex.is_match(text.as_bytes()).is_err())
        }
        Engine::Onig => {
            let regex = onig::Regex::new(pattern).expect("onig compiles the pattern");
            Box::new(move |text| onig_over_limit(&regex, text))
        }
        Engine::Regress => {
            let regex = regress::Regex::new(pattern).expect("regress compiles the pattern");
            Box::new(move |text| {
                std::hint::black_box(regex.find(text));
                false
            })
        }
        Engine::Regex | Engine::RegexLite => {
            let regex = regex::Regex::new(pattern).expect("regex compiles the pattern");
            Box::new(move |text| {
                std::hint::black_box(regex.is_match(text));
                false
            })
        }
    }
}

/// onig's `find`/`is_match` panic at the retry limit: only the `_with_param` calls
/// return the error.
fn onig_over_limit(regex: &onig::Regex, text: &str) -> bool {
    let mut param = onig::MatchParam::default();
    param.set_retry_limit_in_match(ONIG_RETRY_LIMIT);
    regex
        .search_with_param(
            text,
            0,
            text.len(),
            onig::SearchOptions::SEARCH_OPTION_NONE,
            None,
            param,
        )
        .is_err()
}

fn verdict(engine: Engine, pattern: &str) -> Verdict {
    let parsed = parse(pattern, engine).expect("table patterns parse");
    analyze(&parsed, engine, Budget::default())
}

/// Pumps the attack until the engine hits its limit, or (where no limit is reached)
/// until one run takes 20 milliseconds; then the run at fewer pumps (4 fewer, or a
/// quarter as many) must be over eight times faster: linear growth gives 4. Returns the pump counts `(short, long)` of the proof.
fn find_blow_up(engine: Engine, pattern: &str, verdict: &Verdict) -> Option<(usize, usize)> {
    let attack = verdict.attack()?;
    let exponential = matches!(verdict, Verdict::Exponential { .. });
    let unit = attack.pump.chars().count().max(1);
    let mut long = if exponential { 6 } else { 64 / unit + 4 };
    while attack.pump.len() * long <= 40_000 && long <= 60 * usize::from(exponential) + 40_000 {
        let short = if exponential { long - 4 } else { long / 4 };
        match run_once(engine, pattern, &attack.with_pumps(long)) {
            Cost::OverLimit => return Some((short, long)),
            Cost::Took(time) if time >= Duration::from_millis(20) => {
                // Other builds share the cores: measure again before concluding.
                let proven = (0..3).any(|_| grows(engine, pattern, attack, (short, long)));
                return proven.then_some((short, long));
            }
            Cost::Took(_) => long = if exponential { long + 1 } else { long * 2 },
        }
    }
    None
}

/// Whether the run at `long` pumps is over the limit or over eight times slower
/// than the run at `short` pumps.
fn grows(engine: Engine, pattern: &str, attack: &Attack, (short, long): (usize, usize)) -> bool {
    match (
        run(engine, pattern, &attack.with_pumps(short)),
        run(engine, pattern, &attack.with_pumps(long)),
    ) {
        (_, Cost::OverLimit) => true,
        (Cost::Took(short), Cost::Took(long)) => {
            long > Duration::from_millis(1) && long.as_secs_f64() > 8.0 * short.as_secs_f64()
        }
        (Cost::OverLimit, Cost::Took(_)) => false,
    }
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
        let started = Instant::now();
        let proof = find_blow_up(engine, reported, &verdict);
        eprintln!(
            "{engine:?} {reported} {attack:?}: {proof:?} in {:?}",
            started.elapsed()
        );
        let Some(pumps) = proof else {
            failures.push(format!(
                "{engine:?} {reported}: attack {attack:?} did not blow up"
            ));
            continue;
        };
        let silent = self::verdict(engine, look_alike);
        if silent.attack().is_some() {
            failures.push(format!("{engine:?} {look_alike}: reported ({silent:?})"));
        } else if grows(engine, look_alike, attack, pumps) {
            failures.push(format!(
                "{engine:?} {look_alike}: silent but blew up on {attack:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_linear_engine_never_blows_up_on_the_attacks() {
    for &(engine, reported, _) in TABLE.iter().filter(|row| row.0 == Engine::Pcre2) {
        let Some(attack) = verdict(engine, reported).attack().cloned() else {
            continue;
        };
        assert_eq!(verdict(Engine::Regex, reported), Verdict::Safe);
        assert!(
            !grows(Engine::Regex, reported, &attack, (2_000, 8_000)),
            "{reported}"
        );
    }
}
