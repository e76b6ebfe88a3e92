//! Disk: free space and inodes of the service's paths, and space held by deleted files.

use super::{mib, usage};
use crate::host::live::{self, FsStats};
use crate::host::procfs::{Host, FIXTURE_DIR};
use crate::host::row::{CheckDoc, CheckRow, Problem, Status};
use std::fs;
use std::path::{Path, PathBuf};

pub(crate) const SPACE: CheckDoc = CheckDoc {
    name: "disk_space",
    reads: "statvfs of each --path (default: the current directory and the temp dir), computed as df does",
    threshold: "< 85% used; WARN from 85% (Elasticsearch's low watermark) and 90% (high), FAIL from 95% (flood stage: indices go read-only)",
    fix: "free space or grow the volume; cap logs (journald SystemMaxUse=, logrotate, compose max-size)",
    incident: "Disk full (ENOSPC, \"No space left on device\"): writes fail half-way, a database refuses commits, logs stop exactly when they are needed, and a full temp dir breaks uploads. Elasticsearch stops allocating at 85% and makes indices read-only at 95% for this reason.",
};

pub(crate) const INODES: CheckDoc = CheckDoc {
    name: "disk_inodes",
    reads: "statvfs inode counts of each --path, computed as df -i does",
    threshold: "< 85% of inodes used; WARN from 85%, FAIL from 95%",
    fix: "remove the small files (session files, cache shards, mail queues): find PATH -xdev -type f | cut -d/ -f2-3 | sort | uniq -c | sort -n",
    incident: "\"No space left on device\" with df showing free gigabytes: millions of tiny cache or session files used every inode, and nothing can create a file until some are removed.",
};

pub(crate) const DELETED: CheckDoc = CheckDoc {
    name: "deleted_open_files",
    reads: "the links of /proc/*/fd that end in \"(deleted)\" (memfd and /dev entries excluded)",
    threshold: "none; WARN when deleted files are still held open (lynis LOGG-2190)",
    fix: "make the holder reopen its files (logrotate postrotate: systemctl kill -s HUP SERVICE) or restart it",
    incident: "A rotated or deleted log that a process still writes to keeps its blocks: df says the disk is full while du finds nothing to delete, until the process closes the file.",
};

/// The paths to check: `--path`, or else the current directory and the temp dir.
fn paths(host: &Host) -> Vec<PathBuf> {
    if !host.options.paths.is_empty() {
        return host.options.paths.clone();
    }
    let mut defaults: Vec<PathBuf> = std::env::current_dir().into_iter().collect();
    defaults.push(std::env::temp_dir());
    defaults.dedup();
    defaults
}

/// statvfs of `path`: the syscall on the live host, the fixture file otherwise.
fn fs_stats(host: &Host, path: &Path) -> Result<FsStats, Problem> {
    if host.is_live() {
        return live::statvfs(path)
            .map_err(|e| Problem::Unreadable(format!("statvfs {}: {e}", path.display())));
    }
    let fixture = host.fixture("statvfs")?;
    let file = host.path(&format!("{FIXTURE_DIR}/statvfs"));
    let line = fixture
        .lines()
        .find(|line| line.split_whitespace().next() == Some(&*path.to_string_lossy()))
        .ok_or_else(|| {
            Problem::Garbage(format!(
                "{}: no line for {}",
                file.display(),
                path.display()
            ))
        })?;
    parse_statvfs_line(line).ok_or_else(|| {
        Problem::Garbage(format!(
            "{}: expected \"PATH frsize blocks bfree bavail files ffree\", found {line:?}",
            file.display()
        ))
    })
}

/// `PATH frsize blocks bfree bavail files ffree` of the fixture file.
fn parse_statvfs_line(line: &str) -> Option<FsStats> {
    let numbers: Vec<u64> = line
        .split_whitespace()
        .skip(1)
        .map(str::parse)
        .collect::<Result<_, _>>()
        .ok()?;
    let [frsize, blocks, bfree, bavail, files, ffree] = numbers[..] else {
        return None;
    };
    (bfree <= blocks && bavail <= blocks && ffree <= files).then_some(FsStats {
        frsize,
        blocks,
        bfree,
        bavail,
        files,
        ffree,
    })
}

/// Blocks in KiB, computed in 128 bits so no filesystem size overflows.
fn kib(blocks: u64, frsize: u64) -> u64 {
    u64::try_from(u128::from(blocks) * u128::from(frsize) / 1024).unwrap_or(u64::MAX)
}

/// Free space of each path, graded by Elasticsearch's watermarks.
pub(crate) fn disk_space(host: &Host) -> Vec<CheckRow> {
    let grade = |stats: FsStats| {
        if stats.blocks == 0 {
            return Err(no_counts());
        }
        let size = kib(stats.blocks, stats.frsize);
        let used = kib(stats.blocks - stats.bfree, stats.frsize);
        let avail = kib(stats.bavail, stats.frsize);
        let (status, percent) = usage(used, used.saturating_add(avail), 85, 95);
        let value = format!("{percent}% used, {} available of {}", mib(avail), mib(size));
        Ok(SPACE
            .row(status, value)
            .reading("size_kib", size)
            .reading("used_kib", used)
            .reading("avail_kib", avail)
            .reading("used_percent", percent))
    };
    per_path(host, &SPACE, grade)
}

