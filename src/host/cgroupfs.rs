//! Finds the cgroup of a process and reads its memory and CPU limits, on the unified
//! v2 hierarchy or, on older and hybrid hosts, the v1 `memory` and `cpu` controllers.

use super::procfs::{parse_number, Host};
use super::row::Problem;

/// A v1 memory limit at or above this (`PAGE_COUNTER_MAX` pages) means "no limit".
const V1_UNLIMITED: u64 = 1 << 62;

/// The cgroup directories of one process, relative to the root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Cgroup {
    /// `/sys/fs/cgroup/<path>` of the unified hierarchy.
    V2 { dir: String },
    /// `/sys/fs/cgroup/memory/<path>` and `/sys/fs/cgroup/<cpu controllers>/<path>`.
    V1 {
        memory: Option<String>,
        cpu: Option<String>,
    },
}

impl Cgroup {
    /// The cgroup of `--pid` (or of this process), from `/proc/<pid>/cgroup`.
    pub(crate) fn of_process(host: &Host) -> Result<Cgroup, Problem> {
        let rel = format!("{}/cgroup", Host::proc_dir(host.options.pid));
        let text = host.read(&rel)?;
        let entries: Vec<(&str, &str)> = text
            .lines()
            .filter_map(|line| {
                let (_, rest) = line.split_once(':')?;
                rest.split_once(':')
            })
            .collect();
        if entries.is_empty() {
            let path = host.path(&rel);
            return Err(Problem::Garbage(format!(
                "{}: no \"ID:CONTROLLERS:PATH\" line",
                path.display()
            )));
        }
        if host.path("/sys/fs/cgroup/cgroup.controllers").exists() {
            let path = entries
                .iter()
                .find(|(controllers, _)| controllers.is_empty());
            let path = path.map_or("/", |(_, path)| path);
            return Ok(Cgroup::V2 {
                dir: existing_dir(host, "/sys/fs/cgroup", path),
            });
        }
        let v1_dir = |controller: &str| {
            let (controllers, path) = entries
                .iter()
                .find(|(list, _)| list.split(',').any(|c| c == controller))?;
            Some(existing_dir(
                host,
                &format!("/sys/fs/cgroup/{controllers}"),
                path,
            ))
        };
        Ok(Cgroup::V1 {
            memory: v1_dir("memory"),
            cpu: v1_dir("cpu"),
        })
    }

    /// `cgroup v2 /sys/fs/cgroup/...`, for notes.
    pub(crate) fn describe(&self) -> String {
        match self {
            Cgroup::V2 { dir } => format!("cgroup v2 {dir}"),
            Cgroup::V1 { memory, .. } => format!(
                "cgroup v1 {}",
                memory.as_deref().unwrap_or("(no memory controller)")
            ),
        }
    }

    /// The memory limit in bytes, `None` when there is none.
    pub(crate) fn memory_limit(&self, host: &Host) -> Result<Option<u64>, Problem> {
        match self {
            Cgroup::V2 { dir } => {
                let rel = format!("{dir}/memory.max");
                let text = host.read(&rel)?;
                if text.trim() == "max" {
                    return Ok(None);
                }
                parse_number(&text, &host.path(&rel)).map(Some)
            }
            Cgroup::V1 { .. } => {
                let limit = number(host, &self.v1_memory()?, "memory.limit_in_bytes")?;
                Ok((limit < V1_UNLIMITED).then_some(limit))
            }
        }
    }

    /// The memory in use in bytes, page cache included.
    pub(crate) fn memory_usage(&self, host: &Host) -> Result<u64, Problem> {
        match self {
            Cgroup::V2 { dir } => number(host, dir, "memory.current"),
            Cgroup::V1 { .. } => number(host, &self.v1_memory()?, "memory.usage_in_bytes"),
        }
    }

    /// How many processes the OOM killer has killed in this cgroup.
    pub(crate) fn oom_kills(&self, host: &Host) -> Result<u64, Problem> {
        let rel = match self {
            Cgroup::V2 { dir } => format!("{dir}/memory.events"),
            Cgroup::V1 { .. } => format!("{}/memory.oom_control", self.v1_memory()?),
        };
        let text = host.read(&rel)?;
        text.lines()
            .find_map(|line| line.strip_prefix("oom_kill "))
            .and_then(|n| n.trim().parse::<u64>().ok())
            .ok_or_else(|| {
                Problem::Garbage(format!(
                    "{}: no \"oom_kill N\" line",
                    host.path(&rel).display()
                ))
            })
    }

