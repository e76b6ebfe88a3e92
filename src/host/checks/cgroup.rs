//! cgroup v2 limits of the service (or of this process): memory, OOM kills, CPU quota.

use super::{mib, percent_up, single};
use crate::host::procfs::{parse_number, Host};
use crate::host::row::{CheckDoc, CheckRow, Problem, Status};

pub(crate) const MEMORY: CheckDoc = CheckDoc {
    name: "cgroup_memory",
    reads: "memory.max and memory.current of the cgroup v2 of --pid (or of this process)",
    threshold: "a limit set and usage < 90% of it; WARN with no limit or from 90% (usage counts page cache, which is reclaimed first)",
    fix: "MemoryMax= (and MemoryHigh=) in the systemd unit, resources.limits.memory in Kubernetes",
    incident: "Without a cgroup limit, a leak grows until the host runs out and the global OOM killer picks a victim, often another service or sshd; with a limit, only the leaking service is killed and restarted.",
};

pub(crate) const OOM_KILLS: CheckDoc = CheckDoc {
    name: "cgroup_oom_kills",
    reads: "the oom_kill count of memory.events of the cgroup v2 of --pid (or of this process)",
    threshold: "0; WARN when the OOM killer has already killed in this cgroup",
    fix: "raise MemoryMax= above the real peak, or find the growth (journalctl -k | grep -i oom)",
    incident: "OOM kills are silent from the inside: the process vanishes with SIGKILL, no panic, no log line of its own; only this counter and the kernel log say it happened, and restarts hide it.",
};

pub(crate) const CPU: CheckDoc = CheckDoc {
    name: "cgroup_cpu",
    reads: "cpu.max of the cgroup v2 against the CPUs this process may run on (Cpus_allowed_list, as nproc counts)",
    threshold: "a quota of at least 1 CPU; WARN below (the service is throttled every period)",
    fix: "CPUQuota=200% in the unit (resources.limits.cpu in Kubernetes), or size thread pools from the quota",
    incident: "A pod with a 0.5 CPU quota on a 64-core node starts 64 tokio or rayon threads that burn the quota in the first few milliseconds of each 100 ms period, then all stall: p99 latency of 100 ms with an idle-looking CPU graph.",
};

/// The cgroup v2 directory (under `/sys/fs/cgroup`) of `--pid` or of this process.
fn cgroup_dir(host: &Host) -> Result<String, Problem> {
    let unified = "/sys/fs/cgroup/cgroup.controllers";
    if !host.path(unified).exists() {
        return Err(Problem::NotApplicable(format!(
            "not a cgroup v2 host: {} is missing",
            host.path(unified).display()
        )));
    }
    let rel = format!("{}/cgroup", Host::proc_dir(host.options.pid));
    let text = host.read(&rel)?;
    let path = text
        .lines()
        .find_map(|line| line.strip_prefix("0::"))
        .ok_or_else(|| {
            Problem::Garbage(format!(
                "{}: no cgroup v2 line \"0::/path\"",
                host.path(&rel).display()
            ))
        })?;
    Ok(format!(
        "/sys/fs/cgroup/{}",
        path.trim().trim_start_matches('/')
    ))
}

/// `this process` or `pid N`.
fn subject(host: &Host) -> String {
    host.options
        .pid
        .map_or_else(|| "this process".to_string(), |pid| format!("pid {pid}"))
}

/// A number from a cgroup file of `dir`, with garbage naming the file.
fn cgroup_number(host: &Host, dir: &str, file: &str) -> Result<u64, Problem> {
    let rel = format!("{dir}/{file}");
    parse_number(&host.read(&rel)?, &host.path(&rel))
}

/// The memory limit against what is in use.
pub(crate) fn cgroup_memory(host: &Host) -> Vec<CheckRow> {
    let outcome = cgroup_dir(host).and_then(|dir| {
        let current = cgroup_number(host, &dir, "memory.current")?;
        let max_rel = format!("{dir}/memory.max");
        let max_text = host.read(&max_rel)?;
        let row = if max_text.trim() == "max" {
            MEMORY.row(
                Status::Warn,
                format!("{} used, no limit", mib(current / 1024)),
            )
        } else {
            let max = parse_number(&max_text, &host.path(&max_rel))?;
            let percent = percent_up(current, max);
            let status = if percent >= 90 {
                Status::Warn
            } else {
                Status::Pass
            };
            let value = format!(
                "{} of {} ({percent}%)",
                mib(current / 1024),
                mib(max / 1024)
            );
            MEMORY.row(status, value).reading("max_bytes", max)
        };
        Ok(row
            .reading("current_bytes", current)
            .note(format!("cgroup {dir}")))
    });
    vec![MEMORY.finish(&subject(host), outcome)]
}

