//! Engine-aware regex analysis: parse a pattern with the grammar of the engine it is
//! given to, and decide whether that engine can take exponential or polynomial time
//! on it, with an attack string as evidence. The rules of the regex family call this.

mod ambiguity;
mod charset;
mod fancy;
mod graph;
mod nfa;
mod simulate;
mod syntax;

use ambiguity::{Outcome, Witness};
use syntax::Node;

/// The regex crates a Rust service can call, each with its own grammar and matcher.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Engine {
    /// `regex`: linear time (lazy DFA, PikeVM, bounded backtracker).
    Regex,
    /// `regex-lite`: linear time, no Unicode class tables.
    RegexLite,
    /// `fancy-regex`: backtracks only over "hard" patterns, delegates the rest.
    FancyRegex,
    /// `pcre2`: backtracking, match limit 10,000,000 then `Err`.
    Pcre2,
    /// `onig`: backtracking, retry limit 10,000,000; `find`/`is_match` panic at it.
    Onig,
    /// `regress`: ECMAScript backtracking with no limit at all.
    Regress,
}

impl Engine {
    /// Every engine, for tables and tests.
    pub const ALL: [Engine; 6] = [
        Engine::Regex,
        Engine::RegexLite,
        Engine::FancyRegex,
        Engine::Pcre2,
        Engine::Onig,
        Engine::Regress,
    ];

    /// Whether the engine can backtrack at all (fancy-regex only on hard patterns).
    pub fn backtracks(self) -> bool {
        !matches!(self, Engine::Regex | Engine::RegexLite)
    }

    /// Whether the engine stops a runaway match with an error instead of running on.
    pub fn has_match_limit(self) -> bool {
        matches!(self, Engine::FancyRegex | Engine::Pcre2 | Engine::Onig)
    }

    /// The crate's name, as written in `Cargo.toml` and paths.
    pub fn crate_name(self) -> &'static str {
        match self {
            Engine::Regex => "regex",
            Engine::RegexLite => "regex_lite",
            Engine::FancyRegex => "fancy_regex",
            Engine::Pcre2 => "pcre2",
            Engine::Onig => "onig",
            Engine::Regress => "regress",
        }
    }

    /// The engine of a crate name (`regex-lite` or `regex_lite`).
    pub fn from_crate_name(name: &str) -> Option<Engine> {
        let name = name.replace('-', "_");
        Engine::ALL.into_iter().find(|e| e.crate_name() == name)
    }
}

/// A pattern parsed for one engine.
#[derive(Debug, Clone)]
pub struct Pattern {
    engine: Engine,
    /// The tree the backtracking engines run; `None` for the linear engines.
    tree: Option<Node>,
}

impl Pattern {
    /// The engine whose grammar read the pattern.
    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// Whether its engine runs this pattern with a backtracker, so that a match can
    /// hit a backtrack limit (`regex_match_unwrapped`): fancy-regex only for hard
    /// patterns, never the linear engines.
    pub fn backtracks(&self) -> bool {
        match (&self.tree, self.engine) {
            (Some(tree), Engine::FancyRegex) => fancy::backtracked_tree(tree).is_some(),
            (Some(_), _) => self.engine.backtracks(),
            (None, _) => false,
        }
    }
}

/// Why a pattern does not parse, at a byte offset within the pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// The engine-style message.
    pub message: String,
    /// Byte offset within the pattern text (not the source literal).
    pub offset: usize,
    /// Whether `invalid_regex` may report it.
    pub kind: ParseErrorKind,
}

/// How sure a parse error is: only `Invalid` is a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParseErrorKind {
    /// The engine rejects the pattern.
    Invalid,
    /// Our grammar for this engine does not read it; the engine may.
    Unsupported,
    /// Nested too deeply for our parser.
    TooLarge,
}

/// Parses `pattern` with the grammar of `engine`.
pub fn parse(pattern: &str, engine: Engine) -> Result<Pattern, ParseError> {
    if engine.backtracks() {
        let tree = syntax::parse_backtracking(pattern, engine)?;
        Ok(Pattern {
            engine,
            tree: Some(tree),
        })
    } else {
        syntax::parse_linear(pattern, engine)?;
        Ok(Pattern { engine, tree: None })
    }
}

/// Caps that keep the analysis fast whatever the pattern; over them it says `Unknown`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// Most automaton states (counted repeats are unrolled).
    pub max_states: usize,
    /// Most elementary steps of the ambiguity search and of the confirming run.
    pub max_steps: u64,
}

impl Default for Budget {
    fn default() -> Budget {
        Budget {
            max_states: 1_000,
            max_steps: 400_000,
        }
    }
}

