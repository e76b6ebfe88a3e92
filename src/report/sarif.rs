//! SARIF 2.1.0, the format GitHub code scanning uploads: one run whose driver lists the
//! whole rule catalogue, and one result per diagnostic with a stable `ruleId`, a region
//! in character columns and the fingerprint that tracks it across commits.

use super::{level_word, Diagnostic, Run};
use prodcheck_lints::catalogue::{self, RuleMeta};
use prodcheck_lints::Level;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// The schema the output conforms to (the OASIS 2.1.0 errata 01 schema).
const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// Where relative artifact URIs are rooted: the analysed root.
const SRCROOT: &str = "%SRCROOT%";

/// The key of our fingerprint in `partialFingerprints`; bump the version if it changes.
const FINGERPRINT_KEY: &str = "prodcheck/v1";

/// Writes the run as one pretty-printed SARIF log, ending with a newline.
pub fn write(run: &Run, out: &mut dyn Write) -> io::Result<()> {
    let log = Log {
        schema: SCHEMA_URI,
        version: "2.1.0",
        runs: [SarifRun {
            tool: Tool { driver: driver() },
            original_uri_base_ids: BTreeMap::from([(SRCROOT, root_location(&run.root))]),
            column_kind: "unicodeCodePoints",
            results: run.diagnostics.iter().map(result).collect(),
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &log)?;
    out.write_all(b"\n")
}

#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [SarifRun; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifRun {
    tool: Tool,
    original_uri_base_ids: BTreeMap<&'static str, ArtifactLocation>,
    column_kind: &'static str,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    information_uri: &'static str,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: String,
    name: String,
    short_description: Text,
    full_description: Text,
    help: Help,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    family: String,
    scope: &'static str,
    tags: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text,
    locations: Vec<Location>,
    partial_fingerprints: BTreeMap<&'static str, String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    snippet: Option<Text>,
}

/// The tool with every rule of the catalogue, so code scanning can show a rule's help
/// even for results it has not seen before.
fn driver() -> Driver {
    let repository = env!("CARGO_PKG_REPOSITORY");
    Driver {
        name: "cargo-prodcheck",
        version: env!("CARGO_PKG_VERSION"),
        information_uri: if repository.is_empty() {
            "https://crates.io/crates/cargo-prodcheck"
        } else {
            repository
        },
        rules: catalogue::all().iter().map(rule).collect(),
    }
}

fn rule(meta: &RuleMeta) -> Rule {
    let explain = format!("cargo prodcheck explain {}", meta.id);
    Rule {
        id: meta.id.clone(),
        name: pascal_case(&meta.id),
        short_description: Text {
            text: meta.summary.clone(),
        },
        full_description: Text {
            text: meta.rationale.clone(),
        },
        help: Help {
            text: format!("{}\n\n{}\n\nMore: {explain}", meta.help, meta.rationale),
            markdown: format!(
                "**Fix:** {}\n\n{}\n\nMore: `{explain}`",
                meta.help, meta.rationale
            ),
        },
        default_configuration: Configuration {
            level: sarif_level(meta.level),
        },
        properties: RuleProperties {
            family: meta.family.clone(),
            scope: meta.scope.as_str(),
            tags: vec!["prodcheck".to_string(), meta.family.clone()],
        },
    }
}

/// `error`, `warning`, `note`, or `none` for a rule that is off by default.
fn sarif_level(level: Level) -> &'static str {
    match level {
        Level::Allow => "none",
        other => level_word(other),
    }
}

/// `http_client_without_timeout` -> `HttpClientWithoutTimeout`, SARIF's friendly name.
fn pascal_case(id: &str) -> String {
    id.split('_')
        .flat_map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_ascii_uppercase())
                .into_iter()
                .chain(chars)
        })
        .collect()
}

fn result(diagnostic: &Diagnostic) -> SarifResult {
    let rule_id = diagnostic.finding.rule;
    let label = &diagnostic.finding.label;
    SarifResult {
        rule_id: rule_id.to_string(),
        rule_index: catalogue::all().iter().position(|rule| rule.id == rule_id),
        level: level_word(diagnostic.level),
        message: Text {
            text: diagnostic.finding.message.clone(),
        },
        locations: vec![Location {
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation {
                    uri: percent_encode(&diagnostic.path, b"/"),
                    uri_base_id: Some(SRCROOT),
                },
                region: region(diagnostic),
            },
            message: (!label.is_empty()).then(|| Text {
                text: label.clone(),
            }),
        }],
        partial_fingerprints: BTreeMap::from([(FINGERPRINT_KEY, diagnostic.fingerprint.clone())]),
    }
}

