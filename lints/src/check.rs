//! One Rust file in, findings and facts out: parse once, walk once.

use crate::context::{Cx, PackageInfo};
use crate::facts::Fact;
use crate::finding::Finding;
use crate::rule::RuleDef;
use crate::walk::{is_test_code, Walker};
use std::time::{Duration, Instant};

/// Deepest bracket nesting (or longest operator chain) analysed; deeper files get a
/// `parse_error` instead of a stack overflow, which would kill the whole run.
pub const MAX_NESTING: usize = 512;
/// Tokens of a run between separators counted as one level of nesting: a run of
/// 512 * 40 = 20,480 tokens is the longest analysed (measured: 100,000 nested casts,
/// `?`s, indexes or `return`s fit in the worker stack; 1,000,000 overflow it).
const TOKENS_PER_LEVEL: usize = 40;

/// A Rust file to check.
pub struct RustFile<'a> {
    /// Path relative to the analysed root, with `/` separators.
    pub path: &'a str,
    /// The file's text.
    pub text: &'a str,
    /// The package it belongs to.
    pub package: &'a PackageInfo,
    /// True for the root file of a binary target, where `fn main` lives.
    pub is_bin_root: bool,
    /// The rules to run (the evidence collector always runs too).
    pub rules: &'a [&'static RuleDef],
    /// Measure parse, walk and per-rule times (`--timings`).
    pub timings: bool,
}

/// Where the time of one file went, measured when [`RustFile::timings`] is set.
#[derive(Debug, Default, Clone)]
pub struct FileTimings {
    /// `syn::parse_file` (with the nesting guard).
    pub parse: Duration,
    /// The traversal, rules included.
    pub walk: Duration,
    /// Each rule's hooks, by rule id (the evidence collector as `evidence`).
    pub rules: Vec<(&'static str, Duration)>,
}

/// A `mod name;` declaration: the module tree is joined after the parallel phase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModDecl {
    /// Inline parent modules then the declared name (`mod a { mod b; }` -> `["a", "b"]`).
    pub path: Vec<String>,
    /// The `#[path = ".."]` attribute, if any.
    pub path_attr: Option<String>,
    /// Declared under `#[cfg(test)]` (itself or an inline parent): test code.
    pub test_only: bool,
}

/// What one file yields.
#[derive(Debug, Default)]
pub struct RustOutcome {
    /// Findings, some with conditions on package facts.
    pub findings: Vec<Finding>,
    /// Package-level facts seen in the file.
    pub facts: Vec<Fact>,
    /// Out-of-line module declarations.
    pub modules: Vec<ModDecl>,
    /// The file's `prodcheck:allow(..)` comments, found with the same line index.
    pub suppressions: Vec<crate::source::Suppression>,
    /// The modules of this crate and of workspace libraries the file names.
    pub references: References,
    /// Where the time went, when asked.
    pub timings: Option<FileTimings>,
}

/// What a file names in its own crate and in workspace libraries, as two-segment paths
/// (`crate::db`, `mini_redis::server`): the driver joins them into which modules each
/// binary target uses, so a CLI binary sharing a package with a server is not service code.
#[derive(Debug, Default, Clone)]
pub struct References {
    /// Named by code (calls, paths in expressions), with the file's top-level item whose
    /// code names it (empty outside functions and impls).
    pub code: Vec<(String, String)>,
    /// Named by `use` statements.
    pub uses: Vec<String>,
    /// The top module's imports from this crate: a library root's re-exports.
    pub top_level_imports: Vec<(String, String)>,
}

