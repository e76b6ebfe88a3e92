// Literal patterns their engine rejects.
use regex::Regex as Re;
use std::sync::LazyLock;

const ORDER_ID: &str = r"(ORD-\d+"; //~ invalid_regex

static DATE: LazyLock<regex::Regex> = LazyLock::new(|| regex::Regex::new(r"(\d{4}-\d{2}").unwrap()); //~ invalid_regex

pub fn patterns() {
    let _ = Re::new("[z-a]"); //~ invalid_regex
    let _ = regex::Regex::new(r"(?=\w)\w+"); //~ invalid_regex
    let _ = regex::Regex::new(r"(a)\1"); //~ invalid_regex
    let _ = regex::bytes::Regex::new(r"\xZZ"); //~ invalid_regex
    let _ = regex::RegexBuilder::new("a{2,1}").build(); //~ invalid_regex
    let _ = fancy_regex::Regex::new(r"(?<name>abc"); //~ invalid_regex
    let _ = Re::new(ORDER_ID);
    let _ = std::thread::spawn(|| regex::Regex::new("(unclosed").is_ok()); //~ invalid_regex
}