/// What matching a pattern can cost in one engine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Linear in the input (for one search).
    Safe,
    /// Time grows as the input length to the power `degree` (at least 2).
    Polynomial { degree: u32, attack: Attack },
    /// Time doubles with each few pumps.
    Exponential { attack: Attack },
    /// Not decided: unsupported construct, or over the budget. Never a finding.
    Unknown { reason: String },
}

impl Verdict {
    /// The attack, for the verdicts that have one.
    pub fn attack(&self) -> Option<&Attack> {
        match self {
            Verdict::Polynomial { attack, .. } | Verdict::Exponential { attack } => Some(attack),
            _ => None,
        }
    }

    /// `safe`, `polynomial`, `exponential` or `unknown`, for reports and JSON.
    pub fn class(&self) -> &'static str {
        match self {
            Verdict::Safe => "safe",
            Verdict::Polynomial { .. } => "polynomial",
            Verdict::Exponential { .. } => "exponential",
            Verdict::Unknown { .. } => "unknown",
        }
    }
}

/// An input that makes the engine slow: `prefix`, then `pump` repeated, then `suffix`
/// that makes the match fail so that the engine tries every path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attack {
    pub prefix: String,
    pub pump: String,
    pub suffix: String,
}

impl Attack {
    /// The attack with `pumps` copies of the pumped part.
    pub fn with_pumps(&self, pumps: usize) -> String {
        let mut text = self.prefix.clone();
        text.push_str(&self.pump.repeat(pumps));
        text.push_str(&self.suffix);
        text
    }

    /// The attack pumped until it is at least `length` bytes long.
    pub fn render(&self, length: usize) -> String {
        let fixed = self.prefix.len() + self.suffix.len();
        let pumps = length
            .saturating_sub(fixed)
            .div_ceil(self.pump.len().max(1));
        self.with_pumps(pumps.max(1))
    }
}

/// Decides what `pattern` costs in `engine`, within `budget`.
pub fn analyze(pattern: &Pattern, engine: Engine, budget: Budget) -> Verdict {
    let Some(tree) = &pattern.tree else {
        return match engine.backtracks() {
            false => Verdict::Safe,
            true => unknown("the pattern was parsed for a linear engine"),
        };
    };
    match engine {
        Engine::Regex | Engine::RegexLite => Verdict::Safe,
        Engine::FancyRegex => match fancy::backtracked_tree(tree) {
            None => Verdict::Safe,
            Some(backtracked) => analyze_tree(&backtracked, budget),
        },
        Engine::Pcre2 | Engine::Onig | Engine::Regress => analyze_tree(tree, budget),
    }
}

fn unknown(reason: &str) -> Verdict {
    Verdict::Unknown {
        reason: reason.to_string(),
    }
}

/// The automaton's verdict, confirmed by running the attack where the automaton
/// read some construct loosely.
fn analyze_tree(tree: &Node, budget: Budget) -> Verdict {
    let nfa = match nfa::build(tree, budget.max_states) {
        Ok(nfa) => nfa,
        Err(nfa::BuildError::TooLarge) => {
            return unknown("the pattern is over the analysis budget")
        }
        Err(nfa::BuildError::Unsupported(what)) => {
            return unknown(&format!("{what} is not analysed"))
        }
    };
    let outcome = ambiguity::analyze(&nfa, budget.max_steps);
    let render = |w: &Witness| Attack {
        prefix: spell(&nfa.alphabet.representatives, &w.prefix),
        pump: spell(&nfa.alphabet.representatives, &w.pump),
        suffix: spell(&nfa.alphabet.representatives, &w.suffix),
    };
    let verdict = match &outcome {
        Outcome::Safe if nfa.looping_lookaround => return unknown("a lookaround body loops"),
        Outcome::Safe => return Verdict::Safe,
        Outcome::OverBudget => return unknown("the ambiguity search is over the analysis budget"),
        Outcome::Polynomial(degree, w) => Verdict::Polynomial {
            degree: *degree,
            attack: render(w),
        },
        Outcome::Exponential(w) => Verdict::Exponential { attack: render(w) },
    };
    if !nfa.approximate {
        return verdict;
    }
    match verdict
        .attack()
        .map(|attack| simulate::confirms(tree, attack, &verdict, budget))
    {
        Some(true) => verdict,
        _ => unknown("the attack found on an approximate automaton did not slow a backtracker"),
    }
}

fn spell(representatives: &[char], classes: &[usize]) -> String {
    classes
        .iter()
        .filter_map(|&c| representatives.get(c))
        .collect()
}

#[cfg(test)]
mod tests;