/// Parses `file` once and runs every rule in one traversal.
///
/// Call it on a thread with a large stack: syn and the walker recurse once per
/// nesting level, and [`MAX_NESTING`] is sized for 256 MiB.
pub fn check_rust_file(file: &RustFile<'_>) -> RustOutcome {
    let started = Instant::now();
    let lines = crate::source::LineIndex::new(file.text);
    let suppressions = crate::source::suppressions(&lines, crate::source::CommentStyle::Rust);
    let depth = if may_nest_too_deep(file.text) {
        nesting_depth(file.text)
    } else {
        0
    };
    if depth > MAX_NESTING {
        let message =
            format!("nesting too deep to analyse ({depth} levels; the limit is {MAX_NESTING})");
        let finding = Finding::new("parse_error", lines.first_line(), message, "not analysed")
            .with_help(
            "this file is generated or hostile; exclude it in prodcheck.toml (`exclude = [..]`)",
        );
        return RustOutcome {
            findings: vec![finding],
            suppressions,
            ..RustOutcome::default()
        };
    }
    let ast = match syn::parse_file(file.text) {
        Ok(ast) => ast,
        Err(err) => {
            let span = lines.span(err.span());
            let finding = Finding::new(
                "parse_error",
                span,
                format!("this file does not parse as Rust: {err}"),
                "syntax error here",
            );
            return RustOutcome {
                findings: vec![finding],
                suppressions,
                ..RustOutcome::default()
            };
        }
    };
    let parsed = Instant::now();
    let mut cx = Cx::new(file.path, lines, file.package, file.is_bin_root, &ast);
    let mut rules: Vec<(u32, Box<dyn crate::rule::Rule>)> = vec![(
        crate::rust::evidence::DEF.hooks,
        (crate::rust::evidence::DEF.new)(),
    )];
    rules.extend(file.rules.iter().map(|def| (def.hooks, (def.new)())));
    let walker = Walker::new(&mut cx, rules);
    let rule_times = if file.timings {
        walker.with_rule_times().run(&ast)
    } else {
        walker.run(&ast)
    };
    let timings = rule_times.map(|times| FileTimings {
        parse: parsed - started,
        walk: parsed.elapsed(),
        rules: std::iter::once(crate::rust::evidence::DEF.id)
            .chain(file.rules.iter().map(|def| def.id))
            .zip(times)
            .collect(),
    });
    let mut modules = Vec::new();
    collect_modules(
        &ast.items,
        &mut Vec::new(),
        is_test_code(&ast.attrs),
        &mut modules,
    );
    let local_crates = &file.package.local_crates;
    let references = References {
        code: std::mem::take(&mut cx.references).into_iter().collect(),
        uses: cx.imports.use_references(local_crates),
        top_level_imports: cx.imports.top_level_imports(local_crates),
    };
    let outcome = RustOutcome {
        findings: std::mem::take(&mut cx.findings),
        facts: std::mem::take(&mut cx.facts),
        modules,
        suppressions,
        references,
        timings,
    };
    drop(cx);
    drop(ast);
    // Span locations keep every parsed file's text alive in a thread-local map until
    // cleared; every span was turned into line/column above.
    proc_macro2::extra::invalidate_current_thread_spans();
    outcome
}

fn collect_modules(
    items: &[syn::Item],
    parents: &mut Vec<String>,
    test_only: bool,
    out: &mut Vec<ModDecl>,
) {
    for item in items {
        let syn::Item::Mod(m) = item else { continue };
        let test_only = test_only || is_test_code(&m.attrs);
        parents.push(m.ident.to_string());
        match &m.content {
            Some((_, inner)) => collect_modules(inner, parents, test_only, out),
            None => {
                // `#[cfg_attr(unix, path = "unix.rs")]`: one declaration per platform file.
                let paths = path_attributes(&m.attrs);
                if paths.is_empty() {
                    out.push(ModDecl {
                        path: parents.clone(),
                        path_attr: None,
                        test_only,
                    });
                }
                for path in paths {
                    out.push(ModDecl {
                        path: parents.clone(),
                        path_attr: Some(path),
                        test_only,
                    });
                }
            }
        }
        parents.pop();
    }
}