fn region(diagnostic: &Diagnostic) -> Region {
    let span = diagnostic.location();
    let snippet = diagnostic
        .source
        .get(diagnostic.byte_range())
        .unwrap_or_default();
    Region {
        start_line: span.line_start,
        start_column: span.column_start,
        end_line: span.line_end,
        end_column: span.column_end,
        snippet: (!snippet.is_empty()).then(|| Text {
            text: snippet.to_string(),
        }),
    }
}

/// `file:///abs/root/`: SARIF wants the base URI of a relative location to end in `/`.
fn root_location(root: &str) -> ArtifactLocation {
    let root = root.replace('\\', "/");
    let root = root.trim_end_matches('/');
    let slash = if root.starts_with('/') { "" } else { "/" };
    ArtifactLocation {
        uri: format!("file://{slash}{}/", percent_encode(root, b"/:")),
        uri_base_id: None,
    }
}

/// Percent-encodes every byte but URI-unreserved characters and `keep`.
fn percent_encode(text: &str, keep: &[u8]) -> String {
    let mut encoded = String::with_capacity(text.len());
    for &byte in text.as_bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) || keep.contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture::{broken_spans_run, render, sample_run};
    use serde_json::Value;

    fn schema_validator() -> jsonschema::Validator {
        let text = include_str!("../../tests/data/sarif-schema-2.1.0.json");
        let schema: Value = serde_json::from_str(text).expect("the schema is JSON");
        jsonschema::validator_for(&schema).expect("the schema compiles")
    }

    fn assert_valid(text: &str) {
        let log: Value = serde_json::from_str(text).expect("SARIF output is JSON");
        let errors: Vec<String> = schema_validator()
            .iter_errors(&log)
            .map(|error| format!("{} at {}", error, error.instance_path))
            .collect();
        assert!(errors.is_empty(), "schema violations: {errors:#?}");
    }

    #[test]
    fn output_validates_against_the_official_schema() {
        assert_valid(&render(write, &sample_run()));
        assert_valid(&render(write, &broken_spans_run()));
    }

    #[test]
    fn the_validator_rejects_a_broken_log() {
        let log: Value = serde_json::from_str(&render(write, &sample_run())).expect("JSON");
        let mut bad_level = log.clone();
        bad_level["runs"][0]["results"][0]["level"] = Value::from("fatal");
        let mut bad_line = log;
        bad_line["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
            ["startLine"] = Value::from(0);
        assert!(!schema_validator().is_valid(&bad_level));
        assert!(!schema_validator().is_valid(&bad_line));
    }

    #[test]
    fn results_point_at_rules_and_regions() {
        let log: Value = serde_json::from_str(&render(write, &sample_run())).expect("JSON");
        let run = &log["runs"][0];
        let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
        assert_eq!(rules.len(), catalogue::all().len());
        let print = &run["results"][1];
        let index = print["ruleIndex"].as_u64().expect("a rule index") as usize;
        assert_eq!(rules[index]["id"], "print_in_service");
        assert_eq!(rules[index]["name"], "PrintInService");
        assert_eq!(print["level"], "warning");
        let region = &print["locations"][0]["physicalLocation"]["region"];
        assert_eq!(
            (region["startLine"].as_u64(), region["startColumn"].as_u64()),
            (Some(3), Some(35))
        );
        assert_eq!(region["snippet"]["text"], "println!");
        assert_eq!(
            run["originalUriBaseIds"]["%SRCROOT%"]["uri"],
            "file:///work/app/"
        );
        assert!(
            run["results"][2]["locations"][0]["physicalLocation"]["region"]["snippet"].is_null()
        );
    }

    #[test]
    fn sample_run_snapshot() {
        let run = sample_run();
        let text = render(write, &run);
        assert_eq!(text, render(write, &run), "same run, same bytes");
        let results: Vec<SarifResult> = run.diagnostics.iter().map(result).collect();
        let mut values = serde_json::to_value(&results).expect("serializable");
        // ruleIndex moves whenever a rule is added: check it points at the rule, then
        // leave it out of the snapshot.
        for value in values.as_array_mut().expect("array") {
            let index = value["ruleIndex"].as_u64().expect("index") as usize;
            assert_eq!(
                prodcheck_lints::catalogue::all()[index].id,
                value["ruleId"].as_str().expect("id")
            );
            value.as_object_mut().expect("object").remove("ruleIndex");
        }
        insta::assert_snapshot!(serde_json::to_string_pretty(&values).expect("serializable"));
    }

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(root_location("/srv/my app/").uri, "file:///srv/my%20app/");
        assert_eq!(root_location("C:\\work\\app").uri, "file:///C:/work/app/");
        assert_eq!(
            percent_encode("src/ünï:x.rs", b"/"),
            "src/%C3%BCn%C3%AF%3Ax.rs"
        );
    }
}
