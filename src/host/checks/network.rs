//! TCP sysctls that decide how many connections a service can open, queue and notice dying.

use super::{at_least, single, usage};
use crate::host::procfs::{key_value, sysctl_path, Host};
use crate::host::row::{CheckDoc, CheckRow, Problem, Status};

/// Width of the kernel's default range 32768-60999.
const DEFAULT_PORT_RANGE_WIDTH: u64 = 28232;

pub(crate) const PORT_RANGE: CheckDoc = CheckDoc {
    name: "local_port_range",
    reads: "net.ipv4.ip_local_port_range",
    threshold: ">= 28232 ports (the kernel default 32768-60999); FAIL below 10000",
    fix: "sysctl -w net.ipv4.ip_local_port_range=\"1024 65535\"",
    incident: "Ephemeral port exhaustion: a client that opens a connection per request leaves each port in TIME_WAIT for 60 s, so ~470 new connections a second to one upstream use up the default range and connect() fails with EADDRNOTAVAIL (\"Cannot assign requested address\").",
};

pub(crate) const SOMAXCONN: CheckDoc = CheckDoc {
    name: "somaxconn",
    reads: "net.core.somaxconn, the cap on every listen() backlog",
    threshold: ">= 1024 (tokio's backlog; Redis warns below its 511, std uses 128); FAIL below 128",
    fix: "sysctl -w net.core.somaxconn=4096",
    incident: "Under a connection burst the accept queue overflows at somaxconn: the kernel drops SYNs, clients wait for the 1 s, 3 s, 7 s SYN retransmits, and latency spikes look like a slow service while the CPU is idle.",
};

pub(crate) const SYN_BACKLOG: CheckDoc = CheckDoc {
    name: "tcp_max_syn_backlog",
    reads: "net.ipv4.tcp_max_syn_backlog, the queue of half-open connections",
    threshold: ">= 1024; WARN below",
    fix: "sysctl -w net.ipv4.tcp_max_syn_backlog=4096",
    incident: "A burst of new clients (a deploy, a reconnect storm after a failover) fills the SYN queue: new connections are dropped or answered with SYN cookies that lose TCP options.",
};

pub(crate) const RETRIES2: CheckDoc = CheckDoc {
    name: "tcp_retries2",
    reads: "net.ipv4.tcp_retries2, retransmissions before a silent peer is declared dead",
    threshold: "<= 5 (Elasticsearch's recommendation, ~6 s); WARN above (the default 15 is ~15 minutes)",
    fix: "sysctl -w net.ipv4.tcp_retries2=5",
    incident: "A peer that vanishes (a killed VM, a network partition) is noticed only after 15 retransmissions, about 15 minutes: requests hang on a dead connection from a pool long after every timeout you configured in the application would have fired.",
};

pub(crate) const TIME_WAIT: CheckDoc = CheckDoc {
    name: "time_wait",
    reads: "the tw count of /proc/net/sockstat against the ephemeral port range",
    threshold: "< 50% of the local port range; WARN from 50%, FAIL from 90%",
    fix: "reuse connections (one HTTP client with a pool), or sysctl -w net.ipv4.tcp_tw_reuse=1",
    incident: "Thousands of sockets in TIME_WAIT are the footprint of a client built per request: each closed connection holds its port for 60 s until connect() fails with EADDRNOTAVAIL.",
};

/// Width of the ephemeral port range.
pub(crate) fn local_port_range(host: &Host) -> Vec<CheckRow> {
    let outcome = port_range_width(host).map(|(low, high, width)| {
        let status = at_least(width, 10_000, DEFAULT_PORT_RANGE_WIDTH);
        PORT_RANGE
            .row(status, format!("{low}-{high} ({width} ports)"))
            .reading("width", width)
    });
    single(&PORT_RANGE, outcome)
}

/// `(low, high, width)` of `ip_local_port_range`, or garbage naming the file.
fn port_range_width(host: &Host) -> Result<(u64, u64, u64), Problem> {
    let name = "net.ipv4.ip_local_port_range";
    let text = host.sysctl(name)?;
    let mut numbers = text.split_whitespace().map(str::parse::<u64>);
    match (numbers.next(), numbers.next(), numbers.next()) {
        (Some(Ok(low)), Some(Ok(high)), None) if low <= high => {
            Ok((low, high, (high - low).saturating_add(1)))
        }
        _ => Err(Problem::Garbage(format!(
            "{}: expected two ports \"LOW HIGH\", found {text:?}",
            host.path(&sysctl_path(name)).display()
        ))),
    }
}

/// The cap on accept queues.
pub(crate) fn somaxconn(host: &Host) -> Vec<CheckRow> {
    minimum_sysctl(host, &SOMAXCONN, "net.core.somaxconn", 128, 1024)
}

/// The queue of half-open connections.
pub(crate) fn tcp_max_syn_backlog(host: &Host) -> Vec<CheckRow> {
    minimum_sysctl(host, &SYN_BACKLOG, "net.ipv4.tcp_max_syn_backlog", 0, 1024)
}

/// A sysctl graded FAIL below `fail` and WARN below `warn`.
fn minimum_sysctl(host: &Host, doc: &CheckDoc, name: &str, fail: u64, warn: u64) -> Vec<CheckRow> {
    let outcome = host.sysctl_u64(name).map(|value| {
        doc.row(at_least(value, fail, warn), value.to_string())
            .reading("value", value)
    });
    single(doc, outcome)
}

/// How long a dead peer goes unnoticed.
pub(crate) fn tcp_retries2(host: &Host) -> Vec<CheckRow> {
    let outcome = host.sysctl_u64("net.ipv4.tcp_retries2").map(|value| {
        let status = if value <= 5 {
            Status::Pass
        } else {
            Status::Warn
        };
        RETRIES2
            .row(status, value.to_string())
            .reading("value", value)
    });
    single(&RETRIES2, outcome)
}

/// Sockets in TIME_WAIT against the ports they can pin.
pub(crate) fn time_wait(host: &Host) -> Vec<CheckRow> {
    let outcome = time_wait_count(host).map(|count| {
        let ports = port_range_width(host).map_or(DEFAULT_PORT_RANGE_WIDTH, |(_, _, width)| width);
        let (status, percent) = usage(count, ports, 50, 90);
        let value = format!("{count} sockets ({percent}% of {ports} ephemeral ports)");
        let reuse = match host.sysctl("net.ipv4.tcp_tw_reuse").as_deref() {
            Ok("0") => "tcp_tw_reuse=0: outgoing connections never reuse a TIME_WAIT port",
            Ok("1") => "tcp_tw_reuse=1: outgoing connections reuse TIME_WAIT ports",
            Ok("2") => "tcp_tw_reuse=2 (default): only loopback connections reuse TIME_WAIT ports",
            _ => "",
        };
        TIME_WAIT
            .row(status, value)
            .note(reuse)
            .reading("time_wait", count)
    });
    single(&TIME_WAIT, outcome)
}

/// The `tw` field of the `TCP:` line of `/proc/net/sockstat`.
fn time_wait_count(host: &Host) -> Result<u64, Problem> {
    let rel = "/proc/net/sockstat";
    let text = host.read(rel)?;
    key_value(&text, "TCP")
        .and_then(|fields| {
            let words: Vec<&str> = fields.split_whitespace().collect();
            let at = words.iter().position(|w| *w == "tw")?;
            words.get(at + 1)?.parse().ok()
        })
        .ok_or_else(|| {
            Problem::Garbage(format!(
                "{}: no \"TCP: ... tw N\" line",
                host.path(rel).display()
            ))
        })
}
