//! File descriptors, processes and core dumps: the resource limits a service inherits.

use super::{at_least, limit_of, processes, require_pid, show_limit, single, usage};
use crate::host::procfs::{Host, Limit, LimitKind};
use crate::host::row::{CheckDoc, CheckRow, Problem, Status};
use std::fs;

/// Elasticsearch's bootstrap minimum for open files.
const NOFILE_MINIMUM: u64 = 65535;

pub(crate) const NOFILE: CheckDoc = CheckDoc {
    name: "nofile_limit",
    reads: "RLIMIT_NOFILE of this process (getrlimit) and of --pid (/proc/<pid>/limits)",
    threshold: ">= 65535 soft and hard; FAIL when the hard limit is lower (Elasticsearch refuses to start below 65535, CockroachDB below 1956), WARN when only the soft limit is (MongoDB recommends 64000; the process could raise it, but Rust std and tokio never do)",
    fix: "LimitNOFILE=65535 in the systemd unit (compose: ulimits.nofile; shell: ulimit -n 65535)",
    incident: "\"Too many open files\" (EMFILE): at the first traffic peak accept() fails, the service stops taking connections while its old ones still work, and a tight accept loop fills the logs. systemd leaves the soft limit at 1024, which one busy proxy exhausts in seconds.",
};

pub(crate) const OPEN_FDS: CheckDoc = CheckDoc {
    name: "open_fds",
    reads: "the entries of /proc/<pid>/fd of --pid against its soft limit in /proc/<pid>/limits",
    threshold: "< 75% of the soft RLIMIT_NOFILE; WARN from 75%, FAIL from 90%",
    fix: "raise LimitNOFILE= in the unit, or find the leak: ls -l /proc/PID/fd | sort -k11 | uniq -c",
    incident: "A leaked socket or file per request climbs slowly until EMFILE: the service runs for days, then every new connection fails at once. The count against the limit shows it coming.",
};

pub(crate) const FILE_MAX: CheckDoc = CheckDoc {
    name: "file_max",
    reads: "fs.file-max and fs.file-nr (/proc/sys/fs)",
    threshold: "fs.file-max >= 65535 and allocated handles < 80% of it; FAIL below 65535, WARN from 80% allocated",
    fix: "sysctl -w fs.file-max=2097152 (persist in /etc/sysctl.d/)",
    incident: "When the whole system runs out of file handles (ENFILE, \"VFS: file-max limit reached\"), every process fails to open files, including sshd and the shell you would fix it from.",
};

pub(crate) const NPROC: CheckDoc = CheckDoc {
    name: "nproc_limit",
    reads: "RLIMIT_NPROC of this process (getrlimit) and of --pid (/proc/<pid>/limits)",
    threshold: ">= 4096 soft (Elasticsearch's bootstrap check; MongoDB wants half the open-file limit); FAIL below",
    fix: "LimitNPROC=65535 in the systemd unit (shell: ulimit -u 65535)",
    incident: "RLIMIT_NPROC counts the threads of every process of the user: a thread pool that grows under load gets EAGAIN from pthread_create, and std::thread::spawn panics with \"failed to spawn thread\".",
};

pub(crate) const CORE: CheckDoc = CheckDoc {
    name: "core_dumps",
    reads: "RLIMIT_CORE of this process and kernel.core_pattern",
    threshold: "cores piped to a handler (systemd-coredump, apport) or disabled; WARN when plain core files would be written into the working directory (lynis KRNL-5820)",
    fix: "LimitCORE=0 in the unit, or install systemd-coredump (kernel.core_pattern=|/usr/lib/systemd/systemd-coredump ...)",
    incident: "A crash loop with unlimited core size writes a full memory image per restart into the service's directory: the disk fills, and the images hold the keys and tokens the process had in memory.",
};

pub(crate) const ADDRESS_SPACE: CheckDoc = CheckDoc {
    name: "address_space_limit",
    reads: "RLIMIT_AS of this process (getrlimit) and of --pid (/proc/<pid>/limits)",
    threshold: "unlimited (Elasticsearch's bootstrap check); WARN when set",
    fix: "LimitAS=infinity in the systemd unit (shell: ulimit -v unlimited)",
    incident: "RLIMIT_AS counts reserved address space, not memory in use: allocators, thread stacks and memory maps reserve far more than they touch, so a service with gigabytes free aborts with \"memory allocation failed\" at its first big mmap.",
};

pub(crate) const FILE_SIZE: CheckDoc = CheckDoc {
    name: "file_size_limit",
    reads: "RLIMIT_FSIZE of this process (getrlimit) and of --pid (/proc/<pid>/limits)",
    threshold: "unlimited (Elasticsearch's bootstrap check); WARN when set",
    fix: "LimitFSIZE=infinity in the systemd unit (shell: ulimit -f unlimited)",
    incident: "A write that would grow a file past RLIMIT_FSIZE sends SIGXFSZ, whose default action kills the process: a log or a data file reaching the limit takes the service down with no error of its own.",
};

/// The open-file limits of this process and of `--pid`.
pub(crate) fn nofile_limit(host: &Host) -> Vec<CheckRow> {
    per_process(host, &NOFILE, LimitKind::OpenFiles, |limit| {
        let below = |v: Option<u64>| v.is_some_and(|v| v < NOFILE_MINIMUM);
        if below(limit.hard) {
            Status::Fail
        } else if below(limit.soft) {
            Status::Warn
        } else {
            Status::Pass
        }
    })
}

