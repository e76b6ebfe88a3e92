//! End-to-end tests of the binary on fixture projects (copied to a temporary directory so
//! markers and broken files never touch the repository).

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let source = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    copy_dir(&source, &dir.path().join(name));
    let path = dir.path().join(name);
    (dir, path)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read fixture") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

fn prodcheck() -> Command {
    let mut cmd = Command::cargo_bin("cargo-prodcheck").expect("binary");
    cmd.env_remove("NO_COLOR").current_dir(std::env::temp_dir());
    cmd
}

fn stdout_of(args: &[&str], path: &Path) -> (i32, String, String) {
    let out = prodcheck()
        .arg("prodcheck")
        .args(args)
        .arg(path)
        .output()
        .expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn exit_status_follows_the_worst_level() {
    let (_dir, service) = fixture("service");
    let (code, out, err) = stdout_of(&[], &service);
    assert_eq!(code, 1, "deny findings fail the run\n{out}\n{err}");
    assert!(out.contains("http_client_without_timeout"), "{out}");
    let (code, out, _) = stdout_of(&["-A", "timeouts"], &service);
    assert_eq!(
        code, 0,
        "with the deny rule allowed only a note remains\n{out}"
    );
    let (_dir, clean) = fixture("clean");
    let (code, out, _) = stdout_of(&[], &clean);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("no problems found"), "{out}");
}

#[test]
fn deny_warnings_fails_on_warnings() {
    let (_dir, service) = fixture("service");
    let (code, _, _) = stdout_of(&["-A", "timeouts", "-W", "print_in_service"], &service);
    assert_eq!(code, 0);
    let (code, _, _) = stdout_of(
        &["-A", "timeouts", "-W", "print_in_service", "-D", "warnings"],
        &service,
    );
    assert_eq!(code, 1);
}

#[test]
fn bad_runs_exit_2_with_a_message_naming_the_problem() {
    let (code, _, err) = stdout_of(&[], Path::new("/nonexistent/project"));
    assert_eq!(code, 2);
    assert!(err.contains("/nonexistent/project"), "{err}");
    let (_dir, clean) = fixture("clean");
    std::fs::write(
        clean.join("prodcheck.toml"),
        "[lints]\nlogging = \"loud\"\n",
    )
    .expect("write");
    let (code, _, err) = stdout_of(&[], &clean);
    assert_eq!(code, 2);
    assert!(
        err.contains("prodcheck.toml") && err.contains("loud"),
        "{err}"
    );
    std::fs::remove_file(clean.join("prodcheck.toml")).expect("remove");
    let (code, _, err) = stdout_of(&["-D", "no_such_rule"], &clean);
    assert_eq!(code, 2);
    assert!(err.contains("no_such_rule"), "{err}");
    let (code, _, _) = stdout_of(&["--format", "xml"], &clean);
    assert_eq!(code, 2);
}

#[test]
fn config_levels_suppressions_and_test_code() {
    let (_dir, service) = fixture("service");
    let (_, out, _) = stdout_of(&["--format", "json"], &service);
    let messages: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    let findings: Vec<(String, String, u64)> = messages
        .iter()
        .filter(|m| m["reason"] == "compiler-message")
        .map(|m| {
            let msg = &m["message"];
            (
                msg["code"]["code"].as_str().unwrap_or("").to_string(),
                msg["level"].as_str().unwrap_or("").to_string(),
                msg["spans"][0]["line_start"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        findings,
        vec![
            ("prodcheck::http_client_without_timeout".to_string(), "error".to_string(), 2),
            ("prodcheck::print_in_service".to_string(), "note".to_string(), 12),
        ],
        "workspace metadata lowers print_in_service to note; the allow comment and #[cfg(test)] stay silent"
    );
}

#[test]
fn json_stream_is_what_cargo_tools_read() {
    let (_dir, service) = fixture("service");
    let (_, out, _) = stdout_of(&["--message-format=json"], &service);
    let messages: Vec<cargo_metadata::Message> =
        cargo_metadata::Message::parse_stream(out.as_bytes())
            .collect::<Result<_, _>>()
            .expect("cargo messages");
    let diagnostics = messages
        .iter()
        .filter(|m| matches!(m, cargo_metadata::Message::CompilerMessage(_)))
        .count();
    assert_eq!(diagnostics, 2);
    assert!(
        matches!(messages.last(), Some(cargo_metadata::Message::BuildFinished(f)) if !f.success)
    );
    for message in &messages {
        if let cargo_metadata::Message::CompilerMessage(m) = message {
            assert!(m
                .message
                .spans
                .iter()
                .any(|s| s.is_primary && s.file_name.starts_with("src/")));
            assert!(
                m.package_id.repr.contains("fixture-service"),
                "{:?}",
                m.package_id
            );
        }
    }
}

#[test]
fn sarif_and_github_formats() {
    let (_dir, service) = fixture("service");
    let (_, out, _) = stdout_of(&["--format", "sarif"], &service);
    let sarif: serde_json::Value = serde_json::from_str(&out).expect("sarif json");
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 2);
    assert!(results
        .iter()
        .all(|r| r["partialFingerprints"].is_object() && r["ruleId"].is_string()));
    let (_, out, _) = stdout_of(&["--format", "github"], &service);
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].starts_with("::error file=src/client.rs,line=2,"),
        "{out}"
    );
    assert!(
        lines[1].starts_with("::notice file=src/main.rs,line=12,"),
        "{out}"
    );
}

