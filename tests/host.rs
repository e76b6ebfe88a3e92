//! `cargo prodcheck host`: every check on fixture trees made here (healthy, badly
//! configured, missing, garbage), the command's exit codes and formats, certificates
//! made with openssl, and the live host compared with the system's own tools.

use assert_cmd::Command;
use cargo_prodcheck::host::{check_names, checklist, CheckRow, HostOptions, Status, FIXTURE_DIR};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command as Process;
use tempfile::TempDir;

const PID: u32 = 42;

const LIMITS_OK: &str =
    "Limit                     Soft Limit           Hard Limit           Units     \n\
Max file size             unlimited            unlimited            bytes     \n\
Max core file size        0                    unlimited            bytes     \n\
Max address space         unlimited            unlimited            bytes     \n\
Max processes             65535                65535                processes \n\
Max open files            65535                65535                files     \n";

const LIMITS_BAD: &str =
    "Limit                     Soft Limit           Hard Limit           Units     \n\
Max file size             1048576              unlimited            bytes     \n\
Max core file size        unlimited            unlimited            bytes     \n\
Max address space         4294967296           4294967296           bytes     \n\
Max processes             1024                 1024                 processes \n\
Max open files            64                   64                   files     \n";

/// A host configured as the thresholds want.
const HEALTHY: &[(&str, &str)] = &[
    ("proc/self/limits", LIMITS_OK),
    ("proc/self/status", "Name:\tapp\nCpus_allowed_list:\t0-3\n"),
    ("proc/self/cgroup", "0::/system.slice/app.service\n"),
    ("proc/42/limits", LIMITS_OK),
    ("proc/42/status", "Name:\tapp\nVmSwap:\t       0 kB\n"),
    ("proc/42/oom_score_adj", "-500\n"),
    ("proc/42/cgroup", "0::/system.slice/app.service\n"),
    ("proc/sys/fs/file-max", "2097152\n"),
    ("proc/sys/fs/file-nr", "1000\t0\t2097152\n"),
    ("proc/sys/kernel/core_pattern", "|/usr/lib/systemd/systemd-coredump %P %u\n"),
    ("proc/sys/vm/max_map_count", "262144\n"),
    ("proc/sys/vm/swappiness", "1\n"),
    ("proc/sys/vm/overcommit_memory", "1\n"),
    ("proc/sys/net/ipv4/ip_local_port_range", "1024\t65535\n"),
    ("proc/sys/net/ipv4/tcp_max_syn_backlog", "4096\n"),
    ("proc/sys/net/ipv4/tcp_retries2", "5\n"),
    ("proc/sys/net/ipv4/tcp_tw_reuse", "2\n"),
    ("proc/sys/net/core/somaxconn", "4096\n"),
    ("proc/net/sockstat", "sockets: used 80\nTCP: inuse 10 orphan 0 tw 120 alloc 12 mem 3\n"),
    ("proc/meminfo", "MemTotal:       16384000 kB\nSwapTotal:             0 kB\nSwapFree:              0 kB\n"),
    ("proc/swaps", "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"),
    ("proc/loadavg", "0.50 0.40 0.30 1/100 1234\n"),
    ("sys/kernel/mm/transparent_hugepage/enabled", "always madvise [never]\n"),
    ("sys/fs/cgroup/cgroup.controllers", "cpu memory pids\n"),
    ("sys/fs/cgroup/system.slice/app.service/memory.max", "1073741824\n"),
    ("sys/fs/cgroup/system.slice/app.service/memory.current", "104857600\n"),
    ("sys/fs/cgroup/system.slice/app.service/memory.events", "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\n"),
    ("sys/fs/cgroup/system.slice/app.service/cpu.max", "200000 100000\n"),
    ("etc/resolv.conf", "nameserver 10.0.0.2\nnameserver 10.0.0.3\noptions timeout:2 attempts:2\n"),
    (".prodcheck-fixture/adjtimex", "status 0x2001\nmaxerror 16000\n"),
    (".prodcheck-fixture/statvfs", "/ 4096 1000000 800000 750000 100000 90000\n/var/lib/app 4096 1000000 800000 750000 100000 90000\n"),
];

