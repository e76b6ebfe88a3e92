//! Levels and options: defaults from `rules.toml`, then `[workspace.metadata.prodcheck]`
//! and `prodcheck.toml`, then `[package.metadata.prodcheck]`, then the command line.

use prodcheck_lints::{catalogue, Level};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The `prodcheck` table, wherever it is written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigTable {
    /// Rule id or family -> level.
    #[serde(default)]
    pub lints: BTreeMap<String, String>,
    /// Globs (relative to the root) of paths not to analyse.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Lint `examples/` too.
    #[serde(default)]
    pub include_examples: Option<bool>,
}

/// A config table and where it came from, for messages.
#[derive(Debug, Clone)]
pub struct Source {
    /// The table.
    pub table: ConfigTable,
    /// The file it was read from.
    pub file: PathBuf,
    /// The file's text (to point at a misspelt rule name).
    pub text: String,
}

/// An error in a config: exit status 2 with a message naming the file.
#[derive(Debug)]
pub struct ConfigError(pub String);

/// Reads the table from cargo metadata JSON (`[workspace.metadata.prodcheck]`).
pub fn from_metadata(
    metadata: &serde_json::Value,
    file: &Path,
    table_name: &str,
) -> Result<Option<Source>, ConfigError> {
    let Some(value) = metadata.get("prodcheck") else {
        return Ok(None);
    };
    let table = ConfigTable::deserialize(value).map_err(|e| {
        ConfigError(format!(
            "{}: invalid [{table_name}.metadata.prodcheck]: {e}",
            file.display()
        ))
    })?;
    let text = std::fs::read_to_string(file).unwrap_or_default();
    tracing::info!(file = %file.display(), table = %format!("[{table_name}.metadata.prodcheck]"), "read config");
    validate(
        &table,
        file,
        &format!("[{table_name}.metadata.prodcheck.lints]"),
    )?;
    Ok(Some(Source {
        table,
        file: file.to_path_buf(),
        text,
    }))
}

/// Reads `prodcheck.toml` at the root, if there is one.
pub fn from_file(root: &Path) -> Result<Option<Source>, ConfigError> {
    let file = root.join("prodcheck.toml");
    let Ok(text) = std::fs::read_to_string(&file) else {
        return Ok(None);
    };
    let table: ConfigTable =
        toml::from_str(&text).map_err(|e| ConfigError(format!("{}: {e}", file.display())))?;
    validate(&table, &file, "[lints]")?;
    tracing::info!(file = %file.display(), "read config");
    Ok(Some(Source { table, file, text }))
}

/// Rejects levels that are not allow/note/warn/deny, naming the file and the key.
fn validate(table: &ConfigTable, file: &Path, table_name: &str) -> Result<(), ConfigError> {
    for (name, level) in &table.lints {
        if Level::parse(level).is_none() {
            return Err(ConfigError(format!(
                "{}: invalid level `{level}` for `{name}` in {table_name} (expected allow, note, warn or deny)",
                file.display()
            )));
        }
    }
    Ok(())
}

/// One level setting from the command line, in the order given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CliLevel {
    /// Rule id, family, or `warnings` (with deny: every warning fails).
    pub name: String,
    /// The level.
    pub level: Level,
}

/// Computes effective levels.
#[derive(Debug, Clone, Default)]
pub struct Levels {
    layers: Vec<BTreeMap<String, Level>>,
    cli: Vec<CliLevel>,
    deny_warnings: bool,
}

impl Levels {
    /// Layers of config tables (lowest precedence first), then CLI flags.
    pub fn new(tables: &[&ConfigTable], cli: &[CliLevel]) -> Result<Self, ConfigError> {
        let mut layers = Vec::new();
        for table in tables {
            let mut layer = BTreeMap::new();
            for (name, level) in &table.lints {
                let parsed = Level::parse(level).ok_or_else(|| {
                    ConfigError(format!(
                        "invalid level `{level}` for `{name}` (expected allow, note, warn or deny)"
                    ))
                })?;
                layer.insert(name.clone(), parsed);
            }
            layers.push(layer);
        }
        let deny_warnings = cli
            .iter()
            .any(|c| c.name == "warnings" && c.level == Level::Deny);
        let cli = cli
            .iter()
            .filter(|c| c.name != "warnings")
            .cloned()
            .collect();
        Ok(Levels {
            layers,
            cli,
            deny_warnings,
        })
    }

    /// The effective level of `rule`.
    pub fn level(&self, rule: &str) -> Level {
        self.level_from(rule, None)
    }

    /// The level of one finding: the finding's own default (a polynomial
    /// `catastrophic_regex` is a warning where an exponential one denies) unless the
    /// configuration or the command line sets the rule's or its family's level.
    pub fn level_of(&self, finding: &prodcheck_lints::Finding) -> Level {
        self.level_from(finding.rule, finding.default_level)
    }

    fn level_from(&self, rule: &str, default: Option<Level>) -> Level {
        let Some(meta) = catalogue::get(rule) else {
            return Level::Warn;
        };
        let mut level = default.unwrap_or(meta.level);
        for layer in &self.layers {
            // Within one table the rule id is more specific than its family.
            if let Some(l) = layer.get(&meta.family) {
                level = *l;
            }
            if let Some(l) = layer.get(rule) {
                level = *l;
            }
        }
        for flag in &self.cli {
            if flag.name == rule || flag.name == meta.family {
                level = flag.level;
            }
        }
        if self.deny_warnings && level == Level::Warn {
            level = Level::Deny;
        }
        level
    }

    /// The names given in configs and flags that are neither a rule nor a family.
    pub fn unknown_cli_names(&self) -> Vec<String> {
        self.cli
            .iter()
            .filter(|c| !is_known(&c.name))
            .map(|c| c.name.clone())
            .collect()
    }
}

/// True for a rule id or family of the catalogue.
pub fn is_known(name: &str) -> bool {
    catalogue::get(name).is_some() || catalogue::is_family(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(pairs: &[(&str, &str)]) -> ConfigTable {
        ConfigTable {
            lints: pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ..ConfigTable::default()
        }
    }

    #[test]
    fn ids_beat_families_and_cli_beats_config() {
        let workspace = table(&[("logging", "allow"), ("print_in_service", "deny")]);
        let levels = Levels::new(&[&workspace], &[]).unwrap();
        assert_eq!(levels.level("print_in_service"), Level::Deny);
        let cli = [CliLevel {
            name: "logging".into(),
            level: Level::Note,
        }];
        let levels = Levels::new(&[&workspace], &cli).unwrap();
        assert_eq!(levels.level("print_in_service"), Level::Note);
    }

    #[test]
    fn deny_warnings_raises_only_warnings() {
        let cli = [CliLevel {
            name: "warnings".into(),
            level: Level::Deny,
        }];
        let levels = Levels::new(&[], &cli).unwrap();
        assert_eq!(levels.level("print_in_service"), Level::Deny);
        assert_eq!(levels.level("http_client_without_timeout"), Level::Deny);
        let quiet = table(&[("print_in_service", "note")]);
        let levels = Levels::new(&[&quiet], &cli).unwrap();
        assert_eq!(levels.level("print_in_service"), Level::Note);
    }

    #[test]
    fn bad_level_is_an_error() {
        assert!(Levels::new(&[&table(&[("logging", "loud")])], &[]).is_err());
    }
}
