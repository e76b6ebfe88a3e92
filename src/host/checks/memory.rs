//! Memory: swap, the overcommit and huge page policies, mmap areas and OOM killer bias.

use super::limits::pid_subject;
use super::{mib, require_pid, single};
use crate::host::procfs::{key_value, parse_kib, sysctl_path, Host};
use crate::host::row::{CheckDoc, CheckRow, Problem, Status};
use std::path::Path;

/// Elasticsearch's minimum for `vm.max_map_count`.
const MAP_COUNT_MINIMUM: u64 = 262_144;

/// Crates whose use means the service maps files (each mapping is one map area).
const MMAP_CRATES: &[&str] = &[
    "memmap2",
    "memmap",
    "lmdb",
    "lmdb-rkv",
    "heed",
    "tantivy",
    "rocksdb",
    "librocksdb-sys",
];

pub(crate) const MAX_MAP_COUNT: CheckDoc = CheckDoc {
    name: "max_map_count",
    reads: "vm.max_map_count, and the Cargo.lock / Cargo.toml of the current directory for memmap2, lmdb, heed, tantivy, rocksdb",
    threshold: ">= 262144 when the workspace maps files (Elasticsearch's bootstrap check; the kernel default is 65530); context only otherwise",
    fix: "sysctl -w vm.max_map_count=262144",
    incident: "A search index or LMDB environment maps thousands of segment files; at 65530 areas mmap fails with ENOMEM although free memory is plentiful, and the engine reports an out-of-memory error that no memory graph explains.",
};

pub(crate) const SWAP: CheckDoc = CheckDoc {
    name: "swap",
    reads: "SwapTotal and SwapFree of /proc/meminfo, devices of /proc/swaps",
    threshold: "no swap in use; WARN when swap is used (Elasticsearch and CockroachDB want no swap at all)",
    fix: "swapoff -a (and remove it from /etc/fstab), or vm.swappiness=1",
    incident: "A swap storm: once pages of a live heap are on disk, every request that touches them waits on disk I/O, latency goes from milliseconds to seconds, health checks time out, and the node looks alive but useless instead of being OOM-killed and restarted.",
};

pub(crate) const PROCESS_SWAP: CheckDoc = CheckDoc {
    name: "process_swap",
    reads: "VmSwap of /proc/<pid>/status of --pid",
    threshold: "0 kB; WARN when any of the service is swapped out",
    fix: "give the service memory headroom (MemoryMax= above its peak) and set vm.swappiness=1",
    incident: "The swapped-out part of a service is usually its idle caches and connection state; the first request after a quiet night pays for the page-ins, and a GC or a full cache scan pulls the whole heap back at disk speed.",
};

pub(crate) const SWAPPINESS: CheckDoc = CheckDoc {
    name: "swappiness",
    reads: "vm.swappiness",
    threshold: "<= 10 when swap exists (MongoDB and Elasticsearch recommend 1; lynis flags > 60); any value without swap",
    fix: "sysctl -w vm.swappiness=1",
    incident: "With the default 60 the kernel swaps out an idle heap to keep page cache, so a service with plenty of memory still stalls on page-ins after a batch job reads a large file.",
};

pub(crate) const OVERCOMMIT: CheckDoc = CheckDoc {
    name: "overcommit_memory",
    reads: "vm.overcommit_memory",
    threshold: "context only: Redis wants 1, PostgreSQL recommends 2, MongoDB warns on 2",
    fix: "sysctl -w vm.overcommit_memory=N, choosing N for the workload on this host",
    incident: "With 2 (strict) a fork of a large process (Redis BGSAVE) fails with ENOMEM; with 0 or 1 the OOM killer picks a victim later, at the worst moment. Which failure is better depends on the service.",
};

pub(crate) const THP: CheckDoc = CheckDoc {
    name: "transparent_hugepages",
    reads: "/sys/kernel/mm/transparent_hugepage/enabled (the [bracketed] word is active)",
    threshold: "context only: Redis and MongoDB <= 7 warn on always, MongoDB 8.0 wants it on",
    fix: "echo madvise > /sys/kernel/mm/transparent_hugepage/enabled (or transparent_hugepage= on the kernel command line)",
    incident: "With THP always, the kernel compacts memory to build huge pages in the allocation path: latency spikes of tens of milliseconds, and copy-on-write after fork copies 2 MiB per touched page, so Redis's memory use doubles during a save.",
};

pub(crate) const OOM_SCORE_ADJ: CheckDoc = CheckDoc {
    name: "oom_score_adj",
    reads: "/proc/<pid>/oom_score_adj of --pid",
    threshold: "<= 0; WARN when positive (the service is the OOM killer's preferred victim)",
    fix: "OOMScoreAdjust=-500 in the systemd unit (PostgreSQL protects its postmaster with -1000)",
    incident: "When memory runs out the OOM killer kills the process with the highest score: a positive oom_score_adj makes it pick the service over the batch job that caused the shortage.",
};