/// The same host after everything went wrong; written over [`HEALTHY`].
const BAD: &[(&str, &str)] = &[
    ("proc/self/limits", LIMITS_BAD),
    ("proc/42/limits", LIMITS_BAD),
    ("proc/42/status", "Name:\tapp\nVmSwap:\t    2048 kB\n"),
    ("proc/42/oom_score_adj", "500\n"),
    ("proc/sys/fs/file-max", "32768\n"),
    ("proc/sys/kernel/core_pattern", "core\n"),
    ("proc/sys/vm/max_map_count", "65530\n"),
    ("proc/sys/vm/swappiness", "60\n"),
    ("proc/sys/net/ipv4/ip_local_port_range", "40000 45000\n"),
    ("proc/sys/net/ipv4/tcp_max_syn_backlog", "256\n"),
    ("proc/sys/net/ipv4/tcp_retries2", "15\n"),
    ("proc/sys/net/core/somaxconn", "64\n"),
    ("proc/net/sockstat", "sockets: used 80\nTCP: inuse 10 orphan 0 tw 4800 alloc 12 mem 3\n"),
    ("proc/meminfo", "MemTotal:       16384000 kB\nSwapTotal:       4194304 kB\nSwapFree:        3145728 kB\n"),
    ("proc/swaps", "Filename\tType\tSize\tUsed\tPriority\n/swapfile\tfile\t4194304\t1048576\t-2\n"),
    ("proc/loadavg", "12.00 10.00 9.00 9/300 1234\n"),
    ("sys/fs/cgroup/system.slice/app.service/memory.current", "1040000000\n"),
    ("sys/fs/cgroup/system.slice/app.service/memory.events", "oom 3\noom_kill 3\n"),
    ("sys/fs/cgroup/system.slice/app.service/cpu.max", "50000 100000\n"),
    ("etc/resolv.conf", "search a.svc b.svc\noptions ndots:5 timeout:10 attempts:5\n"),
    (".prodcheck-fixture/adjtimex", "status 0x0041\nmaxerror 16000000\n"),
    (".prodcheck-fixture/statvfs", "/ 4096 1000000 30000 20000 100000 10000\n/var/lib/app 4096 1000000 800000 750000 100000 12000\n"),
];

/// A fixture host in a temporary directory, and a workspace beside it.
struct Tree {
    dir: TempDir,
}

impl Tree {
    fn empty() -> Tree {
        let dir = tempfile::tempdir().expect("tempdir");
        fs::create_dir_all(dir.path().join("root")).expect("root");
        fs::create_dir_all(dir.path().join("workspace")).expect("workspace");
        Tree { dir }
    }

    fn with(files: &[(&str, &str)]) -> Tree {
        let tree = Tree::empty();
        tree.write_all(files);
        tree.open_fds(10, None);
        tree
    }

    fn root(&self) -> PathBuf {
        self.dir.path().join("root")
    }

    fn write_all(&self, files: &[(&str, &str)]) {
        for (rel, text) in files {
            self.write(rel, text.as_bytes());
        }
    }

    fn write(&self, rel: &str, bytes: &[u8]) {
        let path = self.root().join(rel);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, bytes).expect("write fixture");
    }

    /// `count` descriptors of pid 42 pointing at /dev/null, the last at `last` if given.
    fn open_fds(&self, count: usize, last: Option<&str>) {
        let fd_dir = self.root().join("proc/42/fd");
        fs::create_dir_all(&fd_dir).expect("fd dir");
        for fd in 0..count {
            let target = if fd + 1 == count {
                last.unwrap_or("/dev/null")
            } else {
                "/dev/null"
            };
            let link = fd_dir.join(fd.to_string());
            let _ = fs::remove_file(&link);
            std::os::unix::fs::symlink(target, link).expect("fd link");
        }
    }

    fn options(&self) -> HostOptions {
        HostOptions {
            root: self.root(),
            pid: Some(PID),
            paths: vec![PathBuf::from("/"), PathBuf::from("/var/lib/app")],
            workspace: self.dir.path().join("workspace"),
            ..HostOptions::default()
        }
    }

    fn rows(&self) -> Vec<CheckRow> {
        checklist(&self.options())
    }
}

