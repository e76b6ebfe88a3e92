//! `rules.toml`, the one catalogue of rules, compiled into the binary.

use crate::finding::Level;
use serde::Deserialize;
use std::sync::OnceLock;

/// The catalogue's source text (the repository's `rules.toml`).
pub const RULES_TOML: &str = include_str!("../../rules.toml");

/// Where a rule may fire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Any code.
    Any,
    /// Only code of a long-running service (see the package profile).
    Service,
}

impl Scope {
    /// The spelling in `rules.toml`.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Any => "any",
            Scope::Service => "service",
        }
    }
}

/// One `[[rule]]` entry.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleMeta {
    /// Stable snake_case id, named by suppressions and configs.
    pub id: String,
    /// Family (`timeouts`, `logging`, ...), usable wherever an id is.
    pub family: String,
    /// Default level.
    #[serde(deserialize_with = "level_from_str")]
    pub level: Level,
    /// `any` or `service`.
    pub scope: Scope,
    /// One line: what the rule flags.
    pub summary: String,
    /// Why it hurts in production.
    pub rationale: String,
    /// The concrete fix.
    pub help: String,
}

fn level_from_str<'de, D: serde::Deserializer<'de>>(de: D) -> Result<Level, D::Error> {
    let text = String::deserialize(de)?;
    Level::parse(&text).ok_or_else(|| serde::de::Error::custom(format!("unknown level `{text}`")))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogueFile {
    rule: Vec<RuleMeta>,
}

/// Every rule of the catalogue, in file order.
pub fn all() -> &'static [RuleMeta] {
    static CATALOGUE: OnceLock<Vec<RuleMeta>> = OnceLock::new();
    CATALOGUE.get_or_init(|| match toml::from_str::<CatalogueFile>(RULES_TOML) {
        Ok(file) => file.rule,
        // The catalogue is compiled in and checked by the test suite; a broken one is
        // a build defect, so fail loudly at first use rather than run with no rules.
        Err(err) => panic!("rules.toml is invalid: {err}"),
    })
}

/// The entry of `id`, if the catalogue has one.
pub fn get(id: &str) -> Option<&'static RuleMeta> {
    all().iter().find(|rule| rule.id == id)
}

/// True when `name` is a family of at least one rule.
pub fn is_family(name: &str) -> bool {
    all().iter().any(|rule| rule.family == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn catalogue_parses_with_unique_snake_case_ids() {
        let mut seen = HashSet::new();
        for rule in all() {
            assert!(seen.insert(rule.id.as_str()), "duplicate id {}", rule.id);
            assert!(
                rule.id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                "id {} is not snake_case",
                rule.id
            );
            assert!(
                !rule.summary.ends_with('.'),
                "summary of {} ends with a period",
                rule.id
            );
            assert!(
                !rule.help.is_empty() && !rule.rationale.is_empty(),
                "{} lacks text",
                rule.id
            );
            assert!(
                get(&rule.family).is_none(),
                "family {} is also a rule id",
                rule.family
            );
        }
    }
}