/// mmap areas, graded only when the workspace maps files.
pub(crate) fn max_map_count(host: &Host) -> Vec<CheckRow> {
    let outcome = host.sysctl_u64("vm.max_map_count").map(|value| {
        let users = mmap_crates(&host.options.workspace);
        let row = if value >= MAP_COUNT_MINIMUM {
            MAX_MAP_COUNT.row(Status::Pass, value.to_string())
        } else if users.is_empty() {
            MAX_MAP_COUNT.row(Status::Info, value.to_string()).note(
                "the workspace uses no mmap crate (memmap2, lmdb, heed, tantivy, rocksdb); 262144 matters for services that map many files",
            )
        } else {
            MAX_MAP_COUNT.row(Status::Fail, value.to_string())
        };
        let row = if users.is_empty() { row } else { row.note(format!("the workspace maps files: {}", users.join(", "))) };
        row.reading("value", value)
    });
    single(&MAX_MAP_COUNT, outcome)
}

/// The mmap crates named in the workspace's Cargo.lock, or else its Cargo.toml.
pub(crate) fn mmap_crates(workspace: &Path) -> Vec<String> {
    let names = std::fs::read_to_string(workspace.join("Cargo.lock"))
        .ok()
        .and_then(|text| text.parse::<toml::Table>().ok())
        .map(|lock| lock_package_names(&lock))
        .or_else(|| {
            let text = std::fs::read_to_string(workspace.join("Cargo.toml")).ok()?;
            Some(manifest_dependency_names(
                &text.parse::<toml::Table>().ok()?,
            ))
        })
        .unwrap_or_default();
    let mut found: Vec<String> = names
        .into_iter()
        .filter(|name| MMAP_CRATES.contains(&name.as_str()))
        .collect();
    found.sort();
    found.dedup();
    found
}

/// Every `[[package]] name` of a Cargo.lock.
fn lock_package_names(lock: &toml::Table) -> Vec<String> {
    let packages = lock.get("package").and_then(toml::Value::as_array);
    packages
        .into_iter()
        .flatten()
        .filter_map(|package| package.get("name")?.as_str().map(str::to_string))
        .collect()
}

/// The dependency names of a Cargo.toml: `[dependencies]`, `[workspace.dependencies]`,
/// and `[target.*.dependencies]`.
fn manifest_dependency_names(manifest: &toml::Table) -> Vec<String> {
    let mut tables = vec![manifest.get("dependencies")];
    tables.push(
        manifest
            .get("workspace")
            .and_then(|w| w.get("dependencies")),
    );
    if let Some(targets) = manifest.get("target").and_then(toml::Value::as_table) {
        tables.extend(targets.values().map(|target| target.get("dependencies")));
    }
    tables
        .into_iter()
        .flatten()
        .filter_map(toml::Value::as_table)
        .flat_map(|table| table.keys().cloned())
        .collect()
}

/// `(SwapTotal, SwapFree)` in KiB from `/proc/meminfo`.
fn swap_kib(host: &Host) -> Result<(u64, u64), Problem> {
    let rel = "/proc/meminfo";
    let text = host.read(rel)?;
    let field = |name: &str| key_value(&text, name).and_then(parse_kib);
    match (field("SwapTotal"), field("SwapFree")) {
        (Some(total), Some(free)) if free <= total => Ok((total, free)),
        _ => Err(Problem::Garbage(format!(
            "{}: no readable SwapTotal/SwapFree lines",
            host.path(rel).display()
        ))),
    }
}

/// Swap configured on the host and how much of it holds pages.
pub(crate) fn swap(host: &Host) -> Vec<CheckRow> {
    let outcome = swap_kib(host).map(|(total, free)| {
        let used = total - free;
        let devices = host
            .read("/proc/swaps")
            .map_or(0, |text| text.lines().skip(1).count());
        let row = if total == 0 {
            SWAP.row(Status::Pass, "none")
        } else {
            let status = if used > 0 { Status::Warn } else { Status::Pass };
            let value = format!("{} on {devices} device(s), {} used", mib(total), mib(used));
            SWAP.row(status, value)
        };
        row.reading("swap_total_kib", total)
            .reading("swap_used_kib", used)
    });
    single(&SWAP, outcome)
}

/// How much of `--pid` is swapped out.
pub(crate) fn process_swap(host: &Host) -> Vec<CheckRow> {
    let outcome = require_pid(host).and_then(|pid| {
        let dir = Host::proc_dir(Some(pid));
        let text = host.status_field(&dir, "VmSwap")?;
        let kib = parse_kib(&text).ok_or_else(|| {
            let path = host.path(&format!("{dir}/status"));
            Problem::Garbage(format!(
                "{}: VmSwap {text:?} is not \"N kB\"",
                path.display()
            ))
        })?;
        let status = if kib > 0 { Status::Warn } else { Status::Pass };
        Ok(PROCESS_SWAP
            .row(status, format!("{kib} kB"))
            .reading("vm_swap_kib", kib))
    });
    vec![PROCESS_SWAP.finish(&pid_subject(host), outcome)]
}