fn bad_tree() -> Tree {
    let tree = Tree::with(HEALTHY);
    tree.write_all(BAD);
    tree.open_fds(50, Some("/var/log/app.log (deleted)"));
    let lock = "version = 3\n[[package]]\nname = \"tantivy\"\nversion = \"0.22.0\"\n";
    fs::write(tree.dir.path().join("workspace/Cargo.lock"), lock).expect("lock");
    tree
}

fn row<'a>(rows: &'a [CheckRow], check: &str, subject: &str) -> &'a CheckRow {
    rows.iter()
        .find(|r| r.check == check && r.subject == subject)
        .unwrap_or_else(|| panic!("no row {check} [{subject}] in {rows:#?}"))
}

/// Runs `cargo-prodcheck host ARGS` to the end.
fn host_output(args: &[&str]) -> std::process::Output {
    host_command().args(args).output().expect("run")
}

fn host_command() -> Command {
    let mut command = Command::cargo_bin("cargo-prodcheck").expect("binary");
    command.arg("host");
    command
}

#[test]
fn every_check_has_a_row_on_a_fixture_tree() {
    let rows = Tree::with(HEALTHY).rows();
    for name in check_names() {
        assert!(rows.iter().any(|r| r.check == name), "no row for {name}");
    }
}

#[test]
fn a_healthy_host_passes_every_check_it_can_grade() {
    let rows = Tree::with(HEALTHY).rows();
    for row in &rows {
        let expected_skip = ["dns_resolve", "cert_expiry"].contains(&row.check.as_str());
        let allowed = if expected_skip {
            row.status == Status::Skip
        } else {
            row.status <= Status::Info
        };
        assert!(allowed, "unexpected {row}");
    }
    assert_eq!(row(&rows, "open_fds", "pid 42").readings["open"], 10);
    assert_eq!(
        row(&rows, "disk_space", "/var/lib/app").readings["used_percent"],
        22
    );
    assert_eq!(
        row(&rows, "cgroup_cpu", "pid 42").readings["quota_millicpus"],
        2000
    );
    assert_eq!(row(&rows, "overcommit_memory", "").status, Status::Info);
    assert!(row(&rows, "time_wait", "").note.contains("only loopback"));
}

#[test]
fn a_badly_configured_host_fails_where_it_should() {
    let rows = bad_tree().rows();
    let expected = [
        ("nofile_limit", "this process", Status::Fail),
        ("nofile_limit", "pid 42", Status::Fail),
        ("open_fds", "pid 42", Status::Warn),
        ("file_max", "", Status::Fail),
        ("nproc_limit", "pid 42", Status::Fail),
        ("address_space_limit", "this process", Status::Warn),
        ("file_size_limit", "pid 42", Status::Warn),
        ("core_dumps", "", Status::Warn),
        ("max_map_count", "", Status::Fail),
        ("local_port_range", "", Status::Fail),
        ("somaxconn", "", Status::Fail),
        ("tcp_max_syn_backlog", "", Status::Warn),
        ("tcp_retries2", "", Status::Warn),
        ("time_wait", "", Status::Fail),
        ("swap", "", Status::Warn),
        ("process_swap", "pid 42", Status::Warn),
        ("swappiness", "", Status::Warn),
        ("oom_score_adj", "pid 42", Status::Warn),
        ("cgroup_memory", "pid 42", Status::Warn),
        ("cgroup_oom_kills", "pid 42", Status::Warn),
        ("cgroup_cpu", "pid 42", Status::Warn),
        ("disk_space", "/", Status::Fail),
        ("disk_inodes", "/var/lib/app", Status::Warn),
        ("deleted_open_files", "", Status::Warn),
        ("clock_sync", "", Status::Fail),
        ("load_average", "", Status::Fail),
        ("resolv_conf", "", Status::Warn),
    ];
    for (check, subject, status) in expected {
        let found = row(&rows, check, subject);
        assert_eq!(found.status, status, "{found}");
        assert!(!found.fix.is_empty(), "{found}");
    }
    assert!(row(&rows, "max_map_count", "").note.contains("tantivy"));
    assert!(row(&rows, "deleted_open_files", "")
        .note
        .contains("/var/log/app.log"));
    assert!(row(&rows, "resolv_conf", "").note.contains("ndots 5"));
}

