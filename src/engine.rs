//! The run: files in parallel (each read once, parsed once, walked once), then the
//! package-level joins, levels and suppressions, then one deterministic order.

use crate::config::{self, CliLevel, ConfigError, ConfigTable, Levels};
use crate::discover::{self, DiscoverOptions, SourceFile};
use crate::report::{Diagnostic, PackageRef, Run};
pub use crate::timings::Timings;
use crate::workspace::{Package, Workspace};
use prodcheck_lints::facts::{keys, Fact};
use prodcheck_lints::rule::RuleDef;
use prodcheck_lints::source::{suppressions, CommentStyle, LineIndex, Suppression};
use prodcheck_lints::{catalogue, check_rust_file, Finding, Level, RustFile, RustOutcome, Span};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

/// Files larger than this are skipped with a note: generated tables, not code to review.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Stack of each worker thread: syn recurses once per nesting level.
const WORKER_STACK: usize = 256 * 1024 * 1024;

/// Options of one run.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Worker threads (0: one per core).
    pub jobs: usize,
    /// Lint `examples/` too.
    pub include_examples: bool,
    /// `-A/-W/-D` flags in the order given.
    pub cli_levels: Vec<CliLevel>,
    /// Colour for the human report.
    pub color: bool,
    /// Measure where the time goes (`--timings`).
    pub timings: bool,
}

/// What one file yields in the parallel phase.
struct FileResult {
    /// Time to read the file (with `--timings`).
    read: std::time::Duration,
    text: Arc<str>,
    outcome: RustOutcome,
    suppressions: Vec<Suppression>,
}

/// Analyses the workspace. Errors are problems of the run itself (exit status 2).
/// With [`Options::timings`], the second value says where the time went.
pub fn run(
    workspace: &Workspace,
    options: &Options,
) -> Result<(Run, Option<Timings>), ConfigError> {
    let mut timings = Timings::default();
    let mut phase_start = Instant::now();
    let mut lap = |timings: &mut Timings, name: &'static str| {
        timings.phase(name, phase_start.elapsed());
        phase_start = Instant::now();
    };
    let configs = Configs::load(workspace)?;
    let levels: Vec<Levels> = (0..workspace.packages.len())
        .map(|i| Levels::new(&configs.tables_for(i), &options.cli_levels))
        .collect::<Result<_, _>>()?;
    let root_levels = Levels::new(&configs.tables_for(usize::MAX), &options.cli_levels)?;
    if let Some(unknown) = root_levels.unknown_cli_names().into_iter().next() {
        return Err(ConfigError(format!(
            "unknown rule or family `{unknown}` (see `cargo prodcheck rules`)"
        )));
    }
    let discover_options = DiscoverOptions {
        include_examples: options.include_examples || configs.include_examples(),
        exclude: configs.excludes(),
    };
    let discovered = discover::discover(workspace, &discover_options).map_err(ConfigError)?;
    tracing::info!(
        rust_files = discovered.rust.len(),
        deploy_candidates = discovered.deploy.len(),
        unreadable = discovered.unreadable.len(),
        "discovered files"
    );
    lap(&mut timings, "config and discovery");
    let files = &discovered.rust;
    let enabled: Vec<Vec<&'static RuleDef>> = levels
        .iter()
        .map(|l| {
            prodcheck_lints::rust::RULES
                .iter()
                .copied()
                .filter(|d| l.level(d.id) != Level::Allow)
                .collect()
        })
        .collect();
    let results = analyse_in_parallel(workspace, files, &enabled, options);
    lap(&mut timings, "read, parse, rules");
    let mut join = Join::new(workspace, files, &results);
    // The deployment files first: what they say about a package (the signal its image
    // stops it with) decides some of the code's findings.
    let mut deploy_diagnostics = Vec::new();
    let (deploy_files, stopped_by_handled_signal) = crate::deploy::check(
        workspace,
        &discovered.deploy,
        &join,
        &levels,
        &root_levels,
        &mut deploy_diagnostics,
    );
    lap(&mut timings, "deploy files");
    for (index, package) in workspace.packages.iter().enumerate() {
        if stopped_by_handled_signal.contains(&package.info.name) {
            join.facts[index].insert(Fact::flag(keys::STOPPED_BY_HANDLED_SIGNAL));
        }
    }
    let mut diagnostics = Vec::new();
    for (file, result) in files.iter().zip(&results) {
        if join.test_only.contains(&file.path) {
            continue;
        }
        join.file_diagnostics(file, result, &levels[file.package], &mut diagnostics);
    }
    diagnostics.extend(deploy_diagnostics);
    lap(&mut timings, "package joins");
    for (path, reason) in &discovered.unreadable {
        let finding = Finding::new(
            "io_error",
            Span::default(),
            format!("cannot read this entry: {reason}"),
            "not analysed",
        );
        diagnostics.push(diagnostic(
            workspace,
            path,
            Arc::from(""),
            finding,
            &root_levels,
            None,
        ));
    }
    diagnostics.extend(configs.unknown_names(workspace, &root_levels));
    if let (Some(reason), Some(manifest)) = (&workspace.fallback_reason, &workspace.manifest) {
        diagnostics.push(manifest_diagnostic(
            workspace,
            manifest,
            reason,
            &root_levels,
        ));
    }
    diagnostics.retain(|d| d.level != Level::Allow);
    diagnostics.sort_by(|a, b| {
        (
            &a.path,
            a.finding.span.line_start,
            a.finding.span.column_start,
            a.finding.rule,
            &a.finding.message,
        )
            .cmp(&(
                &b.path,
                b.finding.span.line_start,
                b.finding.span.column_start,
                b.finding.rule,
                &b.finding.message,
            ))
    });
    let failed = diagnostics.iter().any(|d| d.level == Level::Deny);
    lap(&mut timings, "unreadable entries, sort");
    let run = Run {
        root: workspace.root.display().to_string(),
        diagnostics,
        files_checked: files.len() + deploy_files,
        failed,
        color: options.color,
        baseline: None,
    };
    if !options.timings {
        return Ok((run, None));
    }
    for (file, result) in files.iter().zip(&results) {
        timings.read += result.read;
        let Some(file_timings) = &result.outcome.timings else {
            continue;
        };
        timings.parse += file_timings.parse;
        timings.walk += file_timings.walk;
        for (rule, took) in &file_timings.rules {
            *timings.rules.entry(rule).or_default() += *took;
        }
        let total = result.read + file_timings.parse + file_timings.walk;
        timings.files.push((file.relative.clone(), total));
    }
    Ok((run, Some(timings)))
}

