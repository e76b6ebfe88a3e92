use crate::context::Cx;
use crate::finding::{Finding, Level, Span};
use crate::regex::{analyze, parse, Budget, Engine, Verdict};
use crate::rule::hooks;

crate::declare_rule! {
    /// A backtracking engine (pcre2, onig, regress, and fancy-regex on patterns with
    /// backreferences or look-around) can take exponential or polynomial time on one
    /// crafted input: a single request pins a core for seconds (ReDoS), or, where the
    /// engine has a limit, fails or panics at it.
    ///
    /// ### Fires on
    /// ```rust,ignore
    /// let email = pcre2::bytes::Regex::new(r"^([a-z0-9]+\.?)*@example\.com$")?; // exponential
    /// let tail = onig::Regex::new(r"\s+$").unwrap();                           // quadratic: retried from every start
    /// let dup = fancy_regex::Regex::new(r"^(\w+\s?)*(?=!)")?;                 // look-around: backtracked
    /// ```
    /// ### Stays silent on
    /// ```rust,ignore
    /// let email = regex::Regex::new(r"^([a-z0-9]+\.?)*@example\.com$")?;        // linear-time engine
    /// let nested = fancy_regex::Regex::new(r"^(a+)+$")?;                      // no fancy construct: delegated to `regex`
    /// let range = pcre2::bytes::Regex::new(r"^(\d+)-(\d+)$")?;                 // unambiguous
    /// ```
    /// The verdict comes from the ambiguity of the pattern's automaton in the engine's own
    /// grammar; patterns it cannot decide (over the budget, constructs it does not model)
    /// are not reported. An exponential pattern denies, a polynomial one warns.
    pub DEF = "catastrophic_regex",
        hooks::CALL | hooks::METHOD_CALL | hooks::STATIC | hooks::FILE_POST,
        CatastrophicRegex::default
}

super::literal_pattern_rule!(CatastrophicRegex);

/// What happens at the engine's limit, for the label.
fn at_the_limit(engine: Engine) -> &'static str {
    match engine {
        Engine::Onig => "onig's `find`/`is_match` panic at its retry limit",
        Engine::Regress => "regress has no limit: the thread spins until the match ends",
        Engine::Pcre2 => "pcre2 returns an error at its match limit, after 10 million steps",
        Engine::FancyRegex => "fancy-regex returns an error at its backtrack limit",
        Engine::Regex | Engine::RegexLite => "linear engine",
    }
}

fn report(cx: &mut Cx<'_>, pattern: &str, engine: Engine, span: Span) {
    let Ok(parsed) = parse(pattern, engine) else {
        return;
    };
    let verdict = analyze(&parsed, engine, Budget::default());
    let (growth, level) = match &verdict {
        Verdict::Exponential { .. } => ("exponential".to_string(), Level::Deny),
        Verdict::Polynomial { degree, .. } => {
            (format!("polynomial (degree {degree})"), Level::Warn)
        }
        Verdict::Safe | Verdict::Unknown { .. } => return,
    };
    let Some(attack) = verdict.attack() else {
        return;
    };
    let finding = Finding::new(
        DEF.id,
        span,
        format!(
            "`{}` takes {growth} time on this pattern",
            engine.crate_name()
        ),
        at_the_limit(engine),
    )
    .with_note(format!(
        "attack: prefix {:?}, then {:?} repeated, then {:?}",
        attack.prefix, attack.pump, attack.suffix
    ))
    .with_help(
        "remove the ambiguity (one way to match each input: `(a+)+` -> `a+`, `(\\w+\\s?)*` -> `\\w+(\\s\\w+)*`), \
         or use the linear-time `regex` crate when no backreference or look-around is needed",
    )
    .with_default_level(level);
    cx.report(finding);
}