/// The kernel's eagerness to swap, which only matters when swap exists.
pub(crate) fn swappiness(host: &Host) -> Vec<CheckRow> {
    let outcome = host.sysctl_u64("vm.swappiness").map(|value| {
        let has_swap = swap_kib(host).map_or(true, |(total, _)| total > 0);
        let row = if !has_swap {
            SWAPPINESS
                .row(Status::Pass, value.to_string())
                .note("no swap: the value has no effect")
        } else if value <= 10 {
            SWAPPINESS.row(Status::Pass, value.to_string())
        } else {
            SWAPPINESS.row(Status::Warn, value.to_string())
        };
        row.reading("value", value)
    });
    single(&SWAPPINESS, outcome)
}

/// The overcommit policy, with what each database says about it.
pub(crate) fn overcommit_memory(host: &Host) -> Vec<CheckRow> {
    let name = "vm.overcommit_memory";
    let outcome = host.sysctl_u64(name).and_then(|value| {
        let meaning = match value {
            0 => "0 (heuristic, the kernel default): Redis warns that a background save can fail to fork; PostgreSQL recommends 2 so that the OOM killer never picks the postmaster",
            1 => "1 (always): what Redis asks for so fork() for BGSAVE never fails; PostgreSQL and MongoDB warn that the OOM killer then acts late",
            2 => "2 (never, strict accounting): PostgreSQL recommends it; MongoDB warns on it and Redis forks may fail with ENOMEM; check vm.overcommit_ratio",
            _ => {
                return Err(Problem::Garbage(format!(
                    "{}: {value} is not 0, 1 or 2",
                    host.path(&sysctl_path(name)).display()
                )))
            }
        };
        Ok(OVERCOMMIT.row(Status::Info, value.to_string()).note(meaning).reading("value", value))
    });
    single(&OVERCOMMIT, outcome)
}

/// The active transparent huge page mode, with what each database says about it.
pub(crate) fn transparent_hugepages(host: &Host) -> Vec<CheckRow> {
    let rel = "/sys/kernel/mm/transparent_hugepage/enabled";
    let outcome = host.read(rel).and_then(|text| {
        let active = text
            .split_whitespace()
            .find_map(|word| word.strip_prefix('[')?.strip_suffix(']'))
            .ok_or_else(|| {
                let path = host.path(rel);
                Problem::Garbage(format!("{}: no [bracketed] active mode in {:?}", path.display(), text.trim()))
            })?;
        let meaning = match active {
            "always" => "always: Redis and MongoDB <= 7 warn (latency spikes, memory doubling on fork); MongoDB 8.0 wants it",
            "madvise" => "madvise: only programs that ask get huge pages; Redis and older MongoDB are content, MongoDB 8.0 wants always",
            "never" => "never: what Redis and MongoDB <= 7 advise; MongoDB 8.0 and JVM heaps lose the TLB gain",
            other => return Ok(THP.row(Status::Info, other).note("unknown mode")),
        };
        Ok(THP.row(Status::Info, active).note(meaning))
    });
    single(&THP, outcome)
}

/// The OOM killer's bias for or against `--pid`.
pub(crate) fn oom_score_adj(host: &Host) -> Vec<CheckRow> {
    let outcome = require_pid(host).and_then(|pid| {
        let rel = format!("{}/oom_score_adj", Host::proc_dir(Some(pid)));
        let text = host.read(&rel)?;
        let value: i64 = text
            .trim()
            .parse()
            .ok()
            .filter(|v: &i64| (-1000..=1000).contains(v))
            .ok_or_else(|| {
                Problem::Garbage(format!(
                    "{}: expected -1000..1000, found {:?}",
                    host.path(&rel).display(),
                    text.trim()
                ))
            })?;
        let status = if value > 0 {
            Status::Warn
        } else {
            Status::Pass
        };
        Ok(OOM_SCORE_ADJ.row(status, value.to_string()))
    });
    vec![OOM_SCORE_ADJ.finish(&pid_subject(host), outcome)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mmap_crates_come_from_the_lock_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let lock = "version = 3\n[[package]]\nname = \"heed\"\nversion = \"0.20.0\"\n[[package]]\nname = \"serde\"\nversion = \"1.0.0\"\n";
        std::fs::write(dir.path().join("Cargo.lock"), lock).expect("write");
        assert_eq!(mmap_crates(dir.path()), vec!["heed".to_string()]);
    }

    #[test]
    fn mmap_crates_fall_back_to_manifest_dependencies() {
        let dir = tempfile::tempdir().expect("tempdir");
        let manifest = "[package]\nname = \"a\"\n[target.'cfg(unix)'.dependencies]\nmemmap2 = \"0.9\"\n[dependencies]\nserde = \"1\"\n";
        std::fs::write(dir.path().join("Cargo.toml"), manifest).expect("write");
        assert_eq!(mmap_crates(dir.path()), vec!["memmap2".to_string()]);
        assert!(mmap_crates(&dir.path().join("missing")).is_empty());
    }
}