/// OOM kills already recorded in the cgroup.
pub(crate) fn cgroup_oom_kills(host: &Host) -> Vec<CheckRow> {
    let outcome = cgroup_dir(host).and_then(|dir| {
        let rel = format!("{dir}/memory.events");
        let text = host.read(&rel)?;
        let kills = text
            .lines()
            .find_map(|line| line.strip_prefix("oom_kill "))
            .and_then(|n| n.trim().parse::<u64>().ok())
            .ok_or_else(|| {
                Problem::Garbage(format!(
                    "{}: no \"oom_kill N\" line",
                    host.path(&rel).display()
                ))
            })?;
        let status = if kills > 0 {
            Status::Warn
        } else {
            Status::Pass
        };
        Ok(OOM_KILLS
            .row(status, format!("{kills} kills"))
            .reading("oom_kill", kills))
    });
    vec![OOM_KILLS.finish(&subject(host), outcome)]
}

/// The CPU quota against the cores the process can see.
pub(crate) fn cgroup_cpu(host: &Host) -> Vec<CheckRow> {
    let outcome = host.cores().and_then(|cores| {
        let dir = cgroup_dir(host)?;
        let rel = format!("{dir}/cpu.max");
        let text = host.read(&rel)?;
        let quota = parse_cpu_max(&text).ok_or_else(|| {
            Problem::Garbage(format!(
                "{}: expected \"QUOTA PERIOD\" or \"max PERIOD\", found {:?}",
                host.path(&rel).display(),
                text.trim()
            ))
        })?;
        Ok(cpu_row(cores, quota))
    });
    single(&CPU, outcome)
        .into_iter()
        .map(|row| row.subject(subject(host)))
        .collect()
}

/// The row for a quota in thousandths of a CPU (`None`: no quota) on `cores` CPUs.
fn cpu_row(cores: u64, quota_millis: Option<u64>) -> CheckRow {
    let Some(millis) = quota_millis else {
        return CPU
            .row(Status::Pass, format!("no quota, {cores} cores"))
            .reading("cores", cores);
    };
    let cpus = format!("{}.{:02}", millis / 1000, (millis % 1000) / 10);
    let status = if millis < 1000 {
        Status::Warn
    } else {
        Status::Pass
    };
    let mut row = CPU.row(status, format!("quota {cpus} CPUs of {cores} cores"));
    if millis < cores * 1000 {
        row = row.note(format!(
            "thread pools sized from the core count ({cores}) exceed the quota; std::thread::available_parallelism honours it, num_cpus::get_physical does not"
        ));
    }
    row.reading("cores", cores)
        .reading("quota_millicpus", millis)
}

/// `cpu.max` (`150000 100000` or `max 100000`) as thousandths of a CPU, `Some(None)` for max.
fn parse_cpu_max(text: &str) -> Option<Option<u64>> {
    let mut words = text.split_whitespace();
    let quota = words.next()?;
    let period: u64 = words.next().map_or(Some(100_000), |p| p.parse().ok())?;
    if quota == "max" {
        return Some(None);
    }
    let quota: u64 = quota.parse().ok()?;
    (period > 0).then(|| Some(quota.saturating_mul(1000) / period))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_max_parses_quota_and_max() {
        assert_eq!(parse_cpu_max("150000 100000\n"), Some(Some(1500)));
        assert_eq!(parse_cpu_max("max 100000"), Some(None));
        assert_eq!(parse_cpu_max("lots 100000"), None);
        assert_eq!(parse_cpu_max("1000 0"), None);
    }

    #[test]
    fn a_quota_under_one_cpu_warns() {
        assert_eq!(cpu_row(4, Some(500)).status, Status::Warn);
        assert_eq!(cpu_row(4, Some(2000)).status, Status::Pass);
        assert_eq!(cpu_row(4, None).status, Status::Pass);
    }
}