/// One row per process (this one, and `--pid`) for a limit graded by `grade`.
fn per_process(
    host: &Host,
    doc: &CheckDoc,
    kind: LimitKind,
    grade: fn(Limit) -> Status,
) -> Vec<CheckRow> {
    let row = |pid| {
        let limit = limit_of(host, pid, kind)?;
        Ok(limit_row(doc, grade(limit), limit.soft, limit.hard))
    };
    processes(host)
        .into_iter()
        .map(|(subject, pid)| doc.finish(&subject, row(pid)))
        .collect()
}

/// A row showing a soft/hard pair, with the raw numbers when they are finite.
fn limit_row(doc: &CheckDoc, status: Status, soft: Option<u64>, hard: Option<u64>) -> CheckRow {
    let value = format!("soft {}, hard {}", show_limit(soft), show_limit(hard));
    let mut row = doc.row(status, value);
    if let Some(soft) = soft {
        row = row.reading("soft", soft);
    }
    if let Some(hard) = hard {
        row = row.reading("hard", hard);
    }
    row
}

/// Open descriptors of `--pid` against its soft limit.
pub(crate) fn open_fds(host: &Host) -> Vec<CheckRow> {
    let outcome = require_pid(host).and_then(|pid| {
        let dir = Host::proc_dir(Some(pid));
        let limit = host.proc_limit(&dir, LimitKind::OpenFiles)?;
        let fd_dir = host.path(&format!("{dir}/fd"));
        let open = fs::read_dir(&fd_dir)
            .map_err(|e| Problem::Unreadable(format!("cannot list {}: {e}", fd_dir.display())))?
            .count() as u64;
        let Some(soft) = limit.soft else {
            return Ok(OPEN_FDS
                .row(Status::Pass, format!("{open} open, no limit"))
                .reading("open", open));
        };
        let (status, percent) = usage(open, soft, 75, 90);
        let value = format!("{open} open of soft limit {soft} ({percent}%)");
        Ok(OPEN_FDS
            .row(status, value)
            .reading("open", open)
            .reading("soft", soft))
    });
    vec![OPEN_FDS.finish(&pid_subject(host), outcome)]
}

/// `pid N`, or empty when no `--pid` was given.
pub(super) fn pid_subject(host: &Host) -> String {
    host.options
        .pid
        .map(|pid| format!("pid {pid}"))
        .unwrap_or_default()
}

/// The system-wide file handle limit and how much of it is allocated.
pub(crate) fn file_max(host: &Host) -> Vec<CheckRow> {
    let outcome = host.sysctl_u64("fs.file-max").map(|max| {
        let allocated = host.sysctl("fs.file-nr").ok().and_then(|text| {
            text.split_whitespace()
                .next()
                .and_then(|n| n.parse::<u64>().ok())
        });
        let mut status = at_least(max, NOFILE_MINIMUM, NOFILE_MINIMUM);
        let mut value = format!("{max}");
        if let Some(allocated) = allocated {
            let (used_status, percent) = usage(allocated, max, 80, 101);
            status = status.max(used_status);
            value = format!("{max} ({allocated} allocated, {percent}%)");
        }
        FILE_MAX.row(status, value).reading("file_max", max)
    });
    single(&FILE_MAX, outcome)
}

/// The process/thread limit of this process and of `--pid`.
pub(crate) fn nproc_limit(host: &Host) -> Vec<CheckRow> {
    per_process(host, &NPROC, LimitKind::Processes, |limit| {
        limit
            .soft
            .map_or(Status::Pass, |soft| at_least(soft, 4096, 4096))
    })
}

/// The address space limit of this process and of `--pid`.
pub(crate) fn address_space_limit(host: &Host) -> Vec<CheckRow> {
    per_process(host, &ADDRESS_SPACE, LimitKind::AddressSpace, unlimited)
}

/// The file size limit of this process and of `--pid`.
pub(crate) fn file_size_limit(host: &Host) -> Vec<CheckRow> {
    per_process(host, &FILE_SIZE, LimitKind::FileSize, unlimited)
}

/// PASS when neither the soft nor the hard limit is set, WARN otherwise.
fn unlimited(limit: Limit) -> Status {
    if limit.soft.is_none() && limit.hard.is_none() {
        Status::Pass
    } else {
        Status::Warn
    }
}

/// Where a crash's core goes: a handler, nowhere, or a file in the working directory.
pub(crate) fn core_dumps(host: &Host) -> Vec<CheckRow> {
    let outcome = host.own_limit(LimitKind::CoreSize).and_then(|limit| {
        let pattern = host.sysctl("kernel.core_pattern")?;
        let size = show_limit(limit.soft);
        let value = format!("core size {size}, core_pattern {pattern:?}");
        let row = if pattern.starts_with('|') {
            CORE.row(Status::Pass, value).note("cores go to a handler that caps and rotates them")
        } else if limit.soft == Some(0) {
            CORE.row(Status::Pass, value)
                .note("no core files: a crash leaves only its log; enable systemd-coredump for post-mortems")
        } else if pattern.is_empty() {
            return Err(Problem::Garbage(format!(
                "{}: empty core_pattern",
                host.path("/proc/sys/kernel/core_pattern").display()
            )));
        } else {
            CORE.row(Status::Warn, value)
        };
        Ok(row)
    });
    single(&CORE, outcome)
}