/// The `#[path = ".."]` attribute, or the paths of `#[cfg_attr(pred, path = "..")]`.
fn path_attributes(attrs: &[syn::Attribute]) -> Vec<String> {
    let string_value = |meta: &syn::Meta| match meta {
        syn::Meta::NameValue(nv) if nv.path.is_ident("path") => match &nv.value {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) => Some(s.value()),
            _ => None,
        },
        _ => None,
    };
    let mut out = Vec::new();
    for attr in attrs {
        if attr.path().is_ident("path") {
            out.extend(string_value(&attr.meta));
        } else if attr.path().is_ident("cfg_attr") {
            let nested = attr.parse_args_with(
                syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated,
            );
            if let Ok(nested) = nested {
                out.extend(nested.iter().skip(1).filter_map(string_value));
            }
        }
    }
    out
}

/// False when [`nesting_depth`] cannot exceed [`MAX_NESTING`]: its depth is at most the
/// number of opening brackets, or a run of tokens (never more than the bytes) over
/// [`TOKENS_PER_LEVEL`]. Counting brackets is much cheaper than the scan.
fn may_nest_too_deep(text: &str) -> bool {
    text.len() / TOKENS_PER_LEVEL > MAX_NESTING
        || text
            .bytes()
            .filter(|b| matches!(b, b'(' | b'[' | b'{'))
            .count()
            > MAX_NESTING
}

/// The deepest nesting of brackets in Rust source, or a long run of tokens between two
/// separators (`;`, `,`, braces) scaled to the same unit: a run of postfix or prefix
/// operators (`x?????`, `1 as u8 as u8 ..`, `!!!!x`, `x[0][0]..`, `return return ..`)
/// nests the syntax tree one level per token or two. Strings, chars and comments are
/// skipped; approximate but never below the real bracket depth.
pub fn nesting_depth(text: &str) -> usize {
    depth_in_units(text, TOKENS_PER_LEVEL)
}

/// [`nesting_depth`] with `tokens_per_level` tokens of a run counted as one level.
fn depth_in_units(text: &str, tokens_per_level: usize) -> usize {
    let bytes = text.as_bytes();
    // `run` counts the tokens on the path from the file's root to here: a bracket keeps
    // the run of its opener, a separator goes back to it, a closed bracket is one token.
    let (mut run, mut deepest, mut i) = (0usize, 0usize, 0usize);
    let mut openers: Vec<usize> = Vec::new();
    while i < bytes.len() {
        let byte = bytes[i];
        // Most bytes are words and spaces: a word is one token, however long.
        match BYTE_CLASS[byte as usize] {
            WORD => {
                run += 1;
                i += 1;
                while i < bytes.len() && BYTE_CLASS[bytes[i] as usize] == WORD {
                    i += 1;
                }
                deepest = deepest.max(openers.len()).max(run / tokens_per_level);
                continue;
            }
            INERT => {
                deepest = deepest.max(openers.len()).max(run / tokens_per_level);
                i += 1;
                continue;
            }
            _ => {}
        }
        match byte {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = end_of_line(text, i);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = skip_block_comment(bytes, i);
                continue;
            }
            b'"' => {
                i = skip_string(bytes, i);
                run += 1;
                continue;
            }
            b'\'' => {
                i = skip_char_literal(bytes, i);
                continue;
            }
            b'(' | b'[' | b'{' => {
                openers.push(run);
                run += 1;
            }
            b')' | b']' | b'}' => run = openers.pop().map_or(0, |r| r + 1),
            b';' | b',' => run = openers.last().map_or(0, |r| r + 1),
            _ => run += 1, // an operator: `+ - * | & ! . = < > % ^ ? /`
        }
        deepest = deepest.max(openers.len()).max(run / tokens_per_level);
        i += 1;
    }
    deepest
}