fn analyse_in_parallel(
    workspace: &Workspace,
    files: &[SourceFile],
    enabled: &[Vec<&'static RuleDef>],
    options: &Options,
) -> Vec<FileResult> {
    let analyse = |f: &SourceFile| {
        analyse_file(
            f,
            &workspace.packages[f.package],
            &enabled[f.package],
            options.timings,
        )
    };
    // Largest files first: a big file parsed last would leave the other workers idle,
    // and its syntax tree is built before the results of thousands of small files pile
    // up around it (measured: a lower peak RSS). Results go back to discovery order.
    let sizes: Vec<u64> = files
        .iter()
        .map(|f| std::fs::metadata(&f.path).map_or(0, |m| m.len()))
        .collect();
    let mut order: Vec<usize> = (0..files.len()).collect();
    order.sort_by(|&a, &b| sizes[b].cmp(&sizes[a]).then(a.cmp(&b)));
    let work = || -> Vec<FileResult> {
        // One file per job: rayon's adaptive split would otherwise leave the first
        // quarter of the list, the biggest files, to one worker with nothing to steal.
        let mut results: Vec<(usize, FileResult)> = order
            .par_iter()
            .with_max_len(1)
            .map(|&i| (i, analyse(&files[i])))
            .collect();
        results.sort_unstable_by_key(|&(index, _)| index);
        results.into_iter().map(|(_, result)| result).collect()
    };
    match rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs)
        .stack_size(WORKER_STACK)
        .build()
    {
        Ok(pool) => pool.install(work),
        // No pool (thread limits): one big-stack thread does the same work in order.
        Err(_) => std::thread::scope(|scope| {
            std::thread::Builder::new()
                .stack_size(WORKER_STACK)
                .spawn_scoped(scope, || files.iter().map(analyse).collect())
                .ok()
                .and_then(|h| h.join().ok())
                .unwrap_or_default()
        }),
    }
}

