//! Hostile input: every file of a tree that could crash, hang or fool the tool, next to a
//! healthy file whose finding must still be reported. No run may panic (exit 101), and
//! each broken file must be named in the output.

use assert_cmd::Command;
use std::path::Path;

fn run(root: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("cargo-prodcheck")
        .expect("binary")
        .current_dir(std::env::temp_dir())
        .arg(root)
        .args(args)
        .output()
        .expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const HEALTHY: &str = "pub fn client() -> reqwest::Client {\n    reqwest::Client::new()\n}\n";

fn write(root: &Path, name: &str, bytes: impl AsRef<[u8]>) {
    let path = root.join(name);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, bytes).expect("write");
}

fn hostile_rust_tree(root: &Path) {
    write(root, "healthy.rs", HEALTHY);
    let expression = format!("pub fn f() -> u64 {{ {}1 }}\n", "1 + ".repeat(2_600_000));
    write(root, "ten_megabytes.rs", expression);
    write(
        root,
        "parens.rs",
        format!(
            "fn f() {{ let x = {}1{}; }}",
            "(".repeat(5000),
            ")".repeat(5000)
        ),
    );
    write(
        root,
        "blocks.rs",
        format!("fn f() {{ {}{} }}", "{ ".repeat(5000), "}".repeat(5000)),
    );
    write(
        root,
        "closures.rs",
        format!("fn f() {{ let c = {}1; }}", "|x| ".repeat(5000)),
    );
    write(
        root,
        "casts.rs",
        format!("fn f() {{ let c = 1{}; }}", " as u8".repeat(1_000_000)),
    );
    write(root, "latin1.rs", b"fn main() { let s = \"caf\xe9\"; }\n");
    write(root, "nul.rs", b"fn f() {}\n\x00\nfn g() {}\n");
    write(
        root,
        "crlf_bom.rs",
        b"\xef\xbb\xbffn main() {\r\n    let c = reqwest::Client::new();\r\n}\r\n",
    );
    write(root, "empty.rs", "");
    let regex = format!(
        "fn f() {{ let r = regex::Regex::new(r\"{}\"); }}\n",
        "(a|b)*c".repeat(15_000)
    );
    write(root, "long_regex.rs", regex);
    std::fs::create_dir(root.join("directory.rs")).expect("mkdir");
    std::os::unix::fs::symlink(root.join("missing.rs"), root.join("dangling.rs")).expect("symlink");
    std::os::unix::fs::symlink(root.join("loop_b.rs"), root.join("loop_a.rs")).expect("symlink");
    std::os::unix::fs::symlink(root.join("loop_a.rs"), root.join("loop_b.rs")).expect("symlink");
    std::os::unix::fs::symlink(root, root.join("cycle")).expect("symlink");
}

#[test]
fn hostile_rust_files_are_named_and_the_healthy_one_still_checked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("tree");
    hostile_rust_tree(&root);
    let (code, out, err) = run(&root, &["--format", "github"]);
    assert_ne!(code, 101, "panicked: {err}");
    assert_eq!(code, 1, "{err}");
    let rule_of = |file: &str| {
        out.lines()
            .find(|l| l.contains(&format!("file={file},")))
            .and_then(|l| l.split("title=prodcheck(").nth(1))
            .and_then(|r| r.split(')').next())
            .unwrap_or("none")
            .to_string()
    };
    let expected = [
        ("healthy.rs", "http_client_without_timeout"),
        ("crlf_bom.rs", "http_client_without_timeout"),
        ("ten_megabytes.rs", "file_skipped"),
        ("parens.rs", "parse_error"),
        ("blocks.rs", "parse_error"),
        ("casts.rs", "parse_error"),
        ("latin1.rs", "parse_error"),
        ("nul.rs", "parse_error"),
        ("directory.rs", "io_error"),
        ("dangling.rs", "io_error"),
        ("loop_a.rs", "io_error"),
    ];
    for (file, rule) in expected {
        assert_eq!(rule_of(file), rule, "{file}\n{out}");
    }
    assert!(
        out.contains("file=crlf_bom.rs,line=2,"),
        "the BOM and CRLF keep lines right\n{out}"
    );
    for quiet in ["empty.rs", "closures.rs", "long_regex.rs"] {
        assert_eq!(rule_of(quiet), "none", "{quiet}\n{out}");
    }
}

