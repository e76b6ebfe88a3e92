//! Every read of /proc, /sys and /etc goes through [`Host`], under a root directory, so
//! the same checks run on the live machine (`/`) and on fixture trees in tests.

use super::live;
use super::row::Problem;
use super::HostOptions;
use std::fs;
use std::path::{Path, PathBuf};

/// Directory under the root that stands in for live syscalls on a fixture tree.
///
/// `adjtimex` holds `status N` and `maxerror N` lines (the `struct timex` fields,
/// microseconds); `statvfs` holds one line per path: `PATH frsize blocks bfree bavail
/// files ffree` (the `struct statvfs` fields). Resource limits of the current process
/// come from `proc/self/limits`, in the kernel's own format.
pub const FIXTURE_DIR: &str = ".prodcheck-fixture";

/// A resource limit pair; `None` means unlimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Limit {
    pub soft: Option<u64>,
    pub hard: Option<u64>,
}

/// The resource limits the checklist reads, with their names in `/proc/<pid>/limits`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LimitKind {
    OpenFiles,
    Processes,
    CoreSize,
    AddressSpace,
    FileSize,
}

impl LimitKind {
    /// The row label in `/proc/<pid>/limits`.
    pub(crate) fn proc_name(self) -> &'static str {
        match self {
            LimitKind::OpenFiles => "Max open files",
            LimitKind::Processes => "Max processes",
            LimitKind::CoreSize => "Max core file size",
            LimitKind::AddressSpace => "Max address space",
            LimitKind::FileSize => "Max file size",
        }
    }
}

/// The machine being checked: a root directory plus what the user asked about.
#[derive(Debug)]
pub(crate) struct Host {
    root: PathBuf,
    live: bool,
    pub options: HostOptions,
}

impl Host {
    /// A host rooted at `options.root`; live syscalls only when that root is `/`.
    pub(crate) fn new(options: &HostOptions) -> Host {
        let live = fs::canonicalize(&options.root).is_ok_and(|p| p == Path::new("/"));
        Host {
            root: options.root.clone(),
            live,
            options: options.clone(),
        }
    }

    /// True when the root is `/`, so syscalls describe the same machine as the files.
    pub(crate) fn is_live(&self) -> bool {
        self.live
    }

    /// `rel` (such as `/proc/meminfo`) under the root.
    pub(crate) fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel.trim_start_matches('/'))
    }

    /// The whole text of a file under the root, or why it could not be read.
    pub(crate) fn read(&self, rel: &str) -> Result<String, Problem> {
        let path = self.path(rel);
        fs::read_to_string(&path).map_err(|e| match e.kind() {
            std::io::ErrorKind::InvalidData => {
                Problem::Garbage(format!("{}: not text (invalid UTF-8)", path.display()))
            }
            _ => Problem::Unreadable(format!("cannot read {}: {e}", path.display())),
        })
    }

    /// The text of a sysctl such as `vm.swappiness`, read from `/proc/sys`.
    pub(crate) fn sysctl(&self, name: &str) -> Result<String, Problem> {
        self.read(&sysctl_path(name))
            .map(|text| text.trim().to_string())
    }

    /// A numeric sysctl; garbage becomes a WARN naming the file.
    pub(crate) fn sysctl_u64(&self, name: &str) -> Result<u64, Problem> {
        let text = self.sysctl(name)?;
        parse_number(&text, &self.path(&sysctl_path(name)))
    }

    /// A file of the fixture directory that replaces a live syscall.
    pub(crate) fn fixture(&self, name: &str) -> Result<String, Problem> {
        self.read(&format!("{FIXTURE_DIR}/{name}"))
    }

    /// `/proc/<pid>` for `--pid`, or `/proc/self`.
    pub(crate) fn proc_dir(pid: Option<u32>) -> String {
        match pid {
            Some(pid) => format!("/proc/{pid}"),
            None => "/proc/self".to_string(),
        }
    }

    /// One limit of a process, parsed from `<proc_dir>/limits`.
    pub(crate) fn proc_limit(&self, proc_dir: &str, kind: LimitKind) -> Result<Limit, Problem> {
        let rel = format!("{proc_dir}/limits");
        let text = self.read(&rel)?;
        parse_limit(&text, kind).ok_or_else(|| {
            Problem::Garbage(format!(
                "{}: no readable \"{}\" line",
                self.path(&rel).display(),
                kind.proc_name()
            ))
        })
    }

    /// A limit of the current process: getrlimit on the live host, else `proc/self/limits`.
    pub(crate) fn own_limit(&self, kind: LimitKind) -> Result<Limit, Problem> {
        if !self.live {
            return self.proc_limit("/proc/self", kind);
        }
        live::rlimit(kind).map_err(|e| Problem::Unreadable(format!("getrlimit failed: {e}")))
    }

    /// A `Name:   value` field of `<proc_dir>/status` (such as `VmSwap`), unparsed.
    pub(crate) fn status_field(&self, proc_dir: &str, field: &str) -> Result<String, Problem> {
        let rel = format!("{proc_dir}/status");
        let text = self.read(&rel)?;
        key_value(&text, field).map(str::to_string).ok_or_else(|| {
            Problem::Garbage(format!("{}: no {field} line", self.path(&rel).display()))
        })
    }

    /// The CPUs this process may run on, as `nproc` counts them (the affinity mask).
    pub(crate) fn cores(&self) -> Result<u64, Problem> {
        let counted = |rel: &str, list: String| {
            count_cpu_list(&list).filter(|n| *n > 0).ok_or_else(|| {
                Problem::Garbage(format!(
                    "{}: bad CPU list {list:?}",
                    self.path(rel).display()
                ))
            })
        };
        let affinity = self
            .status_field("/proc/self", "Cpus_allowed_list")
            .and_then(|list| counted("/proc/self/status", list));
        affinity.or_else(|first_problem| {
            let online = "/sys/devices/system/cpu/online";
            let list = self.read(online).map_err(|_| first_problem)?;
            counted(online, list.trim().to_string())
        })
    }
}