/// Free inodes of each path.
pub(crate) fn disk_inodes(host: &Host) -> Vec<CheckRow> {
    let grade = |stats: FsStats| {
        if stats.files == 0 {
            return Err(no_counts());
        }
        let used = stats.files - stats.ffree;
        let (status, percent) = usage(used, stats.files, 85, 95);
        let value = format!("{percent}% used, {} free of {}", stats.ffree, stats.files);
        Ok(INODES
            .row(status, value)
            .reading("inodes", stats.files)
            .reading("inodes_free", stats.ffree)
            .reading("used_percent", percent))
    };
    per_path(host, &INODES, grade)
}

/// Filesystems without block or inode counts (btrfs inodes, virtual filesystems) are
/// skipped, not graded.
fn no_counts() -> Problem {
    Problem::NotApplicable(
        "the filesystem reports no counts (btrfs inodes, virtual filesystems)".into(),
    )
}

/// One row per path.
fn per_path(
    host: &Host,
    doc: &CheckDoc,
    grade: impl Fn(FsStats) -> Result<CheckRow, Problem>,
) -> Vec<CheckRow> {
    paths(host)
        .iter()
        .map(|path| {
            doc.finish(
                &path.display().to_string(),
                fs_stats(host, path).and_then(&grade),
            )
        })
        .collect()
}

/// One deleted file a process still holds.
struct HeldFile {
    pid: String,
    target: String,
    bytes: Option<u64>,
}

/// Deleted files still held open by any process.
pub(crate) fn deleted_open_files(host: &Host) -> Vec<CheckRow> {
    let proc_dir = host.path("/proc");
    let outcome = fs::read_dir(&proc_dir)
        .map_err(|e| Problem::Unreadable(format!("cannot list {}: {e}", proc_dir.display())))
        .map(|entries| {
            let pids: Vec<String> = entries
                .flatten()
                .filter_map(|e| e.file_name().to_str().map(str::to_string))
                .filter(|name| name.bytes().all(|b| b.is_ascii_digit()))
                .collect();
            let mut unreadable = 0;
            let mut held = Vec::new();
            for pid in &pids {
                match held_deleted_files(host, pid) {
                    Some(files) => held.extend(files),
                    None => unreadable += 1,
                }
            }
            deleted_row(held, pids.len(), unreadable)
        });
    vec![DELETED.finish("", outcome)]
}

/// The deleted files among the fds of one process, or `None` when its fds are unreadable.
fn held_deleted_files(host: &Host, pid: &str) -> Option<Vec<HeldFile>> {
    let fd_dir = host.path(&format!("/proc/{pid}/fd"));
    let entries = fs::read_dir(&fd_dir).ok()?;
    let held = entries.flatten().filter_map(|entry| {
        let target = fs::read_link(entry.path())
            .ok()?
            .to_string_lossy()
            .into_owned();
        let name = target.strip_suffix(" (deleted)")?;
        let special = ["/memfd:", "/dev/", "/SYSV", "anon_inode:"]
            .iter()
            .any(|p| name.starts_with(p));
        if special {
            return None;
        }
        let bytes = fs::metadata(entry.path()).ok().map(|m| m.len());
        Some(HeldFile {
            pid: pid.to_string(),
            target: name.to_string(),
            bytes,
        })
    });
    Some(held.collect())
}

/// The row: count, known bytes, and the biggest holders in the note.
fn deleted_row(mut held: Vec<HeldFile>, processes: usize, unreadable: usize) -> CheckRow {
    let bytes: u64 = held.iter().filter_map(|f| f.bytes).sum();
    let status = if held.is_empty() {
        Status::Pass
    } else {
        Status::Warn
    };
    let value = format!("{} files, {} held", held.len(), mib(bytes / 1024));
    held.sort_by_key(|f| std::cmp::Reverse(f.bytes));
    let mut notes: Vec<String> = held
        .iter()
        .take(3)
        .map(|f| {
            format!(
                "pid {} holds {} ({})",
                f.pid,
                f.target,
                f.bytes.map_or("size unknown".into(), |b| mib(b / 1024))
            )
        })
        .collect();
    if unreadable > 0 {
        notes.push(format!(
            "{unreadable} of {processes} processes unreadable (run as root to see all)"
        ));
    }
    DELETED
        .row(status, value)
        .note(notes.join("; "))
        .reading("files", held.len() as u64)
        .reading("bytes", bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statvfs_fixture_lines_need_six_consistent_numbers() {
        let stats = parse_statvfs_line("/ 4096 1000 500 400 100 90").expect("valid");
        assert_eq!((stats.blocks, stats.bavail, stats.ffree), (1000, 400, 90));
        assert!(parse_statvfs_line("/ 4096 1000 500").is_none());
        assert!(parse_statvfs_line("/ 4096 1000 5000 400 100 90").is_none());
        assert!(parse_statvfs_line("/ a b c d e f").is_none());
    }

    #[test]
    fn sizes_in_kib_do_not_overflow() {
        assert_eq!(kib(u64::MAX, 4096), u64::MAX);
        assert_eq!(kib(3, 4096), 12);
    }
}
