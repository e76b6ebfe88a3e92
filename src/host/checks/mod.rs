//! The registry of host checks: each entry pairs its documentation with the function
//! that reads the host, so the checklist, `--explain` and the JSON share one list.

mod certs;
mod cgroup;
mod clock;
mod disk;
mod dns;
mod limits;
mod memory;
mod network;

use super::procfs::{Host, Limit, LimitKind};
use super::row::{CheckDoc, CheckRow, Problem, Status};

/// One host check: its text and the function that produces its rows.
pub(crate) struct Check {
    pub doc: &'static CheckDoc,
    pub run: fn(&Host) -> Vec<CheckRow>,
}

/// Every check, in the order the checklist prints them.
pub(crate) const CHECKS: &[Check] = &[
    Check {
        doc: &limits::NOFILE,
        run: limits::nofile_limit,
    },
    Check {
        doc: &limits::OPEN_FDS,
        run: limits::open_fds,
    },
    Check {
        doc: &limits::FILE_MAX,
        run: limits::file_max,
    },
    Check {
        doc: &limits::NPROC,
        run: limits::nproc_limit,
    },
    Check {
        doc: &limits::ADDRESS_SPACE,
        run: limits::address_space_limit,
    },
    Check {
        doc: &limits::FILE_SIZE,
        run: limits::file_size_limit,
    },
    Check {
        doc: &limits::CORE,
        run: limits::core_dumps,
    },
    Check {
        doc: &memory::MAX_MAP_COUNT,
        run: memory::max_map_count,
    },
    Check {
        doc: &network::PORT_RANGE,
        run: network::local_port_range,
    },
    Check {
        doc: &network::SOMAXCONN,
        run: network::somaxconn,
    },
    Check {
        doc: &network::SYN_BACKLOG,
        run: network::tcp_max_syn_backlog,
    },
    Check {
        doc: &network::RETRIES2,
        run: network::tcp_retries2,
    },
    Check {
        doc: &network::TIME_WAIT,
        run: network::time_wait,
    },
    Check {
        doc: &memory::SWAP,
        run: memory::swap,
    },
    Check {
        doc: &memory::PROCESS_SWAP,
        run: memory::process_swap,
    },
    Check {
        doc: &memory::SWAPPINESS,
        run: memory::swappiness,
    },
    Check {
        doc: &memory::OVERCOMMIT,
        run: memory::overcommit_memory,
    },
    Check {
        doc: &memory::THP,
        run: memory::transparent_hugepages,
    },
    Check {
        doc: &memory::OOM_SCORE_ADJ,
        run: memory::oom_score_adj,
    },
    Check {
        doc: &cgroup::MEMORY,
        run: cgroup::cgroup_memory,
    },
    Check {
        doc: &cgroup::OOM_KILLS,
        run: cgroup::cgroup_oom_kills,
    },
    Check {
        doc: &cgroup::CPU,
        run: cgroup::cgroup_cpu,
    },
    Check {
        doc: &disk::SPACE,
        run: disk::disk_space,
    },
    Check {
        doc: &disk::INODES,
        run: disk::disk_inodes,
    },
    Check {
        doc: &disk::DELETED,
        run: disk::deleted_open_files,
    },
    Check {
        doc: &clock::CLOCK_SYNC,
        run: clock::clock_sync,
    },
    Check {
        doc: &clock::LOAD,
        run: clock::load_average,
    },
    Check {
        doc: &dns::RESOLV_CONF,
        run: dns::resolv_conf,
    },
    Check {
        doc: &dns::RESOLVE,
        run: dns::dns_resolve,
    },
    Check {
        doc: &certs::CERT_EXPIRY,
        run: certs::cert_expiry,
    },
];

/// The check with this name, for `--explain`.
pub(crate) fn find(name: &str) -> Option<&'static Check> {
    CHECKS.iter().find(|check| check.doc.name == name)
}