fn analyse_file(
    file: &SourceFile,
    package: &Package,
    rules: &[&'static RuleDef],
    timings: bool,
) -> FileResult {
    let started = Instant::now();
    let read_result = read_text(&file.path);
    let read = started.elapsed();
    let text = match read_result {
        Ok(text) => text,
        Err(finding) => {
            tracing::info!(file = %file.relative, reason = %finding.message, "not analysed");
            let outcome = RustOutcome {
                findings: vec![*finding],
                ..RustOutcome::default()
            };
            return FileResult {
                read,
                text: Arc::from(""),
                outcome,
                suppressions: Vec::new(),
            };
        }
    };
    // A bug in one rule must not take the whole run down: the file gets a finding that
    // says so, and every other file is still checked.
    let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        check_rust_file(&RustFile {
            path: &file.relative,
            text: &text,
            package: &package.info,
            is_bin_root: file.is_bin_root,
            rules,
            timings,
        })
    }));
    let mut outcome = checked.unwrap_or_else(|_| {
        let message = "internal error while checking this file (a bug in cargo prodcheck: please report it with this file)";
        RustOutcome { findings: vec![Finding::new("internal_error", Span::default(), message, "not analysed")], ..RustOutcome::default() }
    });
    let suppressions = std::mem::take(&mut outcome.suppressions);
    // Keep the text only where a report may show it: a file with no finding and no
    // suppression comment is never printed, and holding every file's text made the
    // peak memory grow with the size of the tree.
    let shown = !outcome.findings.is_empty() || !suppressions.is_empty();
    FileResult {
        read,
        text: if shown {
            Arc::from(text)
        } else {
            Arc::from("")
        },
        outcome,
        suppressions,
    }
}

