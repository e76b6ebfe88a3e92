use crate::context::Cx;
use crate::finding::{Finding, Span};
use crate::regex::{parse, Engine, ParseErrorKind};
use crate::rule::hooks;

crate::declare_rule! {
    /// A literal pattern that its engine rejects fails at run time, usually in a `LazyLock`
    /// or at start-up, so the service panics or refuses to start on the first deploy.
    ///
    /// ### Fires on
    /// ```rust,ignore
    /// let date = regex::Regex::new(r"(\d{4}-\d{2}").unwrap();   // unclosed group
    /// let word = regex::Regex::new(r"(?=\w)\w+").unwrap();      // the regex crate has no look-around
    /// ```
    /// ### Stays silent on
    /// ```rust,ignore
    /// let date = regex::Regex::new(r"(\d{4})-(\d{2})").unwrap();
    /// let word = fancy_regex::Regex::new(r"(?=\w)\w+").unwrap(); // fancy-regex has look-around
    /// ```
    /// Patterns built at run time are not read; constructs our grammar for pcre2, onig or
    /// regress does not know are left alone rather than guessed at.
    pub DEF = "invalid_regex",
        hooks::CALL | hooks::METHOD_CALL | hooks::MACRO | hooks::STATIC | hooks::FILE_POST,
        InvalidRegex::default
}

super::literal_pattern_rule!(InvalidRegex);

fn report(cx: &mut Cx<'_>, pattern: &str, engine: Engine, span: Span) {
    let Err(err) = parse(pattern, engine) else {
        return;
    };
    if err.kind != ParseErrorKind::Invalid {
        return;
    }
    let message = format!(
        "this pattern does not compile with `{}`: {}",
        engine.crate_name(),
        err.message
    );
    let finding = Finding::new(DEF.id, span, message, format!("rejected at byte {} of the pattern", err.offset))
        .with_help("fix the pattern (the `regex` crate has no look-around or backreferences: use `fancy-regex` for those)");
    cx.report(finding);
}
