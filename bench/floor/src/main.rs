//! The floor of the benchmark: walks a tree the way `cargo-prodcheck` does in a plain
//! directory (gitignore-aware, hidden, `target/`, `vendor/`... and nested projects
//! skipped), reads each `.rs` file, parses it with `syn::parse_file` and counts its
//! nodes in one trivial visit, on a rayon pool of `--jobs N` big-stack threads,
//! clearing proc-macro2's span map after each file as prodcheck does.
//!
//! Usage: `floor [--jobs N] [--list] DIR`. Prints one JSON object (files, bytes, lines,
//! nodes, parse errors); `--list` prints the analysed paths instead (one per line).

use rayon::prelude::*;
use std::path::{Path, PathBuf};
use syn::visit::Visit;

/// As in cargo-prodcheck's `src/discover.rs`.
const SKIPPED_DIRS: &[&str] = &[
    "target",
    "vendor",
    "third_party",
    "third-party",
    "node_modules",
];
/// As in cargo-prodcheck's `src/engine.rs`.
const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;
const WORKER_STACK: usize = 256 * 1024 * 1024;

#[derive(Default)]
struct Counter {
    nodes: u64,
}

impl<'ast> Visit<'ast> for Counter {
    fn visit_item(&mut self, i: &'ast syn::Item) {
        self.nodes += 1;
        syn::visit::visit_item(self, i);
    }
    fn visit_expr(&mut self, i: &'ast syn::Expr) {
        self.nodes += 1;
        syn::visit::visit_expr(self, i);
    }
    fn visit_stmt(&mut self, i: &'ast syn::Stmt) {
        self.nodes += 1;
        syn::visit::visit_stmt(self, i);
    }
    fn visit_type(&mut self, i: &'ast syn::Type) {
        self.nodes += 1;
        syn::visit::visit_type(self, i);
    }
    fn visit_pat(&mut self, i: &'ast syn::Pat) {
        self.nodes += 1;
        syn::visit::visit_pat(self, i);
    }
}

#[derive(Default, Clone, Copy)]
struct Totals {
    files: u64,
    bytes: u64,
    lines: u64,
    nodes: u64,
    parse_errors: u64,
    skipped: u64,
}

impl Totals {
    fn add(self, o: Totals) -> Totals {
        Totals {
            files: self.files + o.files,
            bytes: self.bytes + o.bytes,
            lines: self.lines + o.lines,
            nodes: self.nodes + o.nodes,
            parse_errors: self.parse_errors + o.parse_errors,
            skipped: self.skipped + o.skipped,
        }
    }
}

fn walk(root: &Path) -> Vec<PathBuf> {
    let top = root.to_path_buf();
    let walker = ignore::WalkBuilder::new(root)
        .hidden(true)
        .git_ignore(true)
        .git_exclude(true)
        .require_git(false)
        .follow_links(false)
        .filter_entry(move |entry| {
            let path = entry.path();
            if !entry.file_type().is_some_and(|t| t.is_dir()) || path == top {
                return true;
            }
            let name = entry.file_name().to_string_lossy();
            let root_level = path.parent() == Some(top.as_path());
            let test_dir = root_level && ["tests", "benches", "examples"].contains(&name.as_ref());
            !(SKIPPED_DIRS.contains(&name.as_ref())
                || test_dir
                || path.join("Cargo.toml").is_file())
        })
        .build();
    let mut files: Vec<PathBuf> = walker
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_some_and(|t| t.is_dir()))
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs") && *p != root.join("build.rs"))
        .collect();
    files.sort();
    files
}

fn analyse(path: &Path) -> Totals {
    let mut t = Totals {
        files: 1,
        ..Totals::default()
    };
    let too_big = std::fs::metadata(path).map_or(true, |m| m.len() > MAX_FILE_BYTES);
    let text = if too_big {
        None
    } else {
        std::fs::read(path)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
    };
    let Some(text) = text else {
        t.skipped = 1;
        return t;
    };
    t.bytes = text.len() as u64;
    t.lines = text.lines().count() as u64;
    match syn::parse_file(&text) {
        Ok(file) => {
            let mut counter = Counter::default();
            counter.visit_file(&file);
            t.nodes = counter.nodes;
        }
        Err(_) => t.parse_errors = 1,
    }
    proc_macro2::extra::invalidate_current_thread_spans();
    t
}

fn main() {
    let mut jobs = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut list = false;
    let mut root = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-j" | "--jobs" => {
                jobs = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .expect("--jobs needs a number")
            }
            "--list" => list = true,
            _ => root = Some(PathBuf::from(arg)),
        }
    }
    let root = root.expect("usage: floor [--jobs N] [--list] DIR");
    let files = walk(&root);
    if list {
        for f in &files {
            println!("{}", f.display());
        }
        return;
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .stack_size(WORKER_STACK)
        .build()
        .expect("thread pool");
    let t = pool.install(|| {
        files
            .par_iter()
            .map(|f| analyse(f))
            .reduce(Totals::default, Totals::add)
    });
    println!(
        "{{\"files\":{},\"bytes\":{},\"lines\":{},\"nodes\":{},\"parse_errors\":{},\"skipped\":{},\"jobs\":{}}}",
        t.files, t.bytes, t.lines, t.nodes, t.parse_errors, t.skipped, jobs
    );
}
