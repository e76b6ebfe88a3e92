//! `--timings`: where a run's time went, phase by phase, and the slowest rules and files,
//! so a slow rule is found by measurement rather than guesswork.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::time::Duration;

/// How many rules and files the report lists.
const SLOWEST: usize = 10;

/// The measured phases of one run.
#[derive(Debug, Default, Clone)]
pub struct Timings {
    /// Wall time of each phase, in the order it ran.
    pub phases: Vec<(&'static str, Duration)>,
    /// Time spent reading, parsing and walking, summed over the files (CPU time of the
    /// workers: with several threads it exceeds the phase's wall time).
    pub read: Duration,
    /// See [`Timings::read`].
    pub parse: Duration,
    /// See [`Timings::read`]; includes the rules.
    pub walk: Duration,
    /// Each rule's total time over all files.
    pub rules: HashMap<&'static str, Duration>,
    /// Each file's read + parse + walk time.
    pub files: Vec<(String, Duration)>,
}

impl Timings {
    /// Records the wall time of a phase.
    pub fn phase(&mut self, name: &'static str, took: Duration) {
        self.phases.push((name, took));
    }

    /// The report printed after the findings (on stderr).
    pub fn render(&self) -> String {
        let mut out = String::from("timings (wall clock, by phase):\n");
        let total: Duration = self.phases.iter().map(|(_, d)| *d).sum();
        for (name, took) in &self.phases {
            let _ = writeln!(out, "  {name:<24} {:>9.3} s", took.as_secs_f64());
        }
        let _ = writeln!(out, "  {:<24} {:>9.3} s", "total", total.as_secs_f64());
        let rules_total: Duration = self.rules.values().sum();
        let _ = writeln!(
            out,
            "files, summed over the worker threads: read {:.3} s, parse {:.3} s, walk {:.3} s (rules {:.3} s of it)",
            self.read.as_secs_f64(),
            self.parse.as_secs_f64(),
            self.walk.as_secs_f64(),
            rules_total.as_secs_f64(),
        );
        let mut rules: Vec<(&str, Duration)> = self.rules.iter().map(|(r, d)| (*r, *d)).collect();
        rules.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        out.push_str("slowest rules:\n");
        for (rule, took) in rules.iter().take(SLOWEST) {
            let _ = writeln!(out, "  {rule:<36} {:>9.3} s", took.as_secs_f64());
        }
        let mut files = self.files.clone();
        files.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        out.push_str("slowest files:\n");
        for (file, took) in files.iter().take(SLOWEST) {
            let _ = writeln!(out, "  {:>9.3} s  {file}", took.as_secs_f64());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_phases_in_order_and_the_slowest_first() {
        let mut timings = Timings::default();
        timings.phase("cargo metadata", Duration::from_millis(30));
        timings.phase("report", Duration::from_millis(1));
        timings.rules.insert("fast_rule", Duration::from_millis(1));
        timings.rules.insert("slow_rule", Duration::from_millis(9));
        timings.files = (0..12)
            .map(|i| (format!("src/f{i}.rs"), Duration::from_millis(i)))
            .collect();
        let text = timings.render();
        let metadata = text.find("cargo metadata").unwrap();
        assert!(metadata < text.find("report").unwrap());
        assert!(
            text.contains("total                        0.031 s"),
            "{text}"
        );
        assert!(text.find("slow_rule").unwrap() < text.find("fast_rule").unwrap());
        assert!(
            text.contains("src/f11.rs") && !text.contains("src/f1.rs\n"),
            "{text}"
        );
    }
}
