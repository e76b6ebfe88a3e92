//! systemd unit rules. A unit is read with its drop-ins (`NAME.service.d/*.conf`,
//! in file name order); for each key the last assignment wins and an empty one resets.

use super::{parse_error, program_name, rule, span_to_eol, DeployFile, DeployKind, Hit, Repo};
use crate::finding::{Finding, Span};
use crate::source::LineIndex;

rule! {
    /// Without `Restart=` systemd leaves a crashed service dead (the default is `no`).
    ///
    /// ### Fires on
    /// ```ini
    /// [Service]
    /// ExecStart=/usr/local/bin/api
    /// ```
    /// ### Stays silent on
    /// ```ini
    /// [Service]
    /// ExecStart=/usr/local/bin/api
    /// Restart=on-failure
    /// ```
    RESTART = "systemd_no_restart"
}

rule! {
    /// The soft open-files limit of a service is 1024 unless the unit raises it, and Rust
    /// std and tokio never raise it themselves: `accept` fails with EMFILE under load.
    ///
    /// ### Fires on
    /// ```ini
    /// [Unit]
    /// After=network-online.target
    /// [Service]
    /// ExecStart=/usr/local/bin/api
    /// ```
    /// ### Stays silent on
    /// ```ini
    /// [Service]
    /// ExecStart=/usr/local/bin/api
    /// LimitNOFILE=65535
    /// ```
    NOFILE = "systemd_no_nofile_limit"
}

rule! {
    /// systemd SIGKILLs a service `TimeoutStopSec=` (90 s by default) after the stop
    /// signal: shorter than the app's drain, requests are cut; a `KillSignal=` the code
    /// does not handle kills it at once.
    ///
    /// ### Fires on
    /// ```ini
    /// # the app drains for up to 60 s
    /// [Service]
    /// TimeoutStopSec=10
    /// ```
    /// ### Stays silent on
    /// ```ini
    /// [Service]
    /// TimeoutStopSec=75
    /// ```
    STOP_TIMEOUT = "systemd_stop_timeout_short"
}

rule! {
    /// With no `MemoryMax=`/`MemoryHigh=` a leak grows until the kernel's OOM killer
    /// picks a victim anywhere on the host, perhaps sshd or the database.
    ///
    /// ### Fires on
    /// ```ini
    /// [Service]
    /// ExecStart=/usr/local/bin/api
    /// ```
    /// ### Stays silent on
    /// ```ini
    /// [Service]
    /// ExecStart=/usr/local/bin/api
    /// MemoryMax=1G
    /// ```
    MEMORY = "systemd_no_memory_limit"
}

/// One assignment: where it was written (file index in the unit's stack, 0 = the unit).
#[derive(Debug, Clone)]
struct Assignment {
    section: String,
    key: String,
    value: String,
    source: usize,
    line: u32,
    col: u32,
}

/// A unit with its drop-ins: every assignment in order, and where `[Service]` is.
struct Unit {
    assignments: Vec<Assignment>,
    service_header: Option<u32>,
}

impl Unit {
    /// The effective value of `key` in `[Service]` (last wins; empty resets).
    fn get(&self, key: &str) -> Option<&Assignment> {
        let last = self
            .assignments
            .iter()
            .rev()
            .find(|a| a.section == "Service" && a.key == key)?;
        (!last.value.is_empty()).then_some(last)
    }

    /// Every value of a list key of `section`, after the last empty reset.
    fn list(&self, section: &str, key: &str) -> Vec<&str> {
        let mut values = Vec::new();
        for a in self
            .assignments
            .iter()
            .filter(|a| a.section == section && a.key == key)
        {
            if a.value.is_empty() {
                values.clear();
            } else {
                values.extend(a.value.split_whitespace());
            }
        }
        values
    }
}

/// Reads one file's assignments into `unit`.
fn read(text: &str, source: usize, unit: &mut Unit) {
    let lines: Vec<&str> = text.lines().collect();
    let mut section = String::new();
    let mut i = 0;
    while i < lines.len() {
        let start = i;
        let raw = lines[i];
        let mut logical = raw.trim().to_string();
        i += 1;
        if logical.is_empty() || logical.starts_with('#') || logical.starts_with(';') {
            continue;
        }
        while let Some(head) = logical.strip_suffix('\\') {
            logical = head.to_string();
            // Comment lines inside a continuation are skipped, as systemd does.
            while i < lines.len() && matches!(lines[i].trim_start().chars().next(), Some('#' | ';'))
            {
                i += 1;
            }
            let Some(next) = lines.get(i) else { break };
            logical.push(' ');
            logical.push_str(next.trim());
            i += 1;
        }
        if let Some(name) = logical.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name.trim().to_string();
            if section == "Service" && source == 0 {
                unit.service_header = Some(start as u32 + 1);
            }
            continue;
        }
        let Some((key, value)) = logical.split_once('=') else {
            continue;
        };
        let col = (raw.chars().count() - raw.trim_start().chars().count()) as u32;
        unit.assignments.push(Assignment {
            section: section.clone(),
            key: key.trim().to_string(),
            value: value.trim().to_string(),
            source,
            line: start as u32 + 1,
            col,
        });
    }
}

