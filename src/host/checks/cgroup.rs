//! cgroup limits (v2, or v1 on older hosts) of the service (or of this process): memory, OOM kills, CPU quota.

use super::{mib, percent_up};
use crate::host::cgroupfs::Cgroup;
use crate::host::procfs::Host;
use crate::host::row::{CheckDoc, CheckRow, Status};

pub(crate) const MEMORY: CheckDoc = CheckDoc {
    name: "cgroup_memory",
    reads: "memory.max and memory.current of the cgroup v2 of --pid or of this process (v1: memory.limit_in_bytes, memory.usage_in_bytes)",
    threshold: "a limit set and usage < 90% of it; WARN with no limit or from 90% (usage counts page cache, which is reclaimed first)",
    fix: "MemoryMax= (and MemoryHigh=) in the systemd unit, resources.limits.memory in Kubernetes",
    incident: "Without a cgroup limit, a leak grows until the host runs out and the global OOM killer picks a victim, often another service or sshd; with a limit, only the leaking service is killed and restarted.",
};

pub(crate) const OOM_KILLS: CheckDoc = CheckDoc {
    name: "cgroup_oom_kills",
    reads: "the oom_kill count of memory.events of the cgroup v2 of --pid or of this process (v1: memory.oom_control)",
    threshold: "0; WARN when the OOM killer has already killed in this cgroup",
    fix: "raise MemoryMax= above the real peak, or find the growth (journalctl -k | grep -i oom)",
    incident: "OOM kills are silent from the inside: the process vanishes with SIGKILL, no panic, no log line of its own; only this counter and the kernel log say it happened, and restarts hide it.",
};

pub(crate) const CPU: CheckDoc = CheckDoc {
    name: "cgroup_cpu",
    reads: "cpu.max of the cgroup v2 (v1: cpu.cfs_quota_us / cpu.cfs_period_us) against the CPUs this process may run on (Cpus_allowed_list, as nproc counts)",
    threshold: "a quota of at least 1 CPU; WARN below (the service is throttled every period)",
    fix: "CPUQuota=200% in the unit (resources.limits.cpu in Kubernetes), or size thread pools from the quota",
    incident: "A pod with a 0.5 CPU quota on a 64-core node starts 64 tokio or rayon threads that burn the quota in the first few milliseconds of each 100 ms period, then all stall: p99 latency of 100 ms with an idle-looking CPU graph.",
};

/// `this process` or `pid N`.
fn subject(host: &Host) -> String {
    host.options
        .pid
        .map_or_else(|| "this process".to_string(), |pid| format!("pid {pid}"))
}

/// The memory limit against what is in use.
pub(crate) fn cgroup_memory(host: &Host) -> Vec<CheckRow> {
    let outcome = Cgroup::of_process(host).and_then(|cgroup| {
        let current = cgroup.memory_usage(host)?;
        let row = match cgroup.memory_limit(host)? {
            None => MEMORY.row(
                Status::Warn,
                format!("{} used, no limit", mib(current / 1024)),
            ),
            Some(max) => {
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
            }
        };
        Ok(row
            .reading("current_bytes", current)
            .note(cgroup.describe()))
    });
    vec![MEMORY.finish(&subject(host), outcome)]
}

/// OOM kills already recorded in the cgroup.
pub(crate) fn cgroup_oom_kills(host: &Host) -> Vec<CheckRow> {
    let outcome = Cgroup::of_process(host).and_then(|cgroup| {
        let kills = cgroup.oom_kills(host)?;
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
        let quota = Cgroup::of_process(host)?.cpu_quota_millis(host)?;
        Ok(cpu_row(cores, quota))
    });
    vec![CPU.finish(&subject(host), outcome)]
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
    if millis < cores.saturating_mul(1000) {
        row = row.note(format!(
            "thread pools sized from the core count ({cores}) exceed the quota; std::thread::available_parallelism honours it, num_cpus::get_physical does not"
        ));
    }
    row.reading("cores", cores)
        .reading("quota_millicpus", millis)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quota_under_one_cpu_warns() {
        assert_eq!(cpu_row(4, Some(500)).status, Status::Warn);
        assert_eq!(cpu_row(4, Some(2000)).status, Status::Pass);
        assert_eq!(cpu_row(4, None).status, Status::Pass);
    }
}