#[test]
fn output_is_identical_for_any_thread_count() {
    let (_dir, service) = fixture("service");
    for format in ["human", "json", "sarif", "github"] {
        let (_, one, _) = stdout_of(&["--format", format, "--jobs", "1"], &service);
        let (_, two, _) = stdout_of(&["--format", format, "--jobs", "2"], &service);
        assert_eq!(
            one, two,
            "{format} output differs between --jobs 1 and --jobs 2"
        );
    }
}

#[test]
fn nothing_of_the_analysed_project_runs() {
    let (_dir, service) = fixture("service");
    let (code, out, err) = stdout_of(&[], &service);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        !out.contains("cargo metadata failed"),
        "cargo metadata must succeed without the project's toolchain or config\n{out}"
    );
    assert!(
        !service.join("MARKER_RAN").exists(),
        "a rustc/wrapper/runner from .cargo/config.toml ran"
    );
    assert!(
        !service.join("BUILD_SCRIPT_RAN").exists(),
        "the build script ran"
    );
}

#[test]
fn works_as_a_cargo_subcommand_and_with_manifest_path() {
    let (_dir, service) = fixture("service");
    let binary = assert_cmd::cargo::cargo_bin("cargo-prodcheck");
    let path = format!(
        "{}:{}",
        binary.parent().expect("dir").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["prodcheck", "--manifest-path"])
        .arg(service.join("Cargo.toml"))
        .env("PATH", path)
        .current_dir(std::env::temp_dir())
        .output()
        .expect("cargo prodcheck");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("http_client_without_timeout"));
}

#[test]
fn a_plain_directory_is_analysed_as_rust_files() {
    let (_dir, plain) = fixture("plain");
    let (code, out, _) = stdout_of(&["--format", "github"], &plain);
    assert_eq!(code, 1);
    assert!(out.contains("file=tool.rs,line=2"), "{out}");
}

#[test]
fn unreadable_broken_and_huge_files_are_reported_and_the_rest_still_checked() {
    let (_dir, plain) = fixture("plain");
    std::os::unix::fs::symlink(plain.join("missing.rs"), plain.join("dangling.rs"))
        .expect("symlink");
    std::fs::create_dir(plain.join("folder.rs")).expect("dir");
    std::fs::write(
        plain.join("latin1.rs"),
        b"fn main() { let s = \"caf\xe9\"; }",
    )
    .expect("write");
    std::fs::write(plain.join("huge.rs"), vec![b' '; 9 * 1024 * 1024]).expect("write");
    std::fs::write(
        plain.join("deep.rs"),
        format!("fn f() {{ {}1{} }}", "(".repeat(5000), ")".repeat(5000)),
    )
    .expect("write");
    let (code, out, err) = stdout_of(&["--format", "github"], &plain);
    assert_eq!(code, 1, "{err}");
    for expected in [
        "file=dangling.rs",
        "file=latin1.rs",
        "file=huge.rs",
        "file=deep.rs",
        "file=tool.rs,line=2",
    ] {
        assert!(out.contains(expected), "missing {expected} in\n{out}");
    }
    assert!(
        out.contains("prodcheck(io_error)") && out.contains("prodcheck(file_skipped)"),
        "{out}"
    );
}

