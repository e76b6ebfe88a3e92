//! Property tests of the Rust engine: mangled versions of the ui-test inputs (bytes cut,
//! repeated, swapped, brackets and keywords inserted) never panic the parser, the walker
//! or any rule, and the nesting guard is never below the real bracket depth.

use prodcheck_lints::context::PackageInfo;
use prodcheck_lints::{check_rust_file, nesting_depth, RustFile};
use proptest::prelude::*;
use std::path::Path;

fn ui_inputs() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui-tests");
    let mut texts = Vec::new();
    for folder in std::fs::read_dir(root).expect("ui-tests").flatten() {
        for file in std::fs::read_dir(folder.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            if file.path().extension().is_some_and(|e| e == "rs") {
                texts.push(std::fs::read_to_string(file.path()).expect("utf-8"));
            }
        }
    }
    texts.sort();
    texts
}

/// Checks `text` on a big-stack thread, as the driver does; `false` if anything panicked.
fn checks_without_panic(text: &str) -> bool {
    let package = PackageInfo::default();
    let rules = prodcheck_lints::rust::RULES;
    let started = std::time::Instant::now();
    let ok = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(256 * 1024 * 1024)
            .spawn_scoped(scope, || {
                check_rust_file(&RustFile {
                    path: "fuzz.rs",
                    text,
                    package: &package,
                    is_bin_root: true,
                    rules,
                    timings: false,
                });
            })
            .expect("thread")
            .join()
            .is_ok()
    });
    if let Some(path) = std::env::var_os("PRODCHECK_SLOW_CASES") {
        if started.elapsed().as_secs() >= 2 {
            let _ = std::fs::write(
                std::path::Path::new(&path).join(format!("{}.rs", text.len())),
                text,
            );
        }
    }
    ok
}

const INSERTS: &[&str] = &[
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    "::",
    ".",
    "?",
    ".await",
    "async",
    "move |x|",
    "loop",
    "fn main() {",
    "reqwest::Client::new()",
    "tokio::select! {",
    "println!(",
    "#[cfg(test)]",
    "'a",
    "\"",
    "r#\"",
    "//",
    "/*",
    "let _ =",
];

#[derive(Debug, Clone)]
enum Edit {
    Cut(usize, usize),
    Repeat(usize, usize),
    Insert(usize, usize),
    Swap(usize, usize),
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for edit in edits {
        let len = bytes.len().max(1);
        match *edit {
            Edit::Cut(at, n) => {
                let at = at % len;
                let end = (at + n % 64).min(bytes.len());
                bytes.drain(at.min(bytes.len())..end);
            }
            Edit::Repeat(at, n) => {
                let at = at % len;
                let end = (at + n % 64).min(bytes.len());
                let piece = bytes[at.min(end)..end].to_vec();
                bytes.splice(at.min(bytes.len())..at.min(bytes.len()), piece);
            }
            Edit::Insert(at, which) => {
                let at = (at % len).min(bytes.len());
                let token = INSERTS[which % INSERTS.len()].as_bytes().to_vec();
                bytes.splice(at..at, token);
            }
            Edit::Swap(a, b) => {
                if !bytes.is_empty() {
                    let (a, b) = (a % bytes.len(), b % bytes.len());
                    bytes.swap(a, b);
                }
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), any::<usize>()).prop_map(|(a, n)| Edit::Cut(a, n)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, n)| Edit::Repeat(a, n)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, w)| Edit::Insert(a, w)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::Swap(a, b)),
    ]
}

proptest! {
    // 300 cases in CI; set PROPTEST_CASES for a long local run.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(300),
        ..ProptestConfig::default()
    })]

    #[test]
    fn mangled_sources_never_panic(index in any::<usize>(), edits in proptest::collection::vec(edit(), 1..12)) {
        let inputs = ui_inputs();
        let text = apply(&inputs[index % inputs.len()], &edits);
        prop_assert!(checks_without_panic(&text), "panicked on:\n{text}");
    }

    #[test]
    fn nesting_guard_is_never_below_the_bracket_depth(depth in 1usize..300, filler in "[a-z ;,+]{0,20}") {
        let text = format!("fn f() {{ {}{filler}{} }}", "(".repeat(depth), ")".repeat(depth));
        prop_assert!(nesting_depth(&text) > depth);
    }
}