/// The drop-ins of the unit at `path`, in the order systemd applies them.
fn drop_ins<'a>(path: &str, files: &'a [DeployFile]) -> Vec<&'a DeployFile> {
    let dir = format!("{path}.d/");
    let mut found: Vec<&DeployFile> = files
        .iter()
        .filter(|f| {
            f.kind == DeployKind::Systemd && f.path.starts_with(&dir) && f.path.ends_with(".conf")
        })
        .collect();
    found.sort_by(|a, b| a.path.rsplit('/').next().cmp(&b.path.rsplit('/').next()));
    found
}

/// Runs the systemd rules on a unit and its drop-ins; findings go to the file that
/// wrote the offending line.
pub(crate) fn check(
    file: &DeployFile,
    index: &LineIndex<'_>,
    repo: &Repo<'_>,
) -> Vec<(String, Hit)> {
    let stack: Vec<&DeployFile> = std::iter::once(file)
        .chain(drop_ins(&file.path, repo.files))
        .collect();
    let mut unit = Unit {
        assignments: Vec::new(),
        service_header: None,
    };
    for (source, part) in stack.iter().enumerate() {
        read(&part.text, source, &mut unit);
    }
    let Some(header) = unit.service_header else {
        let finding = parse_error(index, 1, 0, "no [Service] section: this unit runs nothing");
        return vec![(file.path.clone(), Hit::new(finding, &[]))];
    };
    let indexes: Vec<LineIndex<'_>> = stack.iter().map(|f| LineIndex::new(&f.text)).collect();
    let ctx = Ctx {
        unit: &unit,
        stack: &stack,
        indexes: &indexes,
        header,
        repo,
        owner: owner(&unit),
    };
    let mut hits = Vec::new();
    for finding in [
        ctx.restart(),
        ctx.nofile(),
        ctx.stop_timeout(),
        ctx.kill_signal(),
        ctx.memory(),
    ]
    .into_iter()
    .flatten()
    {
        hits.push((
            finding.0,
            Hit::new(finding.1, &ctx.owner).in_item("[Service]"),
        ));
    }
    hits
}

fn owner(unit: &Unit) -> Vec<String> {
    let exec = unit
        .get("ExecStart")
        .map(|a| a.value.as_str())
        .unwrap_or("");
    let program = exec
        .trim_start_matches(['-', '@', ':', '+', '!'])
        .split_whitespace()
        .next()
        .unwrap_or("");
    vec![program_name(program).to_string()]
}

struct Ctx<'a> {
    unit: &'a Unit,
    stack: &'a [&'a DeployFile],
    indexes: &'a [LineIndex<'a>],
    header: u32,
    repo: &'a Repo<'a>,
    owner: Vec<String>,
}

type Located = (String, Finding);