/// A check with exactly one row about the whole host.
fn single(doc: &CheckDoc, outcome: Result<CheckRow, Problem>) -> Vec<CheckRow> {
    vec![doc.finish("", outcome)]
}

/// FAIL below `fail`, WARN below `warn`, PASS from `warn` up.
fn at_least(value: u64, fail: u64, warn: u64) -> Status {
    if value < fail {
        Status::Fail
    } else if value < warn {
        Status::Warn
    } else {
        Status::Pass
    }
}

/// FAIL from `fail`% used, WARN from `warn`%, PASS below; percentages rounded up like df.
fn usage(used: u64, total: u64, warn: u64, fail: u64) -> (Status, u64) {
    let percent = percent_up(used, total);
    let status = if percent >= fail {
        Status::Fail
    } else if percent >= warn {
        Status::Warn
    } else {
        Status::Pass
    };
    (status, percent)
}

/// `part / whole` in percent, rounded up as `df` does; 0 when `whole` is 0.
fn percent_up(part: u64, whole: u64) -> u64 {
    if whole == 0 {
        return 0;
    }
    let scaled = u128::from(part) * 100;
    let whole = u128::from(whole);
    u64::try_from(scaled.div_ceil(whole)).unwrap_or(u64::MAX)
}

/// The processes a per-process check looks at: this one, and the `--pid` one if given.
fn processes(host: &Host) -> Vec<(String, Option<u32>)> {
    let mut list = vec![("this process".to_string(), None)];
    if let Some(pid) = host.options.pid {
        list.push((format!("pid {pid}"), Some(pid)));
    }
    list
}

/// A resource limit of this process (getrlimit) or of `--pid` (`/proc/<pid>/limits`).
fn limit_of(host: &Host, pid: Option<u32>, kind: LimitKind) -> Result<Limit, Problem> {
    match pid {
        None => host.own_limit(kind),
        Some(pid) => host.proc_limit(&Host::proc_dir(Some(pid)), kind),
    }
}

/// `--pid` or a SKIP problem telling the user to pass it.
fn require_pid(host: &Host) -> Result<u32, Problem> {
    host.options
        .pid
        .ok_or_else(|| Problem::NotApplicable("pass --pid PID of the service to check it".into()))
}

/// `1536 MiB` style sizes for the human value.
fn mib(kib: u64) -> String {
    format!("{} MiB", kib / 1024)
}

/// `unlimited` or the number.
fn show_limit(value: Option<u64>) -> String {
    value.map_or_else(|| "unlimited".to_string(), |v| v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_check_name_is_unique_and_snake_case() {
        let mut names: Vec<_> = CHECKS.iter().map(|c| c.doc.name).collect();
        assert!(names.iter().all(|n| n
            .chars()
            .all(|c| c.is_ascii_lowercase() || c == '_' || c.is_ascii_digit())));
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), CHECKS.len());
    }

    #[test]
    fn every_check_explains_its_threshold_fix_and_incident() {
        for check in CHECKS {
            let doc = check.doc;
            let fields = [doc.reads, doc.threshold, doc.fix, doc.incident];
            assert!(fields.iter().all(|f| f.len() > 10), "{}", doc.name);
            let row = doc.row(Status::Pass, "v");
            let opened = row.threshold.matches('(').count();
            assert_eq!(
                opened,
                row.threshold.matches(')').count(),
                "{}",
                row.threshold
            );
        }
    }

    #[test]
    fn percent_rounds_up_like_df() {
        assert_eq!(percent_up(1, 3), 34);
        assert_eq!(percent_up(0, 0), 0);
        assert_eq!(usage(95, 100, 85, 95), (Status::Fail, 95));
        assert_eq!(usage(84, 100, 85, 95), (Status::Pass, 84));
    }

    #[test]
    fn thresholds_grade_both_sides() {
        assert_eq!(at_least(10, 128, 1024), Status::Fail);
        assert_eq!(at_least(512, 128, 1024), Status::Warn);
        assert_eq!(at_least(1024, 128, 1024), Status::Pass);
    }
}