/// `net.core.somaxconn` -> `/proc/sys/net/core/somaxconn`.
pub(crate) fn sysctl_path(name: &str) -> String {
    format!("/proc/sys/{}", name.replace('.', "/"))
}

/// A decimal number, or a Garbage problem that names the file and shows the text.
pub(crate) fn parse_number(text: &str, path: &Path) -> Result<u64, Problem> {
    text.trim().parse::<u64>().map_err(|_| {
        Problem::Garbage(format!(
            "{}: expected a number, found {:?}",
            path.display(),
            text.trim()
        ))
    })
}

/// The value after `key:` in `Key:   value` files (`/proc/meminfo`, `/proc/<pid>/status`).
pub(crate) fn key_value<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    text.lines().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        (name.trim() == key).then(|| value.trim())
    })
}

/// A `kB` amount of `/proc/meminfo` or `/proc/<pid>/status` (`1234 kB`) in KiB.
pub(crate) fn parse_kib(value: &str) -> Option<u64> {
    value.trim().trim_end_matches("kB").trim().parse().ok()
}

/// Parses one line of `/proc/<pid>/limits`: `Max open files  1024  524288  files`.
fn parse_limit(text: &str, kind: LimitKind) -> Option<Limit> {
    let line = text.lines().find(|l| l.starts_with(kind.proc_name()))?;
    let mut fields = line[kind.proc_name().len()..].split_whitespace();
    let soft = parse_limit_value(fields.next()?)?;
    let hard = parse_limit_value(fields.next()?)?;
    Some(Limit { soft, hard })
}

/// `unlimited` -> `Some(None)`, a number -> `Some(Some(n))`, anything else -> `None`.
fn parse_limit_value(word: &str) -> Option<Option<u64>> {
    if word == "unlimited" {
        return Some(None);
    }
    word.parse().ok().map(Some)
}

/// Counts the CPUs of a kernel CPU list such as `0-3,8,10-11`.
pub(crate) fn count_cpu_list(list: &str) -> Option<u64> {
    list.trim().split(',').try_fold(0u64, |count, part| {
        let part = part.trim();
        let width = match part.split_once('-') {
            Some((lo, hi)) => {
                let span = hi
                    .parse::<u64>()
                    .ok()?
                    .checked_sub(lo.parse::<u64>().ok()?)?;
                span.checked_add(1)?
            }
            None => part.parse::<u64>().map(|_| 1).ok()?,
        };
        count.checked_add(width)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_lines_parse_with_unlimited() {
        let text = "Limit Soft Limit Hard Limit Units\nMax core file size        0                    unlimited            bytes\nMax open files            1024                 524288               files\n";
        let core = parse_limit(text, LimitKind::CoreSize);
        assert_eq!(
            core,
            Some(Limit {
                soft: Some(0),
                hard: None
            })
        );
        let files = parse_limit(text, LimitKind::OpenFiles);
        assert_eq!(
            files,
            Some(Limit {
                soft: Some(1024),
                hard: Some(524288)
            })
        );
        assert_eq!(parse_limit(text, LimitKind::Processes), None);
        assert_eq!(
            parse_limit("Max open files  lots  x", LimitKind::OpenFiles),
            None
        );
    }

    #[test]
    fn cpu_lists_count_ranges_and_singles() {
        assert_eq!(count_cpu_list("0-3,8,10-11\n"), Some(7));
        assert_eq!(count_cpu_list("0"), Some(1));
        assert_eq!(count_cpu_list("3-1"), None);
        assert_eq!(count_cpu_list("zero"), None);
        assert_eq!(count_cpu_list("0-18446744073709551615"), None);
    }

    #[test]
    fn sysctl_names_map_to_proc_sys() {
        assert_eq!(
            sysctl_path("net.core.somaxconn"),
            "/proc/sys/net/core/somaxconn"
        );
    }

    #[test]
    fn meminfo_fields_read_in_kib() {
        let text = "MemTotal:  100 kB\nSwapTotal:       2048 kB\n";
        assert_eq!(key_value(text, "SwapTotal").and_then(parse_kib), Some(2048));
        assert_eq!(key_value(text, "Swap"), None);
    }
}
