//! Proof by the engines themselves: every pattern the analysis reports is run by the
//! engine it was written for on the reported attack, pumped to a modest length, and
//! must hit that engine's limit (or slow down super-linearly where there is no limit),
//! while each silent look-alike, fed the same attack, must not.

#[path = "support/engines.rs"]
mod engines;

use engines::{compile, find_blow_up, grows, Matcher, Pumped};
use prodcheck_lints::regex::{analyze, parse, Attack, Budget, Engine, Verdict};
use std::time::Instant;

/// (engine, reported pattern, silent look-alike). The look-alike gets the reported
/// pattern's attack at the same length.
const TABLE: &[(Engine, &str, &str)] = &[
    (Engine::FancyRegex, r"(a)(a|\1)+b", r"^(a)(b|\1)+b"),
    (Engine::FancyRegex, r"^(a+)+\b$", r"^(a+)+$"),
    (Engine::FancyRegex, r"^(\w+\s?)*(?<!x)$", r"^(\w+\s?)*$"),
    (Engine::FancyRegex, r"^(a|aa)+$(?<!x)", r"^(a|aa)+$"),
    (Engine::Pcre2, r"^(a+)+$", r"^(a+)b$"),
    (Engine::Pcre2, r"^(a|aa)+$", r"^(ab|cd)*$"),
    (Engine::Pcre2, r"^(\w+\s?)*$", r"^[a-z]+(-[a-z]+)*$"),
    (Engine::Pcre2, r"^(a*)*b", r"^(?>a+)+$"),
    (Engine::Pcre2, r"^a*a*$", r"^\d+\.\d+$"),
    (Engine::Pcre2, r"^\s*\s*\s*x", r"^(\d+)-(\d+)$"),
    (Engine::Onig, r"^(a+)+$", r"^(a+)b$"),
    (Engine::Onig, r"^(a|aa)+$", r"^(ab|cd)*$"),
    (Engine::Onig, r"^(\w+\s?)*$", r"^[a-z]+(-[a-z]+)*$"),
    (Engine::Onig, r"(a|a)*$", r"^(?>a+)+$"),
    (Engine::Onig, r"\d+\.\d+", r"^\d+\.\d+$"),
    (Engine::Onig, r"^a*a*$", r"^(\d+)-(\d+)$"),
    (Engine::Regress, r"^(a+)+$", r"^(a+)b$"),
    (Engine::Regress, r"^(a|aa)+$", r"^(ab|cd)*$"),
    (Engine::Regress, r"^(\w+\s?)*$", r"^[a-z]+(-[a-z]+)*$"),
    (Engine::Regress, r"\s+$", r"^\s+x$"),
    (Engine::Regress, r"^a*a*$", r"^\d+\.\d+$"),
];

/// The attack of a verdict as something the engines' runner can pump.
fn pumped<'a>(verdict: &Verdict, text: &'a dyn Fn(usize) -> String, attack: &Attack) -> Pumped<'a> {
    Pumped {
        text,
        unit: attack.pump.len(),
        exponential: matches!(verdict, Verdict::Exponential { .. }),
    }
}

fn matcher(engine: Engine, pattern: &str) -> Matcher {
    compile(engine, pattern).unwrap_or_else(|| panic!("{engine:?} compiles {pattern}"))
}

fn verdict(engine: Engine, pattern: &str) -> Verdict {
    let parsed = parse(pattern, engine).expect("table patterns parse");
    analyze(&parsed, engine, Budget::default())
}

