// Patterns that a backtracking engine takes exponential or polynomial time on.
use fancy_regex::Regex as Fancy;
use std::sync::LazyLock;

const PHONE: &str = r"^(\d+\s?)*$"; //~ catastrophic_regex

static EMAIL: LazyLock<pcre2::bytes::Regex> =
    LazyLock::new(|| pcre2::bytes::Regex::new(r"^([a-z0-9]+\.?)*@example\.com$").unwrap()); //~ catastrophic_regex

lazy_static::lazy_static! {
    static ref TRAILING: onig::Regex = onig::Regex::new(r"\s+$").unwrap(); //~ catastrophic_regex
}

pub fn engines(input: &str) -> bool {
    let nested = pcre2::bytes::Regex::new(r"^(a+)+$").unwrap(); //~ catastrophic_regex
    let words = onig::Regex::new(r"^(\w+\s?)*$").unwrap(); //~ catastrophic_regex
    let alternation = regress::Regex::new(r"^(a|aa)+$").unwrap(); //~ catastrophic_regex
    let quadratic = regress::Regex::new(r"^a*a*$").unwrap(); //~ catastrophic_regex
    let phone = onig::Regex::new(PHONE).unwrap();
    nested.is_match(input.as_bytes()).unwrap_or(false)
        || words.is_match(input)
        || alternation.find(input).is_some()
        || quadratic.find(input).is_some()
        || phone.is_match(input)
}

pub fn fancy_hard_patterns(input: &str) -> bool {
    // A backreference makes the pattern hard: fancy-regex backtracks over it.
    let repeated = Fancy::new(r"(a)(a|\1)+b").unwrap(); //~ catastrophic_regex
    // A look-behind after the nested repeat: the repeat is backtracked too.
    let suffix = fancy_regex::Regex::new(r"^(\w+\s?)*(?<!x)$").unwrap(); //~ catastrophic_regex
    repeated.is_match(input).unwrap_or(false) || suffix.is_match(input).unwrap_or(false)
}

pub fn builders(input: &[u8]) -> bool {
    let built = pcre2::bytes::RegexBuilder::new()
        .caseless(true)
        .build(r"^(a|a)*$") //~ catastrophic_regex
        .unwrap();
    built.is_match(input).unwrap_or(false)
}

pub async fn in_async_block(input: String) -> bool {
    let task = async move {
        let re = onig::Regex::with_options(r"^(a|ab|b)*c$", onig::RegexOptions::REGEX_OPTION_NONE, onig::Syntax::default()).unwrap(); //~ catastrophic_regex
        re.is_match(&input)
    };
    task.await
}
