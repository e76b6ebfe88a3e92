//! Time and CPU pressure: kernel clock synchronisation and load average per core.

use super::single;
use crate::host::live::{self, ClockState, STA_UNSYNC};
use crate::host::procfs::{Host, FIXTURE_DIR};
use crate::host::row::{CheckDoc, CheckRow, Problem, Status};

/// 80% of CockroachDB's default 500 ms maximum offset, in microseconds.
const MAX_ERROR_US: i64 = 400_000;

pub(crate) const CLOCK_SYNC: CheckDoc = CheckDoc {
    name: "clock_sync",
    reads: "adjtimex(2) in read-only mode: STA_UNSYNC and the maximum error (on a fixture root: .prodcheck-fixture/adjtimex with \"status N\" and \"maxerror N\" lines)",
    threshold: "synchronized with a maximum error < 400 ms; FAIL when STA_UNSYNC is set, WARN above 400 ms (CockroachDB stops a node off by 80% of its 500 ms limit)",
    fix: "enable time sync: systemctl enable --now systemd-timesyncd (or chronyd); check with timedatectl",
    incident: "Clock drift: tokens and TLS certificates look expired or not yet valid, distributed locks and leases overlap, log timelines across hosts stop making sense, and databases that order by time (CockroachDB, Cassandra) reject the node or lose writes.",
};

pub(crate) const LOAD: CheckDoc = CheckDoc {
    name: "load_average",
    reads: "the 5-minute load average of /proc/loadavg against the CPUs this process may use",
    threshold: "< 1.0 per core; WARN from 1.0, FAIL from 2.0 (work waits for a CPU)",
    fix: "find the CPU consumers (top, pidstat 5), move them away or add cores",
    incident: "A host whose load stays above its core count runs every request behind a queue: latency grows with no error anywhere, timeouts fire upstream, and retries add more load.",
};

/// Whether the kernel considers its clock synchronized, and how far off it may be.
pub(crate) fn clock_sync(host: &Host) -> Vec<CheckRow> {
    let outcome = clock_state(host).map(|state| {
        let synced = state.status & STA_UNSYNC == 0;
        let error_ms = state.maxerror_us / 1000;
        let status = if !synced {
            Status::Fail
        } else if state.maxerror_us > MAX_ERROR_US {
            Status::Warn
        } else {
            Status::Pass
        };
        let sync = if synced {
            "synchronized"
        } else {
            "not synchronized"
        };
        let value = format!(
            "{sync} (status {:#06x}), max error {error_ms} ms",
            state.status
        );
        CLOCK_SYNC
            .row(status, value)
            .reading("maxerror_us", u64::try_from(state.maxerror_us).unwrap_or(0))
    });
    single(&CLOCK_SYNC, outcome)
}

/// adjtimex on the live host, the fixture file otherwise.
fn clock_state(host: &Host) -> Result<ClockState, Problem> {
    if host.is_live() {
        return live::adjtimex().map_err(|e| Problem::Unreadable(format!("adjtimex failed: {e}")));
    }
    let text = host.fixture("adjtimex")?;
    parse_clock_fixture(&text).ok_or_else(|| {
        let path = host.path(&format!("{FIXTURE_DIR}/adjtimex"));
        Problem::Garbage(format!(
            "{}: expected \"status N\" and \"maxerror N\" lines",
            path.display()
        ))
    })
}

/// `status 0x2001` / `maxerror 16000` lines; the status may be decimal or hex.
fn parse_clock_fixture(text: &str) -> Option<ClockState> {
    let field = |key: &str| {
        let value = text
            .lines()
            .find_map(|line| line.trim().strip_prefix(key)?.strip_prefix(' '))?
            .trim();
        match value.strip_prefix("0x") {
            Some(hex) => i64::from_str_radix(hex, 16).ok(),
            None => value.parse().ok(),
        }
    };
    Some(ClockState {
        status: field("status")?,
        maxerror_us: field("maxerror")?,
    })
}

/// Load average per core.
pub(crate) fn load_average(host: &Host) -> Vec<CheckRow> {
    let rel = "/proc/loadavg";
    let outcome = host.read(rel).and_then(|text| {
        let loads: Vec<f64> = text
            .split_whitespace()
            .take(3)
            .filter_map(|w| w.parse().ok())
            .collect();
        let [one, five, fifteen] = loads[..] else {
            return Err(Problem::Garbage(format!(
                "{}: expected three load averages, found {:?}",
                host.path(rel).display(),
                text.trim()
            )));
        };
        let cores = host.cores()?;
        let per_core = five / cores as f64;
        let status = if per_core >= 2.0 {
            Status::Fail
        } else if per_core >= 1.0 {
            Status::Warn
        } else {
            Status::Pass
        };
        let value = format!("{per_core:.2} per core ({one} {five} {fifteen} on {cores} cores)");
        Ok(LOAD
            .row(status, value)
            .reading("cores", cores)
            .reading("load5_per_core_milli", (per_core * 1000.0) as u64))
    });
    single(&LOAD, outcome)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_fixture_reads_hex_and_decimal() {
        let state = parse_clock_fixture("status 0x0041\nmaxerror 16000000\n").expect("valid");
        assert_eq!(
            state,
            ClockState {
                status: 0x41,
                maxerror_us: 16_000_000
            }
        );
        assert_eq!(
            parse_clock_fixture("status 8193\nmaxerror 5").map(|s| s.status),
            Some(8193)
        );
        assert!(parse_clock_fixture("status soon").is_none());
    }

    #[test]
    fn the_live_clock_is_readable() {
        let state = live::adjtimex().expect("adjtimex with modes = 0 needs no privilege");
        assert!(state.maxerror_us >= 0);
    }
}