#[test]
fn reported_patterns_blow_up_in_their_engine_and_look_alikes_do_not() {
    let mut failures = Vec::new();
    for &(engine, reported, look_alike) in TABLE {
        let verdict = verdict(engine, reported);
        let Some(attack) = verdict.attack() else {
            failures.push(format!("{engine:?} {reported}: not reported ({verdict:?})"));
            continue;
        };
        let text = |pumps| attack.with_pumps(pumps);
        let pumped = pumped(&verdict, &text, attack);
        let started = Instant::now();
        let proof = find_blow_up(&*matcher(engine, reported), &pumped);
        eprintln!(
            "{engine:?} {reported} {attack:?}: {proof:?} in {:?}",
            started.elapsed()
        );
        let Some(pumps) = proof else {
            failures.push(format!("{engine:?} {reported}: {attack:?} did not blow up"));
            continue;
        };
        let silent = self::verdict(engine, look_alike);
        if silent.attack().is_some() {
            failures.push(format!("{engine:?} {look_alike}: reported ({silent:?})"));
        } else if grows(&*matcher(engine, look_alike), &pumped, pumps) {
            failures.push(format!(
                "{engine:?} {look_alike}: silent, blew up on {attack:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_linear_engine_never_blows_up_on_the_attacks() {
    for &(engine, reported, _) in TABLE.iter().filter(|row| row.0 == Engine::Pcre2) {
        let verdict = verdict(engine, reported);
        let Some(attack) = verdict.attack() else {
            continue;
        };
        assert_eq!(self::verdict(Engine::Regex, reported), Verdict::Safe);
        let text = |pumps| attack.with_pumps(pumps);
        let pumped = pumped(&verdict, &text, attack);
        let linear = matcher(Engine::Regex, reported);
        assert!(!grows(&*linear, &pumped, (2_000, 8_000)), "{reported}");
    }
}

/// The `catastrophic_regex` findings of one ui-test file, with the file's text.
fn ui_findings(name: &str) -> (String, Vec<prodcheck_lints::Finding>) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../ui-tests/catastrophic_regex")
        .join(name);
    let text = std::fs::read_to_string(&path).expect("ui-test file");
    let package = prodcheck_lints::context::PackageInfo::default();
    let outcome = prodcheck_lints::check_rust_file(&prodcheck_lints::RustFile {
        path: name,
        text: &text,
        package: &package,
        is_bin_root: false,
        rules: &[&prodcheck_lints::rust::regex::catastrophic_regex::DEF],
        timings: false,
    });
    let findings = outcome
        .findings
        .into_iter()
        .filter(|f| f.rule == "catastrophic_regex")
        .collect();
    (text, findings)
}

/// The engine a finding names (`` `pcre2` takes exponential time ``).
fn engine_of(finding: &prodcheck_lints::Finding) -> Engine {
    let name = finding
        .message
        .split('`')
        .nth(1)
        .expect("engine in the message");
    Engine::from_crate_name(name).expect("a known engine")
}

/// Every pattern literal given to a backtracking engine's constructor in a file.
fn constructor_literals(text: &str) -> Vec<(Engine, String)> {
    struct Literals(Vec<(Engine, String)>);
    impl<'ast> syn::visit::Visit<'ast> for Literals {
        fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
            if let (syn::Expr::Path(func), Some(syn::Expr::Lit(lit))) =
                (&*call.func, call.args.first())
            {
                let krate = func.path.segments[0].ident.to_string();
                if let (Some(engine), syn::Lit::Str(s)) =
                    (Engine::from_crate_name(&krate), &lit.lit)
                {
                    if engine.backtracks() {
                        self.0.push((engine, s.value()));
                    }
                }
            }
            syn::visit::visit_expr_call(self, call);
        }
        fn visit_item_mod(&mut self, module: &'ast syn::ItemMod) {
            // Test code is skipped by the walker: its patterns are not look-alikes.
            let test_only = module.attrs.iter().any(|a| {
                a.path().is_ident("cfg") && a.meta.to_token_stream().to_string().contains("test")
            });
            if !test_only {
                syn::visit::visit_item_mod(self, module);
            }
        }
    }
    use quote::ToTokens;
    let file = syn::parse_file(text).expect("ui-test parses");
    let mut literals = Literals(Vec::new());
    syn::visit::Visit::visit_file(&mut literals, &file);
    literals.0
}

/// The proof reads the ui-tests, so it cannot drift from them: each firing case's
/// pattern, run by its own engine on the attack the finding reports, hits the limit
/// or slows down super-linearly; each silent look-alike, fed the same attacks at the
/// same lengths, does not; and the level follows the growth (deny exponential, warn
/// polynomial).
#[test]
fn ui_test_findings_are_proven_by_their_engines() {
    let (text, findings) = ui_findings("fires.rs");
    assert!(findings.len() >= 8, "{findings:#?}");
    let mut failures = Vec::new();
    let mut proofs: Vec<(Engine, Attack, Verdict, (usize, usize))> = Vec::new();
    for finding in &findings {
        let engine = engine_of(finding);
        let literal = &text[finding.span.byte_start as usize..finding.span.byte_end as usize];
        let pattern = syn::parse_str::<syn::LitStr>(literal)
            .expect("the finding points at the pattern literal")
            .value();
        let verdict = verdict(engine, &pattern);
        let Some(attack) = verdict.attack().cloned() else {
            failures.push(format!("{engine:?} {pattern}: reported, but {verdict:?}"));
            continue;
        };
        let note = format!(
            "attack: prefix {:?}, then {:?} repeated, then {:?}",
            attack.prefix, attack.pump, attack.suffix
        );
        assert!(finding.notes.contains(&note), "{finding:#?} lacks {note}");
        let expected_level = match verdict {
            Verdict::Exponential { .. } => prodcheck_lints::Level::Deny,
            _ => prodcheck_lints::Level::Warn,
        };
        assert_eq!(finding.default_level, Some(expected_level), "{pattern}");
        let text = |pumps| attack.with_pumps(pumps);
        let pumped = pumped(&verdict, &text, &attack);
        match find_blow_up(&*matcher(engine, &pattern), &pumped) {
            Some(pumps) => proofs.push((engine, attack.clone(), verdict.clone(), pumps)),
            None => failures.push(format!("{engine:?} {pattern}: {attack:?} did not blow up")),
        }
    }
    let (silent_text, silent_findings) = ui_findings("silent.rs");
    assert!(silent_findings.is_empty(), "{silent_findings:#?}");
    let look_alikes = constructor_literals(&silent_text);
    assert!(look_alikes.len() >= 8, "{look_alikes:?}");
    for (engine, pattern) in &look_alikes {
        let Some(matcher) = compile(*engine, pattern) else {
            continue; // the invalid pattern of the file: another rule's case
        };
        for (_, attack, verdict, pumps) in proofs.iter().filter(|p| p.0 == *engine) {
            let text = |n| attack.with_pumps(n);
            if grows(&*matcher, &pumped(verdict, &text, attack), *pumps) {
                failures.push(format!(
                    "{engine:?} {pattern}: silent, blew up on {attack:?}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