impl Ctx<'_> {
    /// The `[Service]` header of the unit file.
    fn at_header(&self) -> (String, Span) {
        (
            self.stack[0].path.clone(),
            span_to_eol(&self.indexes[0], self.header, 0),
        )
    }

    /// The line of an assignment, in the file that wrote it.
    fn at(&self, a: &Assignment) -> (String, Span) {
        (
            self.stack[a.source].path.clone(),
            span_to_eol(&self.indexes[a.source], a.line, a.col),
        )
    }

    fn oneshot(&self) -> bool {
        self.unit.get("Type").is_some_and(|a| a.value == "oneshot")
    }

    fn restart(&self) -> Option<Located> {
        if self.oneshot() {
            return None;
        }
        let (path, span) = match self.unit.get("Restart") {
            Some(a) if a.value == "no" => self.at(a),
            Some(_) => return None,
            None => self.at_header(),
        };
        let finding = Finding::new(
            RESTART.id,
            span,
            "the service is not restarted when it dies",
            "no `Restart=`",
        )
        .with_help("add `Restart=on-failure` and `RestartSec=1` to [Service]");
        Some((path, finding))
    }

    /// A network service: the code says it serves, or the unit orders itself after the network.
    fn is_network_service(&self) -> bool {
        if let Some(facts) = self.repo.facts_named(&self.owner) {
            return facts.is_service;
        }
        ["After", "Wants", "Requires"].iter().any(|key| {
            self.unit
                .list("Unit", key)
                .iter()
                .any(|v| v.starts_with("network"))
        })
    }

    fn nofile(&self) -> Option<Located> {
        let raises = self
            .repo
            .facts_named(&self.owner)
            .is_some_and(|f| f.raises_nofile_limit);
        if self.oneshot() || raises || !self.is_network_service() {
            return None;
        }
        let (path, span, message) = match self.unit.get("LimitNOFILE") {
            None => {
                let (path, span) = self.at_header();
                (
                    path,
                    span,
                    "no `LimitNOFILE=`: the service keeps a soft limit of 1024 open files"
                        .to_string(),
                )
            }
            Some(a) => {
                let soft = a.value.split(':').next().unwrap_or("");
                let low = soft.parse::<u64>().is_ok_and(|n| n < 65535);
                if !low {
                    return None;
                }
                let (path, span) = self.at(a);
                (
                    path,
                    span,
                    format!(
                        "`LimitNOFILE={}` leaves a soft limit of {soft} open files",
                        a.value
                    ),
                )
            }
        };
        Some((
            path,
            Finding::new(NOFILE.id, span, message, "open-files limit")
                .with_help("set `LimitNOFILE=65535` (or higher) in [Service]"),
        ))
    }

    fn stop_timeout(&self) -> Option<Located> {
        let needed = self.repo.facts_named(&self.owner)?.shutdown_timeout_secs?;
        let set = self
            .unit
            .get("TimeoutStopSec")
            .or_else(|| self.unit.get("TimeoutSec"));
        let seconds = match set {
            Some(a) => parse_seconds(&a.value)?,
            None => 90,
        };
        if seconds >= needed {
            return None;
        }
        let (path, span) = set.map_or_else(|| self.at_header(), |a| self.at(a));
        let finding = Finding::new(STOP_TIMEOUT.id, span, format!("systemd SIGKILLs the service after {seconds} s but it may take {needed} s to shut down"), "stop timeout too short")
            .with_help(format!("set `TimeoutStopSec={}` in [Service]", needed + 5));
        Some((path, finding))
    }

    fn kill_signal(&self) -> Option<Located> {
        let set = self.unit.get("KillSignal")?;
        let facts = self.repo.facts_named(&self.owner)?;
        if facts.handles(&set.value) {
            return None;
        }
        let (path, span) = self.at(set);
        let signal = super::normalize_signal(&set.value);
        let finding = Finding::new(
            STOP_TIMEOUT.id,
            span,
            format!(
                "`KillSignal={}` but `{}` handles no {signal}",
                set.value, facts.package
            ),
            "signal not handled",
        )
        .with_help("use `KillSignal=SIGTERM` and handle SIGTERM in the code");
        Some((path, finding))
    }

    fn memory(&self) -> Option<Located> {
        let keys = [
            "MemoryMax",
            "MemoryHigh",
            "MemoryLimit",
            "OOMScoreAdjust",
            "OOMPolicy",
        ];
        if keys.iter().any(|k| self.unit.get(k).is_some()) {
            return None;
        }
        let (path, span) = self.at_header();
        let finding = Finding::new(MEMORY.id, span, "the service has no memory limit", "no `MemoryMax=`")
            .with_help("add `MemoryMax=1G` (and `MemoryHigh=` a little below it) to [Service], sized to the service's peak");
        Some((path, finding))
    }
}

/// Seconds in a systemd time span (`90`, `1min 30s`, `2m`, `500ms`); `None` for infinity.
fn parse_seconds(text: &str) -> Option<u64> {
    if text.trim() == "infinity" {
        return None;
    }
    let mut total_ms: u64 = 0;
    let mut rest = text.trim();
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        let number: u64 = rest[..digits].parse().ok()?;
        rest = rest[digits..].trim_start();
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c.is_whitespace())
            .unwrap_or(rest.len());
        let factor = match &rest[..unit_len] {
            "" | "s" | "sec" | "second" | "seconds" => 1000,
            "ms" | "msec" => 1,
            "m" | "min" | "minute" | "minutes" => 60_000,
            "h" | "hr" | "hour" | "hours" => 3_600_000,
            _ => return None,
        };
        total_ms = total_ms.saturating_add(number.saturating_mul(factor));
        rest = rest[unit_len..].trim_start();
    }
    Some(total_ms / 1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_spans() {
        assert_eq!(parse_seconds("90"), Some(90));
        assert_eq!(parse_seconds("1min 30s"), Some(90));
        assert_eq!(parse_seconds("2m"), Some(120));
        assert_eq!(parse_seconds("infinity"), None);
    }

    #[test]
    fn last_assignment_wins_and_empty_resets() {
        let mut unit = Unit {
            assignments: Vec::new(),
            service_header: None,
        };
        read("[Unit]\nAfter=network.target \\\n  # note\n  foo.target\nAfter=\nAfter=x.target\n[Service]\nRestart=always\n; c\nRestart=\n", 0, &mut unit);
        assert_eq!(unit.list("Unit", "After"), vec!["x.target"]);
        assert!(unit.get("Restart").is_none());
        assert_eq!(unit.service_header, Some(7));
    }
}