/// Byte classes of [`nesting_depth`]: part of a word (identifier, number, non-ASCII),
/// inert (spaces and punctuation that neither nests nor chains), or to be looked at.
const WORD: u8 = 0;
const INERT: u8 = 1;
const SPECIAL: u8 = 2;
const BYTE_CLASS: [u8; 256] = {
    let mut classes = [INERT; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        classes[b] = if byte.is_ascii_alphanumeric() || byte == b'_' || byte >= 0x80 {
            WORD
        } else {
            match byte {
                b'/' | b'"' | b'\'' | b'(' | b'[' | b'{' | b')' | b']' | b'}' | b';' | b','
                | b'+' | b'-' | b'*' | b'|' | b'&' | b'!' | b'.' | b'=' | b'<' | b'>' | b'%'
                | b'^' | b'?' => SPECIAL,
                _ => INERT,
            }
        };
        b += 1;
    }
    classes
};

/// The offset after the end of the line at `from` (a char boundary): std's
/// `str::find` of a char searches with memchr.
fn end_of_line(text: &str, from: usize) -> usize {
    text.get(from..)
        .and_then(|rest| rest.find('\n'))
        .map_or(text.len(), |p| from + p + 1)
}

fn skip_block_comment(bytes: &[u8], from: usize) -> usize {
    let (mut level, mut i) = (0usize, from);
    while i + 1 < bytes.len() {
        match (bytes[i], bytes[i + 1]) {
            (b'/', b'*') => {
                level += 1;
                i += 2;
            }
            (b'*', b'/') => {
                level -= 1;
                i += 2;
                if level == 0 {
                    return i;
                }
            }
            _ => i += 1,
        }
    }
    bytes.len()
}

/// Skips `'x'`, `'\n'`, `'é'`; a lifetime `'a` is left after its quote.
fn skip_char_literal(bytes: &[u8], from: usize) -> usize {
    if bytes.get(from + 1) == Some(&b'\\') {
        let close = bytes
            .iter()
            .skip(from + 3)
            .take(12)
            .position(|&b| b == b'\'');
        return close.map_or(from + 1, |p| from + 3 + p + 1);
    }
    let width = match bytes.get(from + 1) {
        Some(b) if *b >= 0xF0 => 4,
        Some(b) if *b >= 0xE0 => 3,
        Some(b) if *b >= 0xC0 => 2,
        _ => 1,
    };
    if bytes.get(from + 1 + width) == Some(&b'\'') {
        from + width + 2
    } else {
        from + 1
    }
}

