//! The release profile of a `Cargo.toml`, with spans, and the rule on it.

use super::{rule, span_to_eol, Hit};
use crate::finding::{Finding, Span};
use crate::source::LineIndex;
use serde::Deserialize;
use toml::Spanned;

rule! {
    /// `strip = true` (or `"symbols"`) removes the symbol table, so a panic or crash
    /// backtrace from production shows `<unknown>` frames and cannot be read.
    ///
    /// ### Fires on
    /// ```toml
    /// [profile.release]
    /// strip = true
    /// ```
    /// ### Stays silent on
    /// ```toml
    /// [profile.release]
    /// strip = "debuginfo"
    /// ```
    RISKY_RELEASE = "cargo_profile_risky_release"
}

rule! {
    /// `panic = "abort"` in a service's release profile turns one panicking request into a
    /// dead process: every other in-flight request dies with it, and the restart drops
    /// open connections and warm caches. Unwinding lets the server fail that one request.
    ///
    /// ### Fires on
    /// ```toml
    /// [profile.release]
    /// panic = "abort"        # in the manifest of a service
    /// ```
    /// ### Stays silent on
    /// ```toml
    /// [profile.release]
    /// panic = "unwind"       # the default
    /// ```
    /// CLI tools and libraries (the code analysis decides), `[profile.dev]`, and member
    /// manifests whose profiles cargo ignores.
    PANIC_ABORT = "panic_abort_in_service"
}

/// The settings of `[profile.release]` that the rules read, each with its span.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReleaseProfile {
    /// The `[profile.release]` header.
    pub header: Option<Span>,
    /// `panic = "abort"`, when set.
    pub panic_abort: Option<Span>,
    /// `debug = ...`, as written (`0`, `false`, `"line-tables-only"`, ...).
    pub debug: Option<(String, Span)>,
    /// `strip = ...`, as written (`true`, `"symbols"`, `"debuginfo"`, ...).
    pub strip: Option<(String, Span)>,
    /// `overflow-checks = ...`.
    pub overflow_checks: Option<(bool, Span)>,
}

impl ReleaseProfile {
    /// True when the symbol table is stripped (`strip = true` or `"symbols"`).
    pub fn strips_symbols(&self) -> bool {
        self.strip
            .as_ref()
            .is_some_and(|(value, _)| matches!(value.as_str(), "true" | "symbols"))
    }
}

#[derive(Deserialize)]
struct RawManifest {
    profile: Option<RawProfiles>,
}

#[derive(Deserialize)]
struct RawProfiles {
    release: Option<RawProfile>,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct RawProfile {
    panic: Option<Spanned<String>>,
    debug: Option<Spanned<toml::Value>>,
    strip: Option<Spanned<toml::Value>>,
    overflow_checks: Option<Spanned<bool>>,
}

/// Reads `[profile.release]`; `None` when the manifest has none or does not parse.
pub fn release_profile(cargo_toml_text: &str) -> Option<ReleaseProfile> {
    let raw: RawManifest = toml::from_str(cargo_toml_text).ok()?;
    let release = raw.profile?.release?;
    let index = LineIndex::new(cargo_toml_text);
    let span = |range: std::ops::Range<usize>| {
        let (line, col) = index.position(range.start as u32);
        span_to_eol(&index, line, col)
    };
    let shown = |value: &toml::Value| match value {
        toml::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let header = (1..=index.line_count())
        .find(|&line| {
            index
                .line_text(line)
                .trim()
                .trim_start_matches('[')
                .trim_end_matches(']')
                .trim()
                == "profile.release"
        })
        .map(|line| span_to_eol(&index, line, 0));
    Some(ReleaseProfile {
        header,
        panic_abort: release
            .panic
            .filter(|p| p.get_ref() == "abort")
            .map(|p| span(p.span())),
        debug: release.debug.map(|d| (shown(d.get_ref()), span(d.span()))),
        strip: release.strip.map(|s| (shown(s.get_ref()), span(s.span()))),
        overflow_checks: release
            .overflow_checks
            .map(|o| (*o.get_ref(), span(o.span()))),
    })
}

/// Runs the rules on one `Cargo.toml`; member manifests are skipped when the root one
/// declares the workspace (cargo ignores their profiles). `any_service` says whether the
/// code analysis found service code in the packages this profile builds.
pub(crate) fn check(text: &str, is_workspace_member: bool, any_service: bool) -> Vec<Hit> {
    if is_workspace_member {
        return Vec::new();
    }
    let Some(profile) = release_profile(text) else {
        return Vec::new();
    };
    let mut hits = Vec::new();
    if let (Some(span), true) = (profile.panic_abort, any_service) {
        let finding = Finding::new(PANIC_ABORT.id, span, "`panic = \"abort\"` in the release profile of a service: one panicking request kills every request in flight", "aborts the whole process on any panic")
            .with_help("remove `panic = \"abort\"` (unwinding is the default) so a panicking handler fails only its own request");
        hits.push(Hit::new(finding, &[]));
    }
    if let Some((value, span)) = profile.strip.clone().filter(|_| profile.strips_symbols()) {
        let finding = Finding::new(RISKY_RELEASE.id, span, format!("`strip = {value}` in the release profile: crash backtraces will have no symbols"), "symbols stripped")
            .with_help("use `strip = \"debuginfo\"` (keeps function names in backtraces), or keep `debug = \"line-tables-only\"` and strip into a separate debug file");
        hits.push(Hit::new(finding, &[]));
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_release_profile_with_spans() {
        let text = "[package]\nname = \"x\"\n\n[profile.release]\npanic = \"abort\"\nstrip = true\ndebug = 0\noverflow-checks = true\n";
        let profile = release_profile(text).unwrap();
        assert_eq!(profile.header.map(|s| s.line_start), Some(4));
        assert_eq!(profile.panic_abort.map(|s| s.line_start), Some(5));
        assert_eq!(
            profile
                .strip
                .as_ref()
                .map(|(v, s)| (v.as_str(), s.line_start)),
            Some(("true", 6))
        );
        assert_eq!(profile.debug.as_ref().map(|(v, _)| v.as_str()), Some("0"));
        assert_eq!(
            profile.overflow_checks.map(|(v, s)| (v, s.line_start)),
            Some((true, 8))
        );
        assert!(profile.strips_symbols());
        assert!(release_profile("[package]\nname = \"x\"\n").is_none());
        assert!(release_profile("not toml [").is_none());
    }
}
