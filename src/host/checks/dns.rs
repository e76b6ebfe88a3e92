//! DNS: the resolver configuration, and whether the names the service needs resolve.

use crate::host::live::{self, Family};
use crate::host::procfs::Host;
use crate::host::row::{CheckDoc, CheckRow, Problem, Status};
use std::path::Path;
use std::time::{Duration, Instant};

/// A lookup slower than this has hit a resolver timeout or a far nameserver.
const SLOW_LOOKUP: Duration = Duration::from_secs(1);

pub(crate) const RESOLV_CONF: CheckDoc = CheckDoc {
    name: "resolv_conf",
    reads: "/etc/resolv.conf: nameserver lines and the timeout, attempts and ndots options",
    threshold: "1 to 3 nameservers, timeout <= 5 s, worst-case lookup (timeout x attempts x nameservers) <= 30 s, ndots <= 2; WARN otherwise (lynis NAME-4016..4028)",
    fix: "nameserver lines for reachable resolvers and `options timeout:2 attempts:2 ndots:1` (Kubernetes: dnsConfig.options)",
    incident: "DNS is the hidden dependency of every outbound call: with no nameserver glibc silently asks 127.0.0.1; with ndots:5 (the Kubernetes default) every external name first tries each search domain, five queries per lookup; and a dead first nameserver adds its timeout to every request.",
};

pub(crate) const RESOLVE: CheckDoc = CheckDoc {
    name: "dns_resolve",
    reads: "getaddrinfo of each --resolve HOST, once for IPv4 (AF_INET) and once for IPv6 (AF_INET6), timed",
    threshold: "resolves in < 1 s; WARN when slower, INFO when only one family has addresses, FAIL when neither resolves",
    fix: "fix the records or the resolver (see resolv_conf); pin the address family the service uses",
    incident: "A name that resolves on the developer's laptop but not on the host (split-horizon DNS, a missing AAAA record with an IPv6-first client, a resolver that times out before answering) fails every outbound call at start-up or, worse, adds seconds to each one.",
};

/// What `/etc/resolv.conf` says, with the glibc defaults for absent options.
#[derive(Debug, PartialEq, Eq)]
struct ResolvConf {
    nameservers: u64,
    timeout: u64,
    attempts: u64,
    ndots: u64,
}

/// The resolver configuration, graded.
pub(crate) fn resolv_conf(host: &Host) -> Vec<CheckRow> {
    let rel = "/etc/resolv.conf";
    let outcome = host.read(rel).and_then(|text| {
        parse_resolv_conf(&text)
            .map_err(|why| Problem::Garbage(format!("{}: {why}", host.path(rel).display())))
            .map(|conf| grade_resolv_conf(conf, &host.path(rel)))
    });
    vec![RESOLV_CONF.finish("", outcome)]
}

/// Parses nameserver and options lines; an option with a non-numeric value is an error.
fn parse_resolv_conf(text: &str) -> Result<ResolvConf, String> {
    let mut conf = ResolvConf {
        nameservers: 0,
        timeout: 5,
        attempts: 2,
        ndots: 1,
    };
    for line in text.lines().map(str::trim) {
        let mut words = line.split_whitespace();
        match words.next() {
            Some("nameserver") => conf.nameservers += 1,
            Some("options") => words.try_for_each(|option| apply_option(&mut conf, option))?,
            _ => {}
        }
    }
    Ok(conf)
}

/// Applies one `name:value` option that the checklist grades.
fn apply_option(conf: &mut ResolvConf, option: &str) -> Result<(), String> {
    let Some((name, value)) = option.split_once(':') else {
        return Ok(());
    };
    let slot = match name {
        "timeout" => &mut conf.timeout,
        "attempts" => &mut conf.attempts,
        "ndots" => &mut conf.ndots,
        _ => return Ok(()),
    };
    *slot = value
        .parse()
        .map_err(|_| format!("option {option:?} needs a number"))?;
    Ok(())
}

/// What is wrong with a resolver configuration, one sentence per problem.
fn resolv_conf_problems(conf: &ResolvConf) -> Vec<String> {
    let worst_case = (conf.timeout)
        .saturating_mul(conf.attempts)
        .saturating_mul(conf.nameservers.clamp(1, 3));
    let mut problems = Vec::new();
    if conf.nameservers == 0 {
        problems.push("no nameserver: glibc falls back to 127.0.0.1".to_string());
    }
    if conf.nameservers > 3 {
        problems.push(format!(
            "{} nameservers: glibc uses only the first 3",
            conf.nameservers
        ));
    }
    if conf.timeout > 5 {
        problems.push(format!(
            "timeout {} s is above the 5 s default",
            conf.timeout
        ));
    }
    if worst_case > 30 {
        problems.push(format!("a failing lookup takes up to {worst_case} s"));
    }
    if conf.ndots > 2 {
        let why = "names with fewer dots try every search domain first";
        problems.push(format!("ndots {}: {why}", conf.ndots));
    }
    problems
}

