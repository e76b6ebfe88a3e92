// Look-alikes: linear engines, fancy-regex patterns it hands to the linear engine,
// unambiguous patterns, and patterns known only at run time.
use std::sync::LazyLock;

static NESTED: LazyLock<regex::Regex> = LazyLock::new(|| regex::Regex::new(r"^(a+)+$").unwrap());

pub fn linear_engines(input: &str) -> bool {
    let email = regex::Regex::new(r"^([a-z0-9]+\.?)*@example\.com$").unwrap();
    let bytes = regex::bytes::Regex::new(r"^(a|aa)+$").unwrap();
    let lite = regex_lite::Regex::new(r"^(\w+\s?)*$").unwrap();
    let set = regex::RegexSet::new([r"^(a+)+$", r"(a|a)*$"]).unwrap();
    email.is_match(input) || bytes.is_match(input.as_bytes()) || lite.is_match(input) || set.is_match(input) || NESTED.is_match(input)
}

pub fn fancy_without_fancy_constructs(input: &str) -> bool {
    // No backreference or look-around: fancy-regex delegates the whole pattern.
    let nested = fancy_regex::Regex::new(r"^(a+)+$").unwrap();
    // Look-around outside the ambiguous part, which is delegated whole.
    let checked = fancy_regex::Regex::new(r"^(?=\d)\d+-\d+$").unwrap();
    nested.is_match(input).unwrap_or(false) || checked.is_match(input).unwrap_or(false)
}

pub fn unambiguous(input: &str) -> bool {
    let range = pcre2::bytes::Regex::new(r"^(\d+)-(\d+)$").unwrap();
    let slug = onig::Regex::new(r"^[a-z]+(-[a-z]+)*$").unwrap();
    let atomic = pcre2::bytes::Regex::new(r"^(?>a+)+$").unwrap();
    let anchored = regress::Regex::new(r"^\d+\.\d+$").unwrap();
    let pairs = onig::Regex::new(r"^(ab|cd)*$").unwrap();
    range.is_match(input.as_bytes()).unwrap_or(false)
        || slug.is_match(input)
        || atomic.is_match(input.as_bytes()).unwrap_or(false)
        || anchored.find(input).is_some()
        || pairs.is_match(input)
}

pub fn runtime_patterns(pattern: &str) -> bool {
    let user = pcre2::bytes::Regex::new(pattern).unwrap();
    let built = onig::Regex::new(&format!("^{pattern}$")).unwrap();
    user.is_match(b"x").unwrap_or(false) || built.is_match("x")
}

pub fn invalid_is_another_rule() {
    let _ = pcre2::bytes::Regex::new(r"(a+");
}

#[cfg(test)]
mod tests {
    #[test]
    fn slow_pattern_in_a_test() {
        let _ = pcre2::bytes::Regex::new(r"^(a+)+$").unwrap();
    }
}