    /// The CPU quota in thousandths of a CPU, `None` when there is none.
    pub(crate) fn cpu_quota_millis(&self, host: &Host) -> Result<Option<u64>, Problem> {
        match self {
            Cgroup::V2 { dir } => v2_cpu_quota(host, dir),
            Cgroup::V1 { cpu, .. } => {
                let dir = cpu.as_deref().ok_or_else(|| no_controller("cpu"))?;
                v1_cpu_quota(host, dir)
            }
        }
    }

    /// The v1 memory controller directory, or a SKIP when the process has none.
    fn v1_memory(&self) -> Result<String, Problem> {
        match self {
            Cgroup::V1 {
                memory: Some(dir), ..
            } => Ok(dir.clone()),
            _ => Err(no_controller("memory")),
        }
    }
}

/// `cpu.max` of cgroup v2: `QUOTA PERIOD`, or `max PERIOD` for no quota.
fn v2_cpu_quota(host: &Host, dir: &str) -> Result<Option<u64>, Problem> {
    let rel = format!("{dir}/cpu.max");
    let text = host.read(&rel)?;
    let words: Vec<&str> = text.split_whitespace().collect();
    let quota = match words[..] {
        ["max", period, ..] => period.parse::<u64>().ok().map(|_| None),
        [quota, period, ..] => quota_millis(quota.parse().ok(), period.parse().ok()).map(Some),
        _ => None,
    };
    quota.ok_or_else(|| {
        Problem::Garbage(format!(
            "{}: expected \"QUOTA PERIOD\" or \"max PERIOD\", found {:?}",
            host.path(&rel).display(),
            text.trim()
        ))
    })
}

/// `cpu.cfs_quota_us` (-1 for no quota) over `cpu.cfs_period_us` of cgroup v1.
fn v1_cpu_quota(host: &Host, dir: &str) -> Result<Option<u64>, Problem> {
    let rel = format!("{dir}/cpu.cfs_quota_us");
    let quota = host.read(&rel)?;
    if quota.trim() == "-1" {
        return Ok(None);
    }
    let quota = parse_number(&quota, &host.path(&rel))?;
    let period = number(host, dir, "cpu.cfs_period_us")?;
    quota_millis(Some(quota), Some(period))
        .map(Some)
        .ok_or_else(|| {
            let period_file = host.path(&format!("{dir}/cpu.cfs_period_us"));
            Problem::Garbage(format!("{}: period 0", period_file.display()))
        })
}

/// `quota * 1000 / period`, or `None` for a missing or zero period.
fn quota_millis(quota: Option<u64>, period: Option<u64>) -> Option<u64> {
    let period = period.filter(|p| *p > 0)?;
    Some(quota?.saturating_mul(1000) / period)
}

/// The SKIP for a process outside a controller's hierarchy.
fn no_controller(controller: &str) -> Problem {
    Problem::NotApplicable(format!(
        "no cgroup v1 {controller} controller for this process"
    ))
}

/// A number from `dir/file`, with garbage naming the file.
fn number(host: &Host, dir: &str, file: &str) -> Result<u64, Problem> {
    let rel = format!("{dir}/{file}");
    parse_number(&host.read(&rel)?, &host.path(&rel))
}

/// `mount/path` when it exists, else `mount`: in a container without a cgroup namespace
/// `/proc/self/cgroup` names the host's path while the mount shows the container's own.
fn existing_dir(host: &Host, mount: &str, path: &str) -> String {
    let dir = format!("{mount}/{}", path.trim().trim_start_matches('/'));
    let dir = dir.trim_end_matches('/').to_string();
    if host.path(&dir).is_dir() {
        dir
    } else {
        mount.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotas_are_thousandths_of_a_cpu() {
        assert_eq!(quota_millis(Some(150_000), Some(100_000)), Some(1500));
        assert_eq!(quota_millis(Some(1000), Some(0)), None);
        assert_eq!(quota_millis(None, Some(100_000)), None);
    }
}