fn skip_string(bytes: &[u8], from: usize) -> usize {
    // Raw strings: count the `#`s before the quote.
    let hashes = bytes[..from]
        .iter()
        .rev()
        .take_while(|&&b| b == b'#')
        .count();
    let raw = from > hashes && bytes[from - hashes - 1] == b'r';
    let mut i = from + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if !raw => i += 2,
            b'"' if !raw
                || bytes[i + 1..]
                    .iter()
                    .take(hashes)
                    .filter(|&&b| b == b'#')
                    .count()
                    == hashes =>
            {
                return i + 1 + if raw { hashes } else { 0 };
            }
            _ => i += 1,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The byte-at-a-time version [`nesting_depth`] was optimised from.
    fn reference_depth(text: &str, tokens_per_level: usize) -> usize {
        let bytes = text.as_bytes();
        // `run` counts the tokens on the path from the file's root to here: a bracket keeps
        // the run of its opener, a separator goes back to it, a closed bracket is one token.
        let (mut run, mut deepest, mut i) = (0usize, 0usize, 0usize);
        let mut openers: Vec<usize> = Vec::new();
        let mut in_word = false;
        while i < bytes.len() {
            let byte = bytes[i];
            let word_byte = byte.is_ascii_alphanumeric() || byte == b'_' || byte >= 0x80;
            if word_byte && !in_word {
                run += 1;
            }
            in_word = word_byte;
            match byte {
                b'/' if bytes.get(i + 1) == Some(&b'/') => {
                    i = bytes[i..]
                        .iter()
                        .position(|&b| b == b'\n')
                        .map_or(bytes.len(), |p| i + p + 1);
                    continue;
                }
                b'/' if bytes.get(i + 1) == Some(&b'*') => {
                    i = skip_block_comment(bytes, i);
                    continue;
                }
                b'"' => {
                    i = skip_string(bytes, i);
                    run += 1;
                    continue;
                }
                b'\'' => {
                    i = skip_char_literal(bytes, i);
                    continue;
                }
                b'(' | b'[' | b'{' => {
                    openers.push(run);
                    run += 1;
                }
                b')' | b']' | b'}' => run = openers.pop().map_or(0, |r| r + 1),
                b';' | b',' => run = openers.last().map_or(0, |r| r + 1),
                b'+' | b'-' | b'*' | b'|' | b'&' | b'!' | b'.' | b'=' | b'<' | b'>' | b'%'
                | b'^' | b'?' | b'/' => run += 1,
                _ => {}
            }
            deepest = deepest.max(openers.len()).max(run / tokens_per_level);
            i += 1;
        }
        deepest
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        /// Random mixes of the bytes the scan treats specially give the same depth.
        #[test]
        fn nesting_depth_is_the_byte_at_a_time_depth(
            text in proptest::collection::vec(
                prop_oneof![
                    Just("a"), Just("é"), Just(" "), Just("\n"), Just("_x1"), Just("'a"),
                    Just("'x'"), Just("'\\''"), Just("\""), Just("\\"), Just("r#\""), Just("#"),
                    Just("//"), Just("/*"), Just("*/"), Just("/"), Just("("), Just(")"),
                    Just("["), Just("]"), Just("{"), Just("}"), Just(";"), Just(","), Just("+"),
                    Just("?"), Just("."), Just("!"), Just("="), Just("<"), Just(">"), Just("@"),
                ],
                0..200,
            )
        ) {
            let text: String = text.concat();
            // One token per level makes every token of a run count, not only brackets.
            for unit in [1, TOKENS_PER_LEVEL] {
                prop_assert_eq!(depth_in_units(&text, unit), reference_depth(&text, unit));
            }
        }
    }

    #[test]
    fn small_files_with_few_brackets_are_not_scanned() {
        assert!(!may_nest_too_deep("fn f() { g((1)) }"));
        let deep = format!("fn f() {{ {}1{} }}", "(".repeat(600), ")".repeat(600));
        assert!(may_nest_too_deep(&deep));
        let chain = format!("fn f() {{ let x = 1{}; }}", " + 1".repeat(30_000));
        assert!(may_nest_too_deep(&chain));
    }

    proptest! {
        /// Whenever the depth is over the limit, the cheap bound says so.
        #[test]
        fn the_bound_never_misses_a_deep_file(opens in 0usize..700, run in 0usize..6000) {
            let text = format!("{}{}", "(".repeat(opens), "x+".repeat(run));
            if nesting_depth(&text) > MAX_NESTING {
                prop_assert!(may_nest_too_deep(&text));
            }
        }
    }

    #[test]
    fn nesting_depth_skips_strings_and_comments() {
        assert_eq!(nesting_depth("fn f() { g((1)) }"), 3);
        assert_eq!(
            nesting_depth("let q = '\"'; let b = '\\''; fn f<'a>(x: &'a str) {}"),
            1
        );
        assert_eq!(
            nesting_depth("let s = \"((((((\"; // ((((\n/* (( /* ( */ */ let r = r#\"(\"#;"),
            0
        );
        let deep = format!("fn f() {{ {}1{} }}", "(".repeat(600), ")".repeat(600));
        assert!(nesting_depth(&deep) > MAX_NESTING);
        let chain = format!("fn f() {{ let x = 1{}; }}", " + 1".repeat(30_000));
        assert!(nesting_depth(&chain) > MAX_NESTING);
        let flat = format!("static X: [u8; 3] = [{}];", "1, ".repeat(100_000));
        assert_eq!(nesting_depth(&flat), 1);
        let layered = format!(
            "fn f() {{ let x = {}1{}; }}",
            "!!!!!!!!!!{ ".repeat(3000),
            " }".repeat(3000)
        );
        assert!(
            nesting_depth(&layered) > MAX_NESTING,
            "runs accumulate through blocks"
        );
    }
}