#[test]
fn rules_and_explain() {
    let out = prodcheck()
        .args(["prodcheck", "rules", "--format", "json"])
        .output()
        .expect("run");
    let rules: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(rules
        .as_array()
        .is_some_and(|r| r.iter().any(|r| r["id"] == "print_in_service")));
    let out = prodcheck()
        .args(["explain", "http_client_without_timeout"])
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && text.contains("### Fires on") && text.contains("Fix:"),
        "{text}"
    );
    prodcheck()
        .args(["explain", "no_such_rule"])
        .assert()
        .code(2);
}

#[test]
fn workspace_profiles_members_and_examples() {
    let (_dir, workspace) = fixture("workspace");
    let (code, out, err) = stdout_of(&["--format", "github"], &workspace);
    assert_eq!(code, 0, "{err}");
    let flagged: Vec<&str> = out
        .lines()
        .map(|l| l.split(',').next().unwrap_or(""))
        .collect();
    assert_eq!(
        flagged,
        vec!["::warning file=corelib/src/lib.rs"],
        "only the library of the service prints in service code\n{out}"
    );
    let (_, out, _) = stdout_of(&["--format", "github", "--include-examples"], &workspace);
    assert!(out.contains("file=server/examples/demo.rs"), "{out}");
    let (_, out, _) = stdout_of(&["--format", "github"], &workspace.join("tool"));
    assert!(
        out.is_empty(),
        "checking one member checks only that member: {out}"
    );
}

#[test]
fn service_scope_is_decided_per_binary_and_library_module() {
    // One package, a server binary and a client binary over one library: prints in the
    // modules the server runs are flagged, those of the client and its binary are not.
    let (_dir, dual) = fixture("dual");
    let (_, out, err) = stdout_of(&["--format", "github"], &dual);
    let flagged: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("prodcheck(print_in_service)"))
        .map(|l| l.split(',').next().unwrap_or(""))
        .collect();
    assert_eq!(
        flagged,
        vec!["::warning file=src/server.rs", "::warning file=src/wire.rs"],
        "{out}{err}"
    );
}

#[test]
fn test_support_packages_are_test_code() {
    // A package published as test support (a mock server) blocks in async code on
    // purpose; it is not linted, and `-vv` says why.
    let (_dir, testkit) = fixture("testkit");
    let (code, out, err) = stdout_of(&["--format", "github", "-vv"], &testkit);
    assert_eq!((code, out.as_str()), (0, ""), "{err}");
    assert!(err.contains("test-support package"), "{err}");
}

#[test]
fn developer_tools_preview_servers_are_not_services() {
    // A command-line developer tool whose subcommand starts a local preview server: its
    // server is not a production service, so the service rules stay quiet.
    let (_dir, devtool) = fixture("devtool");
    let (_, out, err) = stdout_of(&["--format", "github", "-vv"], &devtool);
    assert!(!out.contains("no_graceful_shutdown"), "{out}");
    assert!(err.contains("developer tool"), "{err}");
    // The same code published as a network service is one.
    let manifest = devtool.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).expect("manifest");
    let served = text.replace(
        "\"development-tools::build-utils\"",
        "\"network-programming\"",
    );
    std::fs::write(&manifest, served).expect("write");
    let (_, out, _) = stdout_of(&["--format", "github"], &devtool);
    assert!(out.contains("no_graceful_shutdown"), "{out}");
}

#[test]
fn timings_and_verbose_logging_go_to_stderr_only() {
    let (_dir, dual) = fixture("dual");
    let (_, plain_out, _) = stdout_of(&["--format", "json"], &dual);
    let (_, out, err) = stdout_of(&["--format", "json", "--timings", "-v"], &dual);
    assert_eq!(
        out, plain_out,
        "the report is unchanged by --timings and -v"
    );
    for phase in [
        "cargo metadata",
        "read, parse, rules",
        "package joins",
        "report",
        "slowest rules:",
        "slowest files:",
    ] {
        assert!(err.contains(phase), "{phase} missing from\n{err}");
    }
    // The slowest-rules table names real rules, the slowest-files table real files.
    assert!(
        err.contains("print_in_service") && err.contains("src/server.rs"),
        "{err}"
    );
    assert!(
        err.contains("service binary") && err.contains("dual: bin dual-server"),
        "-v says which binary is a service and why:\n{err}"
    );
    let (_, _, quiet) = stdout_of(&["--format", "json"], &dual);
    assert!(
        !quiet.contains("INFO"),
        "logging is off by default: {quiet}"
    );
}