#[test]
fn unreadable_files_are_reported_when_permissions_bite() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "healthy.rs", HEALTHY);
    write(dir.path(), "secret.rs", HEALTHY);
    let secret = dir.path().join("secret.rs");
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let readable_anyway = std::fs::read(&secret).is_ok(); // root reads everything
    let (code, out, _) = run(dir.path(), &["--format", "github"]);
    assert_eq!(code, 1);
    assert!(out.contains("file=healthy.rs"), "{out}");
    let secret_rule = if readable_anyway {
        "http_client_without_timeout"
    } else {
        "io_error"
    };
    assert!(
        out.contains("file=secret.rs,line=") && out.contains(secret_rule),
        "{out}"
    );
}

#[test]
fn broken_manifests_are_reported_and_the_code_still_checked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("broken");
    write(
        &root,
        "Cargo.toml",
        "[package]\nname = \"broken\nversion = 1\n",
    );
    write(&root, "src/main.rs", HEALTHY);
    let (code, out, err) = run(&root, &["--format", "github"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        out.contains("file=Cargo.toml,line=2")
            && out.contains("parse_error")
            && out.contains("cargo metadata failed"),
        "{out}"
    );
    assert!(out.contains("file=src/main.rs,line=2"), "{out}");

    let empty = dir.path().join("empty_members");
    write(
        &empty,
        "Cargo.toml",
        "[workspace]\nmembers = [\"crates/*\"]\n",
    );
    write(&empty, "tools/x.rs", HEALTHY);
    let (code, _, err) = run(&empty, &["--format", "github"]);
    assert!(
        code == 0 || code == 1,
        "a workspace with no members is not a crash: {code} {err}"
    );
}

#[test]
fn hostile_deploy_files_are_bounded() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(root, "healthy.rs", HEALTHY);
    let mut laughs = String::from("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (name, prev) in [
        ("b", "a"),
        ("c", "b"),
        ("d", "c"),
        ("e", "d"),
        ("f", "e"),
        ("g", "f"),
        ("h", "g"),
        ("i", "h"),
    ] {
        laughs.push_str(&format!("  {name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
    }
    write(root, "laughs.yaml", laughs);
    let mut dockerfile = String::from("FROM debian:bookworm-slim\n");
    for i in 0..100_000 {
        dockerfile.push_str(&format!("RUN echo {i}\n"));
    }
    dockerfile.push_str("USER app\nCMD [\"/app\"]\n");
    write(root, "Dockerfile", dockerfile);
    write(
        root,
        "broken.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: [unclosed\n",
    );
    let (code, out, err) = run(root, &["--format", "github"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        out.contains("file=laughs.yaml") && out.contains("parse_error"),
        "{out}"
    );
    assert!(out.contains("file=broken.yaml"), "{out}");
    assert!(out.contains("file=healthy.rs,line=2"), "{out}");
}

#[test]
fn output_is_identical_for_any_thread_count_and_creation_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("tree");
    let files: Vec<(String, String)> = (0..40)
        .map(|i| {
            (
                format!("src/m{i:02}.rs"),
                format!("pub fn f{i}() {{ println!(\"{i}\"); let c = reqwest::Client::new(); }}\n"),
            )
        })
        .collect();
    let build = |reverse: bool| {
        let _ = std::fs::remove_dir_all(&root);
        write(
            &root,
            "main.rs",
            "fn main() { let l = std::net::TcpListener::bind(\"0.0.0.0:1\"); }\n",
        );
        let mut order: Vec<&(String, String)> = files.iter().collect();
        if reverse {
            order.reverse();
        }
        for (name, text) in order {
            write(&root, name, text);
        }
    };
    for format in ["human", "json", "sarif"] {
        build(false);
        let (_, reference, _) = run(&root, &["--format", format, "--jobs", "1"]);
        assert!(reference.len() > 1000, "{reference}");
        for jobs in ["2", "8"] {
            let (_, other, _) = run(&root, &["--format", format, "--jobs", jobs]);
            assert_eq!(reference, other, "{format} differs with --jobs {jobs}");
        }
        build(true);
        let (_, reordered, _) = run(&root, &["--format", format, "--jobs", "2"]);
        assert_eq!(
            reference, reordered,
            "{format} differs when files are created in another order"
        );
    }
}
