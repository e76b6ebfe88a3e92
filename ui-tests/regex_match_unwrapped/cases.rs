// Unwrapped match results of patterns that can reach the backtrack or match limit.
use fancy_regex::Regex as Fancy;
use std::sync::LazyLock;

static TAG: LazyLock<fancy_regex::Regex> =
    LazyLock::new(|| fancy_regex::Regex::new(r"<(\w+)>.*</\1>").unwrap());

lazy_static::lazy_static! {
    static ref DOUBLED: Fancy = Fancy::new(r"\b(\w+)\s+\1\b").unwrap();
    static ref PLAIN: Fancy = Fancy::new(r"^\d+$").unwrap();
}

pub fn statics(body: &str) -> bool {
    TAG.is_match(body).unwrap() //~ regex_match_unwrapped
        || DOUBLED.is_match(body).expect("backtrack limit") //~ regex_match_unwrapped
        || LATER.find(body).unwrap().is_some() //~ regex_match_unwrapped
}

pub fn locals(input: &str) -> Option<String> {
    let quoted = fancy_regex::Regex::new(r#"(['"]).*?\1"#).unwrap();
    let caps = quoted.captures(input).unwrap()?; //~ regex_match_unwrapped
    let ahead = Fancy::new(r"\w+(?=@)").unwrap();
    let _ = ahead.find_from_pos(input, 1).unwrap(); //~ regex_match_unwrapped
    Some(caps[0].to_string())
}

pub fn pcre2_matches(input: &[u8], user_pattern: &str) -> bool {
    let re = pcre2::bytes::Regex::new(r"^(\w+\s?)*$").unwrap();
    let built = pcre2::bytes::RegexBuilder::new().caseless(true).build(user_pattern).unwrap();
    re.is_match(input).unwrap() //~ regex_match_unwrapped
        || built.find(input).unwrap().is_some() //~ regex_match_unwrapped
}

pub fn onig_panics_by_itself(input: &str) -> bool {
    let trailing = onig::Regex::new(r"\s+$").unwrap();
    let words = onig::Regex::new(r"^(\w+\s?)*$").unwrap();
    trailing.is_match(input) //~ regex_match_unwrapped
        || words.find(input).is_some() //~ regex_match_unwrapped
}

pub async fn in_closure(lines: Vec<String>) -> usize {
    let re = pcre2::bytes::Regex::new(r"^(a|a)*#").unwrap();
    let count = async move {
        lines.iter().filter(|l| re.is_match(l.as_bytes()).unwrap()).count() //~ regex_match_unwrapped
    };
    count.await
}

static LATER: LazyLock<fancy_regex::Regex> =
    LazyLock::new(|| fancy_regex::Regex::new(r"(?<=\$)\d+").unwrap());

// Silent: the error is handled, the pattern cannot backtrack, or the engine has no Result.
pub fn handled(body: &str) -> Result<bool, fancy_regex::Error> {
    let found = TAG.is_match(body)?;
    let lenient = DOUBLED.is_match(body).unwrap_or(false);
    let logged = match LATER.find(body) {
        Ok(m) => m.is_some(),
        Err(err) => {
            eprintln!("regex limit: {err}");
            false
        }
    };
    Ok(found || lenient || logged)
}

pub fn cannot_backtrack(body: &str) -> bool {
    // No fancy construct: fancy-regex hands the pattern to the linear engine.
    let digits = fancy_regex::Regex::new(r"^(a+)+$").unwrap();
    digits.is_match(body).unwrap() || PLAIN.is_match(body).unwrap()
}

pub fn unambiguous_backtracking(input: &[u8], text: &str) -> bool {
    // pcre2 and onig backtrack, but these patterns never come near the limit.
    let number = pcre2::bytes::Regex::new(r"^\d+(\.\d+)?$").unwrap();
    let slug = onig::Regex::new(r"^[a-z]+(-[a-z]+)*$").unwrap();
    number.is_match(input).unwrap() || slug.is_match(text)
}

pub fn linear_engine(body: &str) -> bool {
    let re = regex::Regex::new(r"^\d+$").unwrap();
    re.find(body).unwrap().as_str().is_empty()
}

pub fn runtime_fancy_pattern(pattern: &str, body: &str) -> bool {
    let re = fancy_regex::Regex::new(pattern).unwrap();
    re.is_match(body).unwrap()
}

struct Matcher;
impl Matcher {
    fn is_match(&self, _: &str) -> Option<bool> {
        Some(true)
    }
}

pub fn look_alike(m: &Matcher) -> bool {
    m.is_match("x").unwrap()
}

#[cfg(test)]
mod tests {
    #[test]
    fn unwraps_in_tests() {
        assert!(super::TAG.is_match("<a></a>").unwrap());
    }
}