#[test]
fn missing_files_skip_with_the_reason() {
    let tree = Tree::empty();
    let rows = tree.rows();
    assert!(rows.len() >= check_names().len());
    for row in &rows {
        assert_eq!(row.status, Status::Skip, "{row}");
        assert!(!row.note.is_empty(), "no reason: {row}");
    }
    let somaxconn = row(&rows, "somaxconn", "");
    assert!(
        somaxconn.note.contains("proc/sys/net/core/somaxconn"),
        "{somaxconn}"
    );
    let clock = row(&rows, "clock_sync", "");
    assert!(clock.note.contains(FIXTURE_DIR), "{clock}");
}

#[test]
fn garbage_contents_warn_and_name_the_file() {
    let tree = Tree::with(HEALTHY);
    for (index, (rel, _)) in HEALTHY.iter().enumerate() {
        let bytes: &[u8] = if index % 2 == 0 {
            "lots of ☃ [\n".as_bytes()
        } else {
            b"\xff\xfe\x00garbage"
        };
        tree.write(rel, bytes);
    }
    let root = tree.root().display().to_string();
    for row in tree.rows() {
        match row.check.as_str() {
            "deleted_open_files" => assert_eq!(row.status, Status::Pass, "{row}"),
            "dns_resolve" | "cert_expiry" => assert_eq!(row.status, Status::Skip, "{row}"),
            _ => {
                assert_eq!(row.status, Status::Warn, "{row}");
                assert!(
                    row.note.contains(&root),
                    "the note must name the file: {row}"
                );
            }
        }
    }
}

#[test]
fn exit_status_is_0_when_healthy_and_1_when_something_fails() {
    let healthy = Tree::with(HEALTHY);
    host_command()
        .arg("--root")
        .arg(healthy.root())
        .assert()
        .code(0);
    let bad = bad_tree();
    let output = host_command()
        .arg("--root")
        .arg(bad.root())
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("FAIL somaxconn"), "{text}");
    assert!(
        text.contains("fix: sysctl -w net.core.somaxconn=4096"),
        "{text}"
    );
}

#[test]
fn json_gives_the_same_rows_as_the_table() {
    let bad = bad_tree();
    let run = |format: &str| {
        let output = host_output(&[
            "--root",
            &bad.root().display().to_string(),
            "--pid",
            "42",
            "--format",
            format,
        ]);
        assert_eq!(output.status.code(), Some(1));
        String::from_utf8(output.stdout).expect("utf-8")
    };
    let rows = json_rows(&run("json"));
    let table = run("human");
    let summary = table.lines().last().expect("summary line");
    assert!(
        summary.starts_with(&format!("{} rows: ", rows.len())),
        "{summary}"
    );
    let table_statuses: Vec<&str> = table
        .lines()
        .filter(|l| !l.starts_with(' '))
        .map(|l| &l[..4])
        .collect();
    let json_statuses: Vec<&str> = rows.iter().map(|r| r.status.label()).collect();
    assert_eq!(table_statuses[..rows.len()], json_statuses[..]);
}