#[test]
fn deploy_files_are_joined_with_the_code() {
    let (_dir, deployed) = fixture("deployed");
    let (code, out, _) = stdout_of(&["--format", "github"], &deployed);
    assert_eq!(code, 1, "{out}");
    let titles: Vec<(&str, &str)> = out
        .lines()
        .map(|l| {
            let file = l
                .split("file=")
                .nth(1)
                .and_then(|r| r.split(',').next())
                .unwrap_or("");
            let rule = l
                .split("title=prodcheck(")
                .nth(1)
                .and_then(|r| r.split(')').next())
                .unwrap_or("");
            (file, rule)
        })
        .filter(|(_, rule)| {
            [
                "pid1_without_sigterm_handler",
                "unknown_rule",
                "sigterm_not_handled",
                "k8s_single_replica",
            ]
            .contains(rule)
        })
        .collect();
    assert_eq!(
        titles,
        vec![
            ("Dockerfile", "pid1_without_sigterm_handler"),
            ("deployment.yaml", "unknown_rule"),
            ("src/main.rs", "sigterm_not_handled"),
        ],
        "the exec-form entrypoint is the binary, whose code handles no SIGTERM; `# prodcheck:allow` silences the replica note\n{out}"
    );

    // The code waits for `ctrl_c` (SIGINT): an image that stops it with SIGINT is served.
    let dockerfile = deployed.join("Dockerfile");
    let text = std::fs::read_to_string(&dockerfile).expect("Dockerfile");
    std::fs::write(&dockerfile, format!("{text}STOPSIGNAL SIGINT\n")).expect("write");
    let (_, out, _) = stdout_of(&["--format", "github"], &deployed);
    assert!(
        !out.contains("pid1_without_sigterm_handler"),
        "STOPSIGNAL SIGINT and a ctrl_c handler: nothing to report\n{out}"
    );
    assert!(
        !out.contains("sigterm_not_handled"),
        "the image stops it with SIGINT, which it handles: SIGTERM never comes\n{out}"
    );
    std::fs::write(&dockerfile, format!("{text}STOPSIGNAL SIGQUIT\n")).expect("write");
    let (_, out, _) = stdout_of(&["--format", "github"], &deployed);
    assert!(
        out.contains("handles no SIGQUIT") && out.contains("sigterm_not_handled"),
        "STOPSIGNAL SIGQUIT is not handled by ctrl_c\n{out}"
    );
}

#[test]
fn the_code_s_drain_time_is_compared_with_the_grace_period() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("drain");
    std::fs::create_dir_all(root.join("src")).expect("mkdir");
    let manifest = "[package]\nname = \"drain\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\nactix-web = \"4\"\n\n[workspace]\n";
    std::fs::write(root.join("Cargo.toml"), manifest).expect("write");
    let main = "#[actix_web::main]\nasync fn main() -> std::io::Result<()> {\n    actix_web::HttpServer::new(|| actix_web::App::new()).shutdown_timeout(60).bind((\"0.0.0.0\", 8080))?.run().await\n}\n";
    std::fs::write(root.join("src/main.rs"), main).expect("write");
    let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: drain\nspec:\n  terminationGracePeriodSeconds: 20\n  containers:\n    - name: drain\n      image: drain:1\n      resources: { requests: { cpu: 100m, memory: 64Mi }, limits: { memory: 128Mi } }\n      livenessProbe: { tcpSocket: { port: 8080 } }\n      readinessProbe: { httpGet: { path: /ready, port: 8080 } }\n";
    std::fs::write(root.join("pod.yaml"), pod).expect("write");
    let (_, out, _) = stdout_of(&["--format", "github"], &root);
    assert!(
        out.contains("file=pod.yaml") && out.contains("k8s_short_grace_period"),
        "60 s of draining against a 20 s grace period\n{out}"
    );
    std::fs::write(root.join("src/main.rs"), main.replace("60", "10")).expect("write");
    let (_, out, _) = stdout_of(&["--format", "github"], &root);
    assert!(
        !out.contains("k8s_short_grace_period"),
        "10 s fits in 20 s\n{out}"
    );
}

