//! `cargo prodcheck host`: the runtime checklist of the machine a service runs on.
//!
//! Static analysis says what the code will do; this says whether the host is ready
//! for it, the way Elasticsearch's bootstrap checks and Redis's start-up warnings do.
//! Every read of /proc, /sys and /etc goes through [`HostOptions::root`], so a saved
//! snapshot of a host (or a test fixture) can be checked like the live machine.
//!
//! A service can run the checklist at start-up and log what is wrong:
//!
//! ```
//! use cargo_prodcheck::host::{checklist, HostOptions, Status};
//! for row in checklist(&HostOptions::default()).iter().filter(|r| r.status >= Status::Warn) {
//!     eprintln!("host check: {row}");
//! }
//! ```

mod cgroupfs;
mod checks;
mod explain;
mod live;
mod procfs;
mod report;
mod row;

pub use procfs::FIXTURE_DIR;
pub use row::{CheckRow, Status};

use std::io::Write;
use std::path::PathBuf;

/// What to check: the root of the host's files and the service's own details.
///
/// Built from the command line by [`HostArgs`], or by hand by a service at start-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostOptions {
    /// Where /proc, /sys and /etc are read from; live syscalls only when this is `/`.
    pub root: PathBuf,
    /// The service's process, for its limits, open files, swap and OOM score.
    pub pid: Option<u32>,
    /// Paths whose free space and inodes matter; empty means the cwd and the temp dir.
    pub paths: Vec<PathBuf>,
    /// Host names the service resolves, checked over IPv4 and IPv6.
    pub resolve: Vec<String>,
    /// Certificate files (PEM or DER) the service serves or trusts.
    pub certs: Vec<PathBuf>,
    /// A certificate expiring within this many days is a warning.
    pub cert_days: u64,
    /// The Cargo workspace whose dependencies decide whether mmap limits matter.
    pub workspace: PathBuf,
}

impl Default for HostOptions {
    /// The live host, this process, the current directory: what a service wants at start-up.
    fn default() -> Self {
        HostOptions {
            root: PathBuf::from("/"),
            pid: None,
            paths: Vec::new(),
            resolve: Vec::new(),
            certs: Vec::new(),
            cert_days: 30,
            workspace: PathBuf::from("."),
        }
    }
}

/// Output format of the checklist.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HostFormat {
    /// An aligned table for people, with the fix under each row that needs one.
    #[default]
    Human,
    /// One JSON object per row and per line, for scripts and log pipelines.
    Json,
}

/// When the human table uses colour.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColorChoice {
    /// Colour when stdout is a terminal and `NO_COLOR` is unset.
    #[default]
    Auto,
    /// Always colour, for terminals that are not detected as such.
    Always,
    /// Never colour.
    Never,
}

/// The arguments of `cargo prodcheck host`, ready to be flattened into the main CLI.
#[derive(clap::Args, Debug, Clone)]
pub struct HostArgs {
    /// Read /proc, /sys and /etc under DIR (a saved snapshot of a host)
    #[arg(long, value_name = "DIR", default_value = "/")]
    pub root: PathBuf,
    /// Also check this process: its limits, open files, swap and OOM score
    #[arg(long, value_name = "PID")]
    pub pid: Option<u32>,
    /// Check free space and inodes here (repeatable; default: cwd and temp dir)
    #[arg(long = "path", value_name = "P")]
    pub paths: Vec<PathBuf>,
    /// Resolve this host name over IPv4 and IPv6 and time it (repeatable)
    #[arg(long = "resolve", value_name = "HOST")]
    pub resolve: Vec<String>,
    /// Check the expiry of the certificates in this PEM or DER file (repeatable)
    #[arg(long = "cert", value_name = "FILE")]
    pub certs: Vec<PathBuf>,
    /// Warn when a certificate expires within N days
    #[arg(long, value_name = "N", default_value_t = 30)]
    pub cert_days: u64,
    /// Output format
    #[arg(long, value_enum, default_value_t = HostFormat::Human)]
    pub format: HostFormat,
    /// Print the threshold and the reason behind one check, then exit
    #[arg(long, value_name = "CHECK")]
    pub explain: Option<String>,
    /// Colour the human table
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

impl HostArgs {
    /// The library options these arguments ask for; the workspace is the current directory.
    pub fn options(&self) -> HostOptions {
        HostOptions {
            root: self.root.clone(),
            pid: self.pid,
            paths: self.paths.clone(),
            resolve: self.resolve.clone(),
            certs: self.certs.clone(),
            cert_days: self.cert_days,
            workspace: PathBuf::from("."),
        }
    }
}

/// Runs every check and returns one row or more per check, in a fixed order.
///
/// Never panics and never fails as a whole: what cannot be read becomes a SKIP row
/// with the reason, what cannot be understood a WARN row naming the file.
pub fn checklist(options: &HostOptions) -> Vec<CheckRow> {
    let host = procfs::Host::new(options);
    checks::CHECKS
        .iter()
        .flat_map(|check| (check.run)(&host))
        .collect()
}

/// The names `--explain` accepts, in checklist order.
pub fn check_names() -> Vec<&'static str> {
    checks::CHECKS.iter().map(|check| check.doc.name).collect()
}

/// The `--explain` text of one check, or `None` for an unknown name.
pub fn explain(name: &str) -> Option<String> {
    checks::find(name).map(|check| explain::render(check.doc))
}

/// 1 when any row FAILs, else 0: the exit status of the checklist.
pub fn exit_status(rows: &[CheckRow]) -> i32 {
    i32::from(rows.iter().any(|row| row.status == Status::Fail))
}

/// The arguments that make the command itself fail: a `--root` that is not a
/// directory, a `--pid` with no `/proc/<pid>` under a root that has a `/proc`.
fn check_arguments(args: &HostArgs) -> Result<(), String> {
    if !args.root.is_dir() {
        return Err(format!("--root {}: not a directory", args.root.display()));
    }
    let proc_dir = args.root.join("proc");
    match args.pid {
        Some(pid) if proc_dir.is_dir() && !proc_dir.join(pid.to_string()).is_dir() => Err(format!(
            "--pid {pid}: no such process ({} is missing)",
            proc_dir.join(pid.to_string()).display()
        )),
        _ => Ok(()),
    }
}

/// The whole command: prints the checklist (or an explanation) and returns the exit
/// status: 0 nothing fails, 1 something fails, 2 the command itself could not run.
pub fn run(args: &HostArgs) -> i32 {
    if let Some(name) = &args.explain {
        return explain::print(name);
    }
    if let Err(problem) = check_arguments(args) {
        eprintln!("error: {problem}");
        return 2;
    }
    let rows = checklist(&args.options());
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let written = match args.format {
        HostFormat::Human => report::human(&rows, report::use_color(args.color), &mut out),
        HostFormat::Json => report::json(&rows, &mut out),
    };
    match written.and_then(|()| out.flush()) {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("error: cannot write the checklist: {error}");
            return 2;
        }
        _ => {}
    }
    exit_status(&rows)
}
