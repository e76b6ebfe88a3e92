//! Runs the real regex engines on pumped attack strings and says whether they blow
//! up: shared by the proof test and by the `redos_replay` example that scores
//! recheck's and our verdicts against the engines.

use prodcheck_lints::regex::Engine;
use std::time::{Duration, Instant};

/// What one run of an engine cost.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cost {
    /// The engine stopped at its backtrack, match or retry limit.
    OverLimit,
    /// The engine finished, in this time (best of five runs).
    Took(Duration),
}

/// Low limits keep the runs short; pcre2's match limit (10,000,000) has no setter.
const FANCY_LIMIT: usize = 200_000;
const ONIG_RETRY_LIMIT: u32 = 200_000;

/// An attack that can be pumped: `text(n)` has `n` copies of each pumped part.
pub struct Pumped<'a> {
    pub text: &'a dyn Fn(usize) -> String,
    /// Bytes added per pump.
    pub unit: usize,
    pub exponential: bool,
}

/// A compiled pattern run on one text: whether the match stopped at the limit.
pub type Matcher = Box<dyn Fn(&str) -> bool>;

/// The engine's matcher for `pattern`, compiled before any clock starts; `None` if
/// the engine rejects the pattern.
pub fn compile(engine: Engine, pattern: &str) -> Option<Matcher> {
    Some(match engine {
        Engine::FancyRegex => {
            let regex = fancy_regex::RegexBuilder::new(pattern)
                .backtrack_limit(FANCY_LIMIT)
                .build()
                .ok()?;
            Box::new(move |text| regex.is_match(text).is_err())
        }
        Engine::Pcre2 => {
            let regex = pcre2::bytes::Regex::new(pattern).ok()?;
            Box::new(move |text| regex.is_match(text.as_bytes()).is_err())
        }
        Engine::Onig => {
            let regex = onig::Regex::new(pattern).ok()?;
            Box::new(move |text| onig_over_limit(&regex, text))
        }
        Engine::Regress => {
            let regex = regress::Regex::new(pattern).ok()?;
            Box::new(move |text| {
                std::hint::black_box(regex.find(text));
                false
            })
        }
        Engine::Regex | Engine::RegexLite => {
            let regex = regex::Regex::new(pattern).ok()?;
            Box::new(move |text| {
                std::hint::black_box(regex.is_match(text));
                false
            })
        }
    })
}

/// onig's `find`/`is_match` panic at the retry limit: only the `_with_param` calls
/// return the error.
fn onig_over_limit(regex: &onig::Regex, text: &str) -> bool {
    let mut param = onig::MatchParam::default();
    param.set_retry_limit_in_match(ONIG_RETRY_LIMIT);
    let options = onig::SearchOptions::SEARCH_OPTION_NONE;
    regex
        .search_with_param(text, 0, text.len(), options, None, param)
        .is_err()
}

fn run_once(matcher: &dyn Fn(&str) -> bool, text: &str) -> Cost {
    let started = Instant::now();
    match matcher(text) {
        true => Cost::OverLimit,
        false => Cost::Took(started.elapsed()),
    }
}

fn run(matcher: &dyn Fn(&str) -> bool, text: &str) -> Cost {
    let mut best = Cost::OverLimit;
    for _ in 0..5 {
        match (run_once(matcher, text), best) {
            (Cost::OverLimit, _) => return Cost::OverLimit,
            (Cost::Took(time), Cost::Took(old)) if old <= time => {}
            (took, _) => best = took,
        }
    }
    best
}

/// Pumps the attack until the engine hits its limit, or (where no limit is reached)
/// until one run takes 20 milliseconds; then the run at fewer pumps (4 fewer, or a
/// quarter as many) must be over eight times faster: linear growth gives 4.
/// Returns the pump counts `(short, long)` of the proof.
pub fn find_blow_up(matcher: &dyn Fn(&str) -> bool, attack: &Pumped) -> Option<(usize, usize)> {
    let mut long = if attack.exponential {
        6
    } else {
        64 / attack.unit.max(1) + 4
    };
    let max_long = if attack.exponential {
        60
    } else {
        40_000 / attack.unit.max(1)
    };
    while long <= max_long {
        let short = if attack.exponential {
            long - 4
        } else {
            long / 4
        };
        match run_once(matcher, &(attack.text)(long)) {
            Cost::OverLimit => return Some((short, long)),
            Cost::Took(time) if time >= Duration::from_millis(20) => {
                // Other builds share the cores: measure again before concluding.
                let proven = (0..3).any(|_| grows(matcher, attack, (short, long)));
                return proven.then_some((short, long));
            }
            Cost::Took(_) => {
                long = if attack.exponential {
                    long + 1
                } else {
                    long * 2
                }
            }
        }
    }
    None
}

/// Whether the run at `long` pumps is over the limit or over eight times slower
/// than the run at `short` pumps.
pub fn grows(
    matcher: &dyn Fn(&str) -> bool,
    attack: &Pumped,
    (short, long): (usize, usize),
) -> bool {
    match (
        run(matcher, &(attack.text)(short)),
        run(matcher, &(attack.text)(long)),
    ) {
        (_, Cost::OverLimit) => true,
        (Cost::Took(short), Cost::Took(long)) => {
            long > Duration::from_millis(1) && long.as_secs_f64() > 8.0 * short.as_secs_f64()
        }
        (Cost::OverLimit, Cost::Took(_)) => false,
    }
}