#[test]
fn a_baseline_hides_known_findings_through_moves_and_reformatting() {
    let (dir, service) = fixture("service");
    let baseline = dir.path().join("baseline.json");
    let out = prodcheck()
        .arg("prodcheck")
        .arg(&service)
        .arg("--write-baseline")
        .arg(&baseline)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    let (code, out, _) = stdout_of(&["--baseline", baseline.to_str().expect("utf-8")], &service);
    assert_eq!(code, 0, "every finding is known\n{out}");
    assert!(
        out.contains("no problems found") && out.contains("2 known in the baseline, 0 stale"),
        "{out}"
    );
    // Move the flagged code down and reformat it: still the same finding.
    let client = service.join("src/client.rs");
    let text = std::fs::read_to_string(&client).expect("read");
    let moved = format!(
        "pub fn added_above() {{}}\n\n\n{}",
        text.replacen("reqwest::Client::new()", "reqwest :: Client :: new( )", 1)
    );
    std::fs::write(&client, moved).expect("write");
    let (code, out, _) = stdout_of(&["--baseline", baseline.to_str().expect("utf-8")], &service);
    assert_eq!(code, 0, "moved and reformatted code stays known\n{out}");
    // Edit the flagged expression: a new finding, and its old entry is stale.
    let edited = std::fs::read_to_string(&client).expect("read").replacen(
        "reqwest :: Client :: new( )",
        "reqwest::Client::default()",
        1,
    );
    std::fs::write(&client, edited).expect("write");
    let (code, out, _) = stdout_of(&["--baseline", baseline.to_str().expect("utf-8")], &service);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("1 error") && out.contains("1 known in the baseline, 1 stale"),
        "{out}"
    );
}

#[test]
fn with_cargo_check_passes_compiler_messages_through_first() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("nodeps");
    std::fs::create_dir_all(root.join("src")).expect("mkdir");
    std::fs::write(
        root.join("Cargo.toml"),
        "[package]\nname = \"nodeps\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[workspace]\n",
    )
    .expect("write");
    let main = "fn main() {\n    let unused = 1;\n    let c = reqwest::Client::new();\n}\n";
    std::fs::write(root.join("src/main.rs"), main).expect("write");
    let (code, out, _) = stdout_of(&["--message-format=json", "--with-cargo-check"], &root);
    assert_eq!(code, 1, "{out}");
    let messages: Vec<cargo_metadata::Message> =
        cargo_metadata::Message::parse_stream(out.as_bytes())
            .collect::<Result<_, _>>()
            .expect("cargo messages");
    let codes: Vec<String> = messages
        .iter()
        .filter_map(|m| match m {
            cargo_metadata::Message::CompilerMessage(c) => Some(
                c.message
                    .code
                    .as_ref()
                    .map_or("-".to_string(), |c| c.code.clone()),
            ),
            _ => None,
        })
        .collect();
    let ours = codes
        .iter()
        .position(|c| c == "prodcheck::http_client_without_timeout")
        .expect("our finding");
    let rustc = codes
        .iter()
        .position(|c| c == "E0433")
        .expect("rustc's unresolved crate error");
    assert!(rustc < ours, "compiler messages come first: {codes:?}");
    let finished = messages
        .iter()
        .filter(|m| matches!(m, cargo_metadata::Message::BuildFinished(_)))
        .count();
    assert_eq!(finished, 1, "one build-finished at the end");
    assert!(
        matches!(messages.last(), Some(cargo_metadata::Message::BuildFinished(f)) if !f.success)
    );
}

#[test]
fn no_network_is_needed() {
    let (_dir, service) = fixture("service");
    let binary = assert_cmd::cargo::cargo_bin("cargo-prodcheck");
    let closed = "http://127.0.0.1:9";
    let with_proxies = |cmd: &mut std::process::Command| {
        for var in [
            "HTTP_PROXY",
            "HTTPS_PROXY",
            "ALL_PROXY",
            "http_proxy",
            "https_proxy",
            "CARGO_HTTP_PROXY",
        ] {
            cmd.env(var, closed);
        }
        cmd.current_dir(std::env::temp_dir());
    };
    let mut proxied = std::process::Command::new(&binary);
    with_proxies(&mut proxied);
    let out = proxied
        .args(["--format", "github"])
        .arg(&service)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("http_client_without_timeout"));
    // With no network namespace access at all, where the machine allows it.
    let mut isolated = std::process::Command::new("unshare");
    with_proxies(&mut isolated);
    if let Ok(out) = isolated
        .arg("-n")
        .arg(&binary)
        .args(["--format", "github"])
        .arg(&service)
        .output()
    {
        if out.status.code() != Some(1) && String::from_utf8_lossy(&out.stderr).contains("unshare")
        {
            return; // unshare is not permitted here; the proxy run above stands
        }
        assert_eq!(
            out.status.code(),
            Some(1),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!String::from_utf8_lossy(&out.stdout).contains("cargo metadata failed"));
    }
}
