// Valid patterns, look-alikes, and what is not read.
use regex::Regex;

const ORDER_ID: &str = r"ORD-(\d+)";

pub struct Regex2;
impl Regex2 {
    pub fn new(_: &str) -> Self {
        Regex2
    }
}

pub fn patterns(user: &str) {
    let _ = Regex::new(r"(\d{4})-(\d{2})");
    let _ = Regex::new(ORDER_ID);
    let _ = fancy_regex::Regex::new(r"(?=\w)\w+");
    let _ = fancy_regex::Regex::new(r"(a)\1");
    let _ = Regex::new(user);
    let _ = Regex::new(&format!("^{}$", regex::escape(user)));
    let _ = Regex2::new("(unclosed");
    let _ = regex::Regex::new("\\d+\\.\\d+");
    let _ = regex_lite::Regex::new(r"[a-z]+");
}

#[cfg(test)]
mod tests {
    #[test]
    fn rejects_bad_patterns() {
        assert!(regex::Regex::new("(").is_err());
    }
}