/// Reads a file as UTF-8 text, or says why it cannot be analysed.
pub fn read_text(path: &Path) -> Result<String, Box<Finding>> {
    let fail = |rule: &'static str, message: String| {
        Box::new(Finding::new(rule, Span::default(), message, "not analysed"))
    };
    let metadata = std::fs::metadata(path)
        .map_err(|e| fail("io_error", format!("cannot read this file: {e}")))?;
    if metadata.is_dir() {
        return Err(fail(
            "io_error",
            "cannot read this file: it is a directory".into(),
        ));
    }
    if metadata.len() > MAX_FILE_BYTES {
        let size = metadata.len() / (1024 * 1024);
        return Err(fail(
            "file_skipped",
            format!(
                "skipped: {size} MiB is over the {} MiB limit",
                MAX_FILE_BYTES / 1024 / 1024
            ),
        ));
    }
    let bytes =
        std::fs::read(path).map_err(|e| fail("io_error", format!("cannot read this file: {e}")))?;
    String::from_utf8(bytes).map_err(|e| {
        fail(
            "parse_error",
            format!(
                "this file is not valid UTF-8 (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

/// The config tables of the workspace and its packages.
struct Configs {
    workspace: Vec<config::Source>,
    packages: Vec<Option<config::Source>>,
}

impl Configs {
    fn load(workspace: &Workspace) -> Result<Self, ConfigError> {
        let mut shared = Vec::new();
        if let Some(manifest) = &workspace.manifest {
            shared.extend(config::from_metadata(
                &workspace.metadata,
                manifest,
                "workspace",
            )?);
        }
        shared.extend(config::from_file(&workspace.root)?);
        let packages = workspace
            .packages
            .iter()
            .map(|p| match &p.manifest {
                Some(m) => config::from_metadata(&p.metadata, m, "package"),
                None => Ok(None),
            })
            .collect::<Result<_, _>>()?;
        Ok(Configs {
            workspace: shared,
            packages,
        })
    }

    fn tables_for(&self, package: usize) -> Vec<&ConfigTable> {
        let own = self.packages.get(package).and_then(Option::as_ref);
        self.workspace.iter().chain(own).map(|s| &s.table).collect()
    }

    fn all(&self) -> impl Iterator<Item = &config::Source> {
        self.workspace.iter().chain(self.packages.iter().flatten())
    }

    fn excludes(&self) -> Vec<String> {
        self.all()
            .flat_map(|s| s.table.exclude.iter().cloned())
            .collect()
    }

    fn include_examples(&self) -> bool {
        self.all().any(|s| s.table.include_examples == Some(true))
    }

    /// `unknown_rule` for each misspelt name in a config's `lints` table.
    fn unknown_names(&self, workspace: &Workspace, levels: &Levels) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        for source in self.all() {
            for name in source.table.lints.keys().filter(|n| !config::is_known(n)) {
                if !seen.insert((source.file.clone(), name.clone())) {
                    continue;
                }
                let index = LineIndex::new(&source.text);
                let span = source
                    .text
                    .find(name.as_str())
                    .map(|at| index.span_of_bytes(at as u32, (at + name.len()) as u32))
                    .unwrap_or_default();
                let finding = Finding::new(
                    "unknown_rule",
                    span,
                    format!("unknown rule or family `{name}` in config"),
                    "not a rule id or family",
                );
                out.push(diagnostic(
                    workspace,
                    &source.file,
                    Arc::from(source.text.as_str()),
                    finding,
                    levels,
                    None,
                ));
            }
        }
        out
    }
}

/// The package-level joins: module tree, facts, service profiles.
pub(crate) struct Join<'w> {
    workspace: &'w Workspace,
    test_only: HashSet<std::path::PathBuf>,
    /// Facts of each package (with those of the workspace packages it is joined to).
    pub(crate) facts: Vec<HashSet<Fact>>,
    /// Whether each package has service code.
    pub(crate) service: Vec<bool>,
    /// The files that are service code.
    service_files: HashSet<std::path::PathBuf>,
    references: HashMap<(usize, Option<usize>), Arc<PackageRef>>,
}

impl<'w> Join<'w> {
    fn new(workspace: &'w Workspace, files: &[SourceFile], results: &[FileResult]) -> Self {
        let test_only = crate::modules::test_only_files(
            workspace,
            files,
            results.iter().map(|r| &r.outcome.modules),
        );
        let count = workspace.packages.len();
        let mut own: Vec<HashSet<Fact>> = vec![HashSet::new(); count];
        for (file, result) in files.iter().zip(results) {
            if !test_only.contains(&file.path) {
                own[file.package].extend(result.outcome.facts.iter().cloned());
            }
        }
        // Facts flow along workspace dependencies both ways: a library's logger init
        // counts for the binary that calls it, and the binary's SIGTERM handler for the library.
        let mut facts = own.clone();
        for (index, package) in workspace.packages.iter().enumerate() {
            for &dep in &package.workspace_deps {
                let (a, b) = (own[dep].clone(), own[index].clone());
                facts[index].extend(a);
                facts[dep].extend(b);
            }
        }
        for package_facts in &mut facts {
            prodcheck_lints::facts::derive(package_facts);
        }
        let scope = crate::service::classify(
            workspace,
            files,
            results.iter().map(|r| &r.outcome),
            &test_only,
        );
        Join {
            workspace,
            test_only,
            facts,
            service: scope.packages,
            service_files: files
                .iter()
                .zip(scope.files)
                .filter(|(_, service)| *service)
                .map(|(f, _)| f.path.clone())
                .collect(),
            references: HashMap::new(),
        }
    }

    fn file_diagnostics(
        &mut self,
        file: &SourceFile,
        result: &FileResult,
        levels: &Levels,
        out: &mut Vec<Diagnostic>,
    ) {
        let package = &self.workspace.packages[file.package];
        let target = crate::modules::target_of(package, &file.path);
        let reference = self
            .references
            .entry((file.package, target))
            .or_insert_with(|| package.reference(target.map(|t| &package.targets[t])))
            .clone();
        let facts = &self.facts[file.package];
        for finding in &result.outcome.findings {
            if finding.condition.as_ref().is_some_and(|c| !c.holds(facts)) {
                continue;
            }
            let scope = catalogue::get(finding.rule).map(|m| m.scope);
            if scope == Some(catalogue::Scope::Service) && !self.service_files.contains(&file.path)
            {
                continue;
            }
            if is_suppressed(finding, &result.suppressions) {
                continue;
            }
            let d = diagnostic(
                self.workspace,
                &file.path,
                result.text.clone(),
                finding.clone(),
                levels,
                Some(reference.clone()),
            );
            out.push(d);
        }
        for suppression in &result.suppressions {
            for (name, span) in suppression
                .names
                .iter()
                .filter(|(n, _)| !config::is_known(n))
            {
                let finding = Finding::new(
                    "unknown_rule",
                    *span,
                    format!("unknown rule or family `{name}` in a suppression"),
                    "not a rule id or family",
                )
                .with_help("use an id from `cargo prodcheck rules`; this comment silences nothing");
                out.push(diagnostic(
                    self.workspace,
                    &file.path,
                    result.text.clone(),
                    finding,
                    levels,
                    Some(reference.clone()),
                ));
            }
        }
    }
}

pub(crate) fn is_suppressed(finding: &Finding, suppressions: &[Suppression]) -> bool {
    let family = catalogue::get(finding.rule).map(|m| m.family.as_str());
    suppressions.iter().any(|s| {
        (s.whole_file || s.target_line == finding.span.line_start)
            && s.names
                .iter()
                .any(|(n, _)| n == finding.rule || Some(n.as_str()) == family)
    })
}

pub(crate) fn diagnostic(
    workspace: &Workspace,
    path: &Path,
    source: Arc<str>,
    mut finding: Finding,
    levels: &Levels,
    package: Option<Arc<PackageRef>>,
) -> Diagnostic {
    if finding.help.is_none() {
        finding.help = catalogue::get(finding.rule).map(|m| m.help.clone());
    }
    let relative = discover::relative_path(&workspace.root, path);
    let fingerprint = fingerprint(&finding, &relative, &source);
    Diagnostic {
        level: levels.level_of(&finding),
        finding,
        path: relative,
        source,
        package,
        fingerprint,
    }
}

/// A stable hash of rule, path, enclosing item and the flagged code without whitespace,
/// so a finding keeps its identity when code moves up or down the file.
pub fn fingerprint(finding: &Finding, path: &str, source: &str) -> String {
    let snippet = source
        .get(finding.span.byte_start as usize..finding.span.byte_end as usize)
        .unwrap_or("");
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let parts = [finding.rule, path, finding.item.as_str()];
    let bytes = parts
        .iter()
        .flat_map(|p| p.bytes().chain([0]))
        .chain(snippet.bytes().filter(|b| !b.is_ascii_whitespace()));
    for byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// `cargo metadata` failed: say so at the manifest, then the tree was analysed as plain files.
fn manifest_diagnostic(
    workspace: &Workspace,
    manifest: &Path,
    reason: &str,
    levels: &Levels,
) -> Diagnostic {
    let text = std::fs::read_to_string(manifest).unwrap_or_default();
    let index = LineIndex::new(&text);
    let span = match toml::from_str::<toml::Value>(&text) {
        Err(err) => err
            .span()
            .map(|r| index.span_of_bytes(r.start as u32, r.end as u32))
            .unwrap_or_else(|| index.first_line()),
        Ok(_) => index.first_line(),
    };
    let message =
        format!("cargo metadata failed, so this tree was analysed as plain Rust files: {reason}");
    let finding = Finding::new(
        "parse_error",
        span,
        message,
        "cargo cannot read this manifest",
    );
    diagnostic(workspace, manifest, Arc::from(text), finding, levels, None)
}

/// How a lone source file is classified by [`check_source`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// Service code: service-scoped rules run.
    Service,
    /// Not service code.
    Other,
    /// Decide from the file itself, as for a plain directory: service when it starts a server.
    FromCode,
}

/// Checks one file as a package of its own, with every rule, the package-level joins and
/// the suppressions applied: what the ui-test harness compares with its annotations.
pub fn check_source(
    path: &str,
    text: &str,
    package: &prodcheck_lints::context::PackageInfo,
    is_bin_root: bool,
    profile: Profile,
) -> Vec<Finding> {
    let outcome = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(WORKER_STACK)
            .spawn_scoped(scope, || {
                check_rust_file(&RustFile {
                    path,
                    text,
                    package,
                    is_bin_root,
                    rules: prodcheck_lints::rust::RULES,
                    timings: false,
                })
            })
            .ok()
            .and_then(|handle| handle.join().ok())
            .unwrap_or_default()
    });
    let mut facts: HashSet<Fact> = outcome.facts.iter().cloned().collect();
    prodcheck_lints::facts::derive(&mut facts);
    let service = match profile {
        Profile::Service => true,
        Profile::Other => false,
        Profile::FromCode => facts.iter().any(|f| f.key == keys::SERVER_START),
    };
    let suppressions = suppressions(&LineIndex::new(text), CommentStyle::Rust);
    let mut findings: Vec<Finding> = outcome
        .findings
        .into_iter()
        .filter(|f| f.condition.as_ref().is_none_or(|c| c.holds(&facts)))
        .filter(|f| {
            service || catalogue::get(f.rule).is_none_or(|m| m.scope != catalogue::Scope::Service)
        })
        .filter(|f| !is_suppressed(f, &suppressions))
        .collect();
    for suppression in &suppressions {
        for (name, span) in suppression
            .names
            .iter()
            .filter(|(n, _)| !config::is_known(n))
        {
            findings.push(Finding::new(
                "unknown_rule",
                *span,
                format!("unknown rule or family `{name}` in a suppression"),
                "not a rule id or family",
            ));
        }
    }
    findings.sort_by_key(|f| (f.span.line_start, f.span.column_start, f.rule));
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use prodcheck_lints::context::Cx;
    use prodcheck_lints::rule::{hooks, Rule};

    /// A rule with a bug: it panics on the first call it sees.
    struct Panics;
    impl Rule for Panics {
        fn check_call(&mut self, _cx: &mut Cx<'_>, _call: &syn::ExprCall, _callee: &str) {
            panic!("a bug in a rule");
        }
    }
    static PANICS: RuleDef = RuleDef {
        id: "panics_on_calls",
        docs: "",
        hooks: hooks::CALL,
        new: || Box::new(Panics),
    };

    fn package(root: &Path) -> Package {
        Package {
            info: Default::default(),
            root: root.to_path_buf(),
            manifest: None,
            id: "test".into(),
            targets: Vec::new(),
            workspace_deps: Vec::new(),
            metadata: serde_json::Value::Null,
            test_support: false,
            developer_tool: false,
        }
    }

    fn source(dir: &Path, name: &str, text: &str) -> SourceFile {
        let path = dir.join(name);
        std::fs::write(&path, text).expect("write");
        SourceFile {
            path,
            relative: name.into(),
            package: 0,
            is_bin_root: false,
        }
    }

    fn rules_of(result: &FileResult) -> Vec<&'static str> {
        result.outcome.findings.iter().map(|f| f.rule).collect()
    }

    #[test]
    fn a_panicking_rule_is_an_internal_error_of_that_file_only() {
        let dir = tempfile::tempdir().expect("tempdir");
        let package = package(dir.path());
        let calls = source(dir.path(), "calls.rs", "fn f() { g(); }\n");
        let quiet = source(dir.path(), "quiet.rs", "fn f() -> u32 { 1 + 2 }\n");
        let rules: &[&'static RuleDef] = &[&PANICS];
        // Fires: the file where the rule panics gets one internal_error and nothing else.
        let broken = analyse_file(&calls, &package, rules, false);
        assert_eq!(rules_of(&broken), vec!["internal_error"]);
        // Silent: a file where the same rule does not panic, and the same file without it.
        assert!(rules_of(&analyse_file(&quiet, &package, rules, false)).is_empty());
        assert!(rules_of(&analyse_file(&calls, &package, &[], false)).is_empty());
    }

    #[test]
    fn files_over_the_size_limit_are_skipped_and_files_at_it_are_read() {
        let dir = tempfile::tempdir().expect("tempdir");
        let at_limit = dir.path().join("at_limit.rs");
        let over = dir.path().join("over.rs");
        let text = "/".repeat(MAX_FILE_BYTES as usize);
        std::fs::write(&at_limit, &text).expect("write");
        std::fs::write(&over, text + "/").expect("write");
        assert!(
            read_text(&at_limit).is_ok(),
            "a file of exactly 8 MiB is read"
        );
        let skipped = read_text(&over).expect_err("over the limit");
        assert_eq!(skipped.rule, "file_skipped");
        assert!(
            skipped.message.contains("over the 8 MiB limit"),
            "{}",
            skipped.message
        );
    }
}