/// The row: WARN with every problem named in the note.
fn grade_resolv_conf(conf: ResolvConf, file: &Path) -> CheckRow {
    let problems = resolv_conf_problems(&conf);
    let status = if problems.is_empty() {
        Status::Pass
    } else {
        Status::Warn
    };
    let value = format!(
        "{} nameservers, timeout {} s, attempts {}, ndots {}",
        conf.nameservers, conf.timeout, conf.attempts, conf.ndots
    );
    let note = if problems.is_empty() {
        String::new()
    } else {
        format!("{}: {}", file.display(), problems.join("; "))
    };
    RESOLV_CONF
        .row(status, value)
        .note(note)
        .reading("nameservers", conf.nameservers)
}

/// Resolution of each `--resolve` name over IPv4 and IPv6, timed.
pub(crate) fn dns_resolve(host: &Host) -> Vec<CheckRow> {
    let names = &host.options.resolve;
    if names.is_empty() {
        let why =
            Problem::NotApplicable("pass --resolve HOST for the names the service needs".into());
        return vec![RESOLVE.finish("", Err(why))];
    }
    if !host.is_live() {
        let why = "name resolution runs only on the live host (--root is not /)";
        return names
            .iter()
            .map(|name| RESOLVE.finish(name, Err(Problem::NotApplicable(why.into()))))
            .collect();
    }
    names.iter().flat_map(|name| resolve_both(name)).collect()
}

/// The IPv4 and IPv6 rows of one name, graded together (one missing family is context).
fn resolve_both(name: &str) -> Vec<CheckRow> {
    let lookups = [("IPv4", Family::V4), ("IPv6", Family::V6)].map(|(label, family)| {
        let started = Instant::now();
        let result = live::resolve(name, family);
        (label, result, started.elapsed())
    });
    let any_resolved = lookups
        .iter()
        .any(|(_, result, _)| result.as_ref().is_ok_and(|a| !a.is_empty()));
    lookups
        .into_iter()
        .map(|(label, result, elapsed)| {
            let ms = u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX);
            let row = match result {
                Ok(addresses) if !addresses.is_empty() => {
                    let status = if elapsed >= SLOW_LOOKUP {
                        Status::Warn
                    } else {
                        Status::Pass
                    };
                    let shown: Vec<String> = addresses.iter().map(ToString::to_string).collect();
                    RESOLVE.row(status, format!("{} in {ms} ms", shown.join(", ")))
                }
                Ok(_) => RESOLVE.row(
                    lookup_failed(any_resolved),
                    format!("no address in {ms} ms"),
                ),
                Err(why) => RESOLVE.row(lookup_failed(any_resolved), format!("{why} in {ms} ms")),
            };
            row.subject(format!("{name} {label}"))
                .reading("elapsed_ms", ms)
        })
        .collect()
}

/// A family that does not resolve: context when the other family does, FAIL otherwise.
fn lookup_failed(other_family_resolved: bool) -> Status {
    if other_family_resolved {
        Status::Info
    } else {
        Status::Fail
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolv_conf_defaults_and_options() {
        let conf = parse_resolv_conf(
            "# c\nnameserver 10.0.0.1\nsearch a.b\noptions ndots:5 timeout:2 rotate\n",
        );
        assert_eq!(
            conf,
            Ok(ResolvConf {
                nameservers: 1,
                timeout: 2,
                attempts: 2,
                ndots: 5
            })
        );
        assert!(parse_resolv_conf("options timeout:soon").is_err());
    }

    #[test]
    fn a_kubernetes_ndots_warns_and_names_the_reason() {
        let row = grade_resolv_conf(
            ResolvConf {
                nameservers: 1,
                timeout: 5,
                attempts: 2,
                ndots: 5,
            },
            Path::new("/etc/resolv.conf"),
        );
        assert_eq!(row.status, Status::Warn);
        assert!(row.note.starts_with("/etc/resolv.conf: "), "{}", row.note);
        assert!(row.note.contains("ndots 5"), "{}", row.note);
        let row = grade_resolv_conf(
            ResolvConf {
                nameservers: 2,
                timeout: 2,
                attempts: 2,
                ndots: 1,
            },
            Path::new("/etc/resolv.conf"),
        );
        assert_eq!(row.status, Status::Pass);
    }
}
