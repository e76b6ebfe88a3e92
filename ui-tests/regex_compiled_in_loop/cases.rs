// Constant patterns compiled per iteration or per request, and the ways of compiling once.
use axum::extract::Json;
use regex::Regex as Re;
use std::sync::{LazyLock, OnceLock};

const EMAIL: &str = r"^[^@\s]+@[^@\s]+$";

pub fn per_line(lines: &[String]) -> usize {
    let mut count = 0;
    for line in lines {
        let date = regex::Regex::new(r"^\d{4}-\d{2}-\d{2}").unwrap(); //~ regex_compiled_in_loop
        if date.is_match(line) {
            count += 1;
        }
    }
    count
}

pub fn in_iterator(lines: &[&str]) -> Vec<bool> {
    lines
        .iter()
        .map(|l| Re::new(EMAIL).unwrap().is_match(l)) //~ regex_compiled_in_loop
        .collect()
}

pub fn while_loop(mut input: Vec<String>) {
    while let Some(item) = input.pop() {
        let set = regex::RegexSet::new([r"^GET ", r"^POST "]).unwrap(); //~ regex_compiled_in_loop
        let _ = set.matches(&item);
    }
}

pub fn loop_with_fancy(rx: std::sync::mpsc::Receiver<String>) {
    loop {
        let Ok(msg) = rx.recv() else { break };
        let tag = fancy_regex::Regex::new(r"<(\w+)>.*</\1>").unwrap(); //~ regex_compiled_in_loop
        let _ = tag.is_match(&msg);
    }
}

pub fn builder_in_loop(words: &[&str]) {
    for w in words {
        let re = regex::RegexBuilder::new(r"^[a-z]+$") //~ regex_compiled_in_loop
            .case_insensitive(true)
            .build()
            .unwrap();
        let _ = re.is_match(w);
    }
}

pub fn pcre2_in_loop(items: &[&[u8]]) {
    for item in items {
        let re = pcre2::bytes::RegexBuilder::new().build(r"^\d+$").unwrap(); //~ regex_compiled_in_loop
        let _ = re.is_match(item);
    }
}

pub struct User {
    pub email: String,
}

pub async fn signup(Json(user): Json<User>) -> bool {
    let email = Re::new(EMAIL).unwrap(); //~ regex_compiled_in_loop
    email.is_match(&user.email)
}

#[actix_web::post("/check")]
async fn check(body: String) -> String {
    let re = regex::bytes::Regex::new(r"[\x00-\x1f]").unwrap(); //~ regex_compiled_in_loop
    re.is_match(body.as_bytes()).to_string()
}

pub fn in_async_block(lines: Vec<String>) -> impl std::future::Future<Output = usize> {
    async move {
        let mut n = 0;
        for l in &lines {
            n += usize::from(onig::Regex::new(r"^\s+$").unwrap().is_match(l)); //~ regex_compiled_in_loop
        }
        n
    }
}

// Silent: compiled once.
static DATE: LazyLock<regex::Regex> = LazyLock::new(|| regex::Regex::new(r"^\d{4}-\d{2}-\d{2}").unwrap());

lazy_static::lazy_static! {
    static ref WORD: regex::Regex = regex::Regex::new(r"^\w+$").unwrap();
}

fn cached() -> &'static regex::Regex {
    static RE: OnceLock<regex::Regex> = OnceLock::new();
    RE.get_or_init(|| regex::Regex::new(r"^[0-9a-f]{32}$").unwrap())
}

pub fn hoisted(lines: &[String]) -> usize {
    let date = regex::Regex::new(r"^\d{4}-\d{2}-\d{2}").unwrap();
    lines.iter().filter(|l| date.is_match(l) || DATE.is_match(l) || WORD.is_match(l) || cached().is_match(l)).count()
}

pub fn per_item_pattern(words: &[&str]) -> Vec<regex::Regex> {
    words
        .iter()
        .map(|w| regex::Regex::new(&format!("^{}$", regex::escape(w))).unwrap())
        .collect()
}

pub fn runtime_pattern_in_loop(patterns: &[String]) {
    for p in patterns {
        let _ = regex::Regex::new(p);
    }
}

pub struct Validator {
    email: regex::Regex,
}

impl Validator {
    pub fn new() -> Self {
        Validator { email: regex::Regex::new(EMAIL).unwrap() }
    }
}

fn main() {
    let banner = regex::Regex::new(r"^v\d+").unwrap();
    let _ = banner.is_match("v1");
}

pub fn lazy_in_loop(lines: &[String]) {
    for l in lines {
        static ONCE: LazyLock<regex::Regex> = LazyLock::new(|| regex::Regex::new(r"^#").unwrap());
        let _ = ONCE.is_match(l);
    }
}

// starship: `and_then` on an `Option` runs its closure once, not per item.
pub fn gradle_version(contents: Option<String>) -> Option<String> {
    contents.and_then(|text| {
        let re = regex::Regex::new(r"(?m)^\s*version\s*=\s*(?P<version>.*)").unwrap();
        re.captures(&text).map(|caps| caps["version"].to_string())
    })
}

pub fn option_map(name: Option<&str>) -> Option<bool> {
    name.map(|n| regex::Regex::new(r"^[a-z]+$").unwrap().is_match(n))
}

pub fn range_map(n: usize) -> Vec<regex::Regex> {
    (0..n).map(|_| regex::Regex::new(r"^x$").unwrap()).collect() //~ regex_compiled_in_loop
}

#[cfg(test)]
mod tests {
    #[test]
    fn compiles_in_a_loop() {
        for _ in 0..3 {
            let _ = regex::Regex::new(r"^a$").unwrap();
        }
    }
}
