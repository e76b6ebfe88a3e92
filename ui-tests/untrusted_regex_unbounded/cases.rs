//@ profile: service
// Patterns from requests compiled with no bound, and the bounded or literal ones.
use axum::extract::{Json, Path, Query};
use regex::Regex as Re;

pub struct Search {
    pub pattern: String,
    pub name: String,
}

pub async fn axum_query(Query(q): Query<Search>) -> bool {
    let re = regex::Regex::new(&q.pattern).unwrap(); //~ untrusted_regex_unbounded
    re.is_match("x")
}

pub async fn renamed(Json(q): Json<Search>) -> bool {
    Re::new(q.pattern.as_str()).map(|re| re.is_match("x")).unwrap_or(false) //~ untrusted_regex_unbounded
}

pub async fn interpolated(Path(word): Path<String>) -> bool {
    let re = regex::Regex::new(&format!("^{word}$")).unwrap(); //~ untrusted_regex_unbounded
    re.is_match("x")
}

pub async fn builder_without_limit(Query(q): Query<Search>) -> bool {
    let re = regex::RegexBuilder::new(&q.pattern) //~ untrusted_regex_unbounded
        .case_insensitive(true)
        .build()
        .unwrap();
    re.is_match("x")
}

pub async fn set_of_patterns(Json(patterns): Json<Vec<String>>) -> bool {
    regex::RegexSet::new(&patterns).unwrap().is_match("x") //~ untrusted_regex_unbounded
}

#[actix_web::get("/grep")]
async fn actix_onig(q: actix_web::web::Query<Search>) -> String {
    let re = onig::Regex::new(&q.pattern).unwrap(); //~ untrusted_regex_unbounded
    re.is_match("x").to_string()
}

pub async fn regress_in_closure(Query(q): Query<Search>) -> bool {
    let compile = |p: &str| regress::Regex::new(p).unwrap(); //~ untrusted_regex_unbounded
    compile(&q.pattern).find("x").is_some()
}

pub async fn in_async_block(Query(q): Query<Search>) -> bool {
    let work = async move { regex::bytes::Regex::new(&q.pattern).is_ok() }; //~ untrusted_regex_unbounded
    work.await
}

// Silent: bounded, escaped, literal, engines with default limits, or not per request.
pub async fn bounded(Query(q): Query<Search>) -> bool {
    let re = regex::RegexBuilder::new(&q.pattern)
        .size_limit(1 << 20)
        .dfa_size_limit(1 << 20)
        .build();
    re.is_ok()
}

pub async fn escaped(Query(q): Query<Search>) -> bool {
    let exact = regex::Regex::new(&regex::escape(&q.name)).unwrap();
    let framed = regex::Regex::new(&format!("^{}$", regex::escape(&q.name))).unwrap();
    exact.is_match("x") || framed.is_match("x")
}

pub async fn literal(Query(_q): Query<Search>) -> bool {
    regex::Regex::new(r"^\w+$").unwrap().is_match("x")
}

pub async fn fancy_has_a_limit(Query(q): Query<Search>) -> bool {
    fancy_regex::Regex::new(&q.pattern).is_ok()
}

pub async fn pcre2_has_a_limit(Query(q): Query<Search>) -> bool {
    pcre2::bytes::Regex::new(&q.pattern).is_ok()
}

pub fn from_config(patterns: &[String]) -> Vec<regex::Regex> {
    patterns.iter().map(|p| regex::Regex::new(p).unwrap()).collect()
}

fn main() {
    let from_args = std::env::args().nth(1).unwrap_or_default();
    let _ = regex::Regex::new(&from_args);
}

const ROUTE: &str = r"^/api/v\d+/";

pub async fn constant(Query(_q): Query<Search>) -> bool {
    regex::Regex::new(ROUTE).is_ok()
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn user_pattern_in_test() {
        let _ = regex::Regex::new(&String::from("a+"));
    }
}