#[test]
fn a_root_that_is_not_a_directory_exits_2() {
    let output = host_output(&["--root", "/no/such/prodcheck/root"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("/no/such/prodcheck/root"));
    host_command()
        .args(["--cert-days", "soon"])
        .assert()
        .code(2);
    let tree = Tree::with(HEALTHY);
    let root = tree.root().display().to_string();
    let output = host_output(&["--root", &root, "--pid", "4242"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--pid 4242: no such process"));
}

#[test]
fn explain_prints_the_threshold_and_the_incident() {
    for (name, incident) in [
        ("nofile_limit", "Too many open files"),
        ("local_port_range", "EADDRNOTAVAIL"),
        ("cgroup_oom_kills", "OOM"),
        ("swap", "swap storm"),
        ("disk_space", "No space left on device"),
        ("clock_sync", "drift"),
        ("cert_expiry", "Expired certificates"),
    ] {
        let output = host_output(&["--explain", name]);
        assert_eq!(output.status.code(), Some(0), "{name}");
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(
            text.contains("threshold:") && text.contains(incident),
            "{name}: {text}"
        );
    }
}

#[test]
fn explain_of_an_unknown_check_exits_2_and_lists_the_names() {
    let output = host_output(&["--explain", "no_such_check"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    for name in check_names() {
        assert!(stderr.contains(name), "{name} missing from {stderr}");
    }
}

#[test]
fn cargo_runs_the_subcommand_with_prodcheck_first() {
    let mut command = Command::cargo_bin("cargo-prodcheck").expect("binary");
    let output = command
        .args(["prodcheck", "host", "--explain", "somaxconn"])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&output.stdout).contains("net.core.somaxconn"));
}

/// Runs `openssl ARGS` (split on spaces) in `dir`; false when it is missing or fails.
fn openssl(dir: &Path, args: &str) -> bool {
    Process::new("openssl")
        .current_dir(dir)
        .args(args.split_whitespace())
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The options that make a new P-256 key without a passphrase.
const NEW_KEY: &str = "-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes";

/// A self-signed certificate valid for `days` from now.
fn fresh_cert(dir: &Path, name: &str, days: u32) -> PathBuf {
    let args = format!(
        "req -x509 {NEW_KEY} -keyout {name}.key -out {name}.pem -days {days} -subj /CN={name}"
    );
    assert!(openssl(dir, &args), "openssl {args}");
    dir.join(format!("{name}.pem"))
}

/// A self-signed certificate that expired on 2021-01-01, made with `openssl ca`.
fn expired_cert(dir: &Path) -> PathBuf {
    let config = "[ca]\ndefault_ca = d\n[d]\ndatabase = index.txt\nnew_certs_dir = .\nserial = serial\ndefault_md = sha256\npolicy = p\n[p]\ncommonName = supplied\n";
    fs::write(dir.join("ca.cnf"), config).expect("ca.cnf");
    fs::write(dir.join("index.txt"), "").expect("index");
    fs::write(dir.join("serial"), "01\n").expect("serial");
    let request = format!("req -new {NEW_KEY} -keyout old.key -out old.csr -subj /CN=expired");
    assert!(openssl(dir, &request), "openssl {request}");
    let sign = "ca -batch -notext -selfsign -config ca.cnf -keyfile old.key -in old.csr -out old.pem -startdate 20200101000000Z -enddate 20210101000000Z";
    assert!(openssl(dir, sign), "openssl {sign}");
    dir.join("old.pem")
}

fn cert_rows(certs: &[PathBuf], cert_days: u64) -> Vec<CheckRow> {
    let options = HostOptions {
        certs: certs.to_vec(),
        cert_days,
        ..HostOptions::default()
    };
    checklist(&options)
        .into_iter()
        .filter(|row| row.check == "cert_expiry")
        .collect()
}

#[test]
fn certificates_are_graded_by_the_first_to_expire() {
    let dir = tempfile::tempdir().expect("tempdir");
    if !openssl(dir.path(), "version") {
        eprintln!("openssl is not installed: certificate test skipped");
        return;
    }
    let valid = fresh_cert(dir.path(), "valid", 3650);
    let soon = fresh_cert(dir.path(), "soon", 10);
    let expired = expired_cert(dir.path());
    let chain = dir.path().join("chain.pem");
    let chain_text = fs::read_to_string(&valid).expect("valid")
        + &fs::read_to_string(&expired).expect("expired");
    fs::write(&chain, chain_text).expect("chain");
    let garbage = dir.path().join("garbage.pem");
    fs::write(
        &garbage,
        "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n",
    )
    .expect("garbage");
    let missing = dir.path().join("missing.pem");
    let files = [valid, soon.clone(), expired, chain, garbage, missing];
    let rows = cert_rows(&files, 30);
    let statuses: Vec<Status> = rows.iter().map(|row| row.status).collect();
    use Status::*;
    assert_eq!(statuses, [Pass, Warn, Fail, Fail, Warn, Warn], "{rows:#?}");
    assert!(rows[0].readings["days_left"] >= 3649, "{}", rows[0]);
    assert!(
        (9..=10).contains(&rows[1].readings["days_left"]),
        "{}",
        rows[1]
    );
    assert_eq!(rows[3].readings["certificates"], 2);
    assert!(rows[3].value.contains("CN=expired"), "{}", rows[3]);
    assert!(rows[4].note.contains("garbage.pem") && rows[5].note.contains("missing.pem"));
    assert_eq!(cert_rows(&[soon], 5)[0].status, Pass);
}

/// Stdout of a system tool, or `None` when it is not installed or fails.
fn tool(program: &str, args: &[&str]) -> Option<String> {
    let output = Process::new(program).args(args).output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_string())
}

/// The checklist of this machine, as JSON rows from the binary.
fn live_rows(args: &[&str]) -> Vec<CheckRow> {
    let output = host_command()
        .args(["--format", "json"])
        .args(args)
        .output()
        .expect("run");
    assert!(matches!(output.status.code(), Some(0 | 1)), "{output:?}");
    json_rows(&String::from_utf8(output.stdout).expect("utf-8"))
}

/// The rows of `--format json`: one object per line.
fn json_rows(text: &str) -> Vec<CheckRow> {
    text.lines()
        .map(|line| serde_json::from_str(line).expect("one JSON row per line"))
        .collect()
}

fn reading(rows: &[CheckRow], check: &str, subject: &str, key: &str) -> Option<u64> {
    row(rows, check, subject).readings.get(key).copied()
}

#[test]
fn live_limits_match_ulimit() {
    let rows = live_rows(&[]);
    // `ulimit -v` counts KiB, the others count units of one; dash has no `ulimit -u`.
    for (shell, script, check, key, unit) in [
        ("sh", "ulimit -n", "nofile_limit", "soft", 1),
        ("sh", "ulimit -Hn", "nofile_limit", "hard", 1),
        ("bash", "ulimit -u", "nproc_limit", "soft", 1),
        ("sh", "ulimit -v", "address_space_limit", "soft", 1024),
    ] {
        let Some(expected) = tool(shell, &["-c", script]) else {
            continue;
        };
        let seen = reading(&rows, check, "this process", key)
            .map_or("unlimited".into(), |v| (v / unit).to_string());
        assert_eq!(seen, expected, "{script}");
    }
}

#[test]
fn live_sysctls_match_proc_sys() {
    let rows = live_rows(&[]);
    for (file, check, key) in [
        ("/proc/sys/fs/file-max", "file_max", "file_max"),
        ("/proc/sys/net/core/somaxconn", "somaxconn", "value"),
        (
            "/proc/sys/net/ipv4/tcp_max_syn_backlog",
            "tcp_max_syn_backlog",
            "value",
        ),
        ("/proc/sys/net/ipv4/tcp_retries2", "tcp_retries2", "value"),
        ("/proc/sys/vm/swappiness", "swappiness", "value"),
        ("/proc/sys/vm/max_map_count", "max_map_count", "value"),
    ] {
        let Some(text) = tool("cat", &[file]) else {
            continue;
        };
        assert_eq!(reading(&rows, check, "", key), text.parse().ok(), "{file}");
    }
    if let Some(range) = tool("cat", &["/proc/sys/net/ipv4/ip_local_port_range"]) {
        let ports: Vec<u64> = range
            .split_whitespace()
            .map(|p| p.parse().expect("port"))
            .collect();
        assert_eq!(
            reading(&rows, "local_port_range", "", "width"),
            Some(ports[1] - ports[0] + 1)
        );
    }
}

#[test]
fn live_memory_and_cores_match_meminfo_and_nproc() {
    let rows = live_rows(&[]);
    let meminfo = fs::read_to_string("/proc/meminfo").expect("meminfo");
    let swap_total = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("SwapTotal:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok());
    assert_eq!(reading(&rows, "swap", "", "swap_total_kib"), swap_total);
    if let Some(nproc) = tool("nproc", &[]) {
        assert_eq!(
            reading(&rows, "load_average", "", "cores"),
            nproc.parse().ok()
        );
    }
}

/// The numbers of the second line of `df -P FLAG PATH`: size, used, available.
fn df(flag: &str, path: &str) -> Option<[u64; 3]> {
    let text = tool("df", &["-P", flag, path])?;
    let fields: Vec<&str> = text.lines().nth(1)?.split_whitespace().collect();
    let at = fields.len().checked_sub(5)?;
    let number = |i: usize| fields.get(at + i)?.parse::<u64>().ok();
    Some([number(0)?, number(1)?, number(2)?])
}

#[test]
fn live_disk_space_and_inodes_match_df() {
    let temp = std::env::temp_dir().display().to_string();
    let rows = live_rows(&["--path", ".", "--path", &temp]);
    let columns = [
        ("-k", "disk_space", "size_kib", "avail_kib"),
        ("-i", "disk_inodes", "inodes", "inodes_free"),
    ];
    for path in [".", temp.as_str()] {
        for (flag, check, total_key, free_key) in columns {
            let Some([total, _, free]) = df(flag, path) else {
                continue;
            };
            assert_eq!(
                reading(&rows, check, path, total_key),
                Some(total),
                "df {flag} {path}"
            );
            // Other builds write to the disk meanwhile: 1% of slack for what is free.
            let seen = reading(&rows, check, path, free_key).expect("free");
            assert!(
                seen.abs_diff(free) <= total / 100 + 1000,
                "df {flag} {path}: {seen} vs {free}"
            );
        }
    }
}

#[test]
fn live_pid_fds_and_localhost_resolution() {
    let mut child = Process::new("sleep").arg("30").spawn().expect("sleep");
    let pid = child.id().to_string();
    // Let the dynamic loader of `sleep` close the libraries it opens after exec.
    std::thread::sleep(std::time::Duration::from_millis(300));
    let rows = live_rows(&["--pid", &pid, "--resolve", "localhost"]);
    let fds = fs::read_dir(format!("/proc/{pid}/fd")).map(|dir| dir.count() as u64);
    let _ = child.kill();
    let _ = child.wait();
    let subject = format!("pid {pid}");
    assert_eq!(reading(&rows, "open_fds", &subject, "open"), fds.ok());
    if let Some(limits) = tool("cat", &[&format!("/proc/{pid}/limits")]) {
        assert!(limits.contains("Max open files"));
    }
    let ipv4 = row(&rows, "dns_resolve", "localhost IPv4");
    assert_eq!(ipv4.status, Status::Pass, "{ipv4}");
    assert!(ipv4.value.starts_with("127."), "{ipv4}");
}

#[test]
fn cgroup_v1_hosts_are_read_from_the_memory_and_cpu_controllers() {
    let tree = Tree::with(HEALTHY);
    fs::remove_dir_all(tree.root().join("sys/fs/cgroup")).expect("drop v2");
    tree.write_all(&[
        (
            "proc/42/cgroup",
            "5:memory:/app\n4:cpu,cpuacct:/app\n0::/\n",
        ),
        (
            "sys/fs/cgroup/memory/app/memory.limit_in_bytes",
            "1073741824\n",
        ),
        (
            "sys/fs/cgroup/memory/app/memory.usage_in_bytes",
            "536870912\n",
        ),
        (
            "sys/fs/cgroup/memory/app/memory.oom_control",
            "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n",
        ),
        ("sys/fs/cgroup/cpu,cpuacct/app/cpu.cfs_quota_us", "50000\n"),
        (
            "sys/fs/cgroup/cpu,cpuacct/app/cpu.cfs_period_us",
            "100000\n",
        ),
    ]);
    let rows = tree.rows();
    let memory = row(&rows, "cgroup_memory", "pid 42");
    assert_eq!(
        (memory.status, memory.readings["max_bytes"]),
        (Status::Pass, 1 << 30),
        "{memory}"
    );
    assert!(memory.note.contains("cgroup v1"), "{memory}");
    assert_eq!(
        row(&rows, "cgroup_oom_kills", "pid 42").readings["oom_kill"],
        2
    );
    assert_eq!(
        row(&rows, "cgroup_cpu", "pid 42").readings["quota_millicpus"],
        500
    );
    tree.write(
        "sys/fs/cgroup/memory/app/memory.limit_in_bytes",
        b"9223372036854771712\n",
    );
    tree.write("sys/fs/cgroup/cpu,cpuacct/app/cpu.cfs_quota_us", b"-1\n");
    let rows = tree.rows();
    assert_eq!(
        row(&rows, "cgroup_memory", "pid 42").value,
        "512 MiB used, no limit"
    );
    assert_eq!(
        row(&rows, "cgroup_cpu", "pid 42").value,
        "no quota, 4 cores"
    );
}

#[test]
fn live_limits_follow_a_lowered_ulimit() {
    let binary = assert_cmd::cargo::cargo_bin("cargo-prodcheck");
    let script = "ulimit -n 1000 && ulimit -v 8000000 && exec \"$0\" host --format json";
    let output = Process::new("sh")
        .args(["-c", script])
        .arg(&binary)
        .output()
        .expect("sh");
    let rows = json_rows(&String::from_utf8_lossy(&output.stdout));
    let nofile = row(&rows, "nofile_limit", "this process");
    assert_eq!(
        (nofile.status, nofile.readings["soft"]),
        (Status::Fail, 1000),
        "{nofile}"
    );
    let address_space = row(&rows, "address_space_limit", "this process");
    assert_eq!(
        address_space.readings["soft"],
        8_000_000 * 1024,
        "{address_space}"
    );
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn colour_follows_the_color_flag() {
    let tree = Tree::with(HEALTHY);
    let root = tree.root().display().to_string();
    let coloured = host_output(&["--root", &root, "--color", "always"]);
    assert!(String::from_utf8_lossy(&coloured.stdout).contains("\x1b[32mPASS\x1b[0m"));
    let plain = host_output(&["--root", &root, "--color", "never"]);
    assert!(!String::from_utf8_lossy(&plain.stdout).contains('\x1b'));
    let piped = host_output(&["--root", &root]);
    assert!(
        !String::from_utf8_lossy(&piped.stdout).contains('\x1b'),
        "auto: not a terminal"
    );
}

#[test]
fn huge_numbers_never_overflow() {
    let tree = Tree::with(HEALTHY);
    let max = u64::MAX.to_string();
    for (rel, _) in HEALTHY {
        tree.write(rel, format!("{max}\n").as_bytes());
    }
    let huge = format!("/ {max} {max} {max} {max} {max} {max}\n");
    tree.write_all(&[
        (".prodcheck-fixture/statvfs", huge.as_str()),
        ("proc/sys/net/ipv4/ip_local_port_range", &format!("0 {max}")),
        ("proc/self/status", &format!("Cpus_allowed_list: 0-{max}\n")),
        (
            "etc/resolv.conf",
            &format!("nameserver a\noptions timeout:{max} attempts:{max}\n"),
        ),
        ("proc/loadavg", "1e308 1e308 1e308 1/1 1\n"),
    ]);
    let rows = tree.rows();
    assert_eq!(row(&rows, "disk_space", "/").readings["size_kib"], u64::MAX);
    assert_eq!(
        row(&rows, "local_port_range", "").readings["width"],
        u64::MAX
    );
    assert_eq!(row(&rows, "resolv_conf", "").status, Status::Warn);
}
