//@ dep: regex
// Macros that compile their literal once with the `regex` crate.
use lazy_regex::regex_is_match;

macro_rules! regex {
    ($re:literal $(,)?) => {{
        static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
        RE.get_or_init(|| regex::Regex::new($re).unwrap())
    }};
}

pub fn macros(text: &str) -> bool {
    let own = regex!(r"(?<=@)\w+"); //~ invalid_regex
    let lazy = lazy_regex::regex!("(unclosed"); //~ invalid_regex
    let bytes = lazy_regex::bytes_regex!(r"[\d"); //~ invalid_regex
    own.is_match(text) || lazy.is_match(text) || bytes.is_match(text.as_bytes())
        || regex_is_match!("a{3,1}", text) //~ invalid_regex
}

pub fn valid_macros(text: &str) -> bool {
    let own = regex!(r"^\w+@\w+$");
    let lazy = lazy_regex::regex!(r"^(\d{4})-(\d{2})$");
    let flagged = lazy_regex::regex!("^ab+$"i);
    let other = sqlx::query!("SELECT 1");
    let _ = other;
    own.is_match(text) || lazy.is_match(text) || flagged.is_match(text)
}
