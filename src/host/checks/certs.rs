//! TLS certificates: expiry of each `--cert` file (PEM, a whole chain too, or DER).

use crate::host::procfs::Host;
use crate::host::row::{CheckDoc, CheckRow, Problem, Status};
use std::time::{SystemTime, UNIX_EPOCH};
use x509_parser::pem::Pem;

const SECONDS_PER_DAY: i64 = 86_400;

pub(crate) const CERT_EXPIRY: CheckDoc = CheckDoc {
    name: "cert_expiry",
    reads: "notBefore/notAfter of every certificate in each --cert FILE (PEM chains or DER), read as given, not under --root",
    threshold: "valid for more than --cert-days days (default 30); WARN within them, FAIL when expired or not yet valid",
    fix: "renew the certificate (certbot renew, or your CA's tooling) and reload the service",
    incident: "Expired certificates take whole services down at a moment nobody chose: clients refuse the handshake, and an expired intermediate in the chain does it even when the leaf is fresh. Renewal jobs fail silently for months before.",
};

/// One parsed certificate: who it is for and its validity window (Unix seconds).
struct CertWindow {
    subject: String,
    not_before: i64,
    not_after: i64,
}

/// The expiry rows of every `--cert` file.
pub(crate) fn cert_expiry(host: &Host) -> Vec<CheckRow> {
    let files = &host.options.certs;
    if files.is_empty() {
        let why = Problem::NotApplicable(
            "pass --cert FILE for the certificates the service serves".into(),
        );
        return vec![CERT_EXPIRY.finish("", Err(why))];
    }
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    files
        .iter()
        .map(|file| {
            let outcome =
                read_certificates(file).map(|certs| grade(&certs, now, host.options.cert_days));
            CERT_EXPIRY.finish(&file.display().to_string(), outcome)
        })
        .collect()
}

/// Every certificate of a PEM file (or a single DER one); an unreadable file is a
/// WARN naming it, since the user asked about that file.
fn read_certificates(file: &std::path::Path) -> Result<Vec<CertWindow>, Problem> {
    let bytes = std::fs::read(file)
        .map_err(|e| Problem::Garbage(format!("cannot read {}: {e}", file.display())))?;
    let garbage = |why: String| Problem::Garbage(format!("{}: {why}", file.display()));
    let pems: Vec<Pem> = Pem::iter_from_buffer(&bytes)
        .collect::<Result<_, _>>()
        .map_err(|e| garbage(format!("bad PEM: {e}")))?;
    let ders: Vec<&[u8]> = if pems.is_empty() {
        vec![bytes.as_slice()]
    } else {
        pems.iter()
            .filter(|p| p.label == "CERTIFICATE")
            .map(|p| p.contents.as_slice())
            .collect()
    };
    if ders.is_empty() {
        return Err(garbage("no CERTIFICATE block".into()));
    }
    ders.into_iter()
        .map(|der| {
            let (_, cert) = x509_parser::parse_x509_certificate(der)
                .map_err(|e| garbage(format!("not an X.509 certificate: {e}")))?;
            let validity = cert.validity();
            Ok(CertWindow {
                subject: cert.subject().to_string(),
                not_before: validity.not_before.timestamp(),
                not_after: validity.not_after.timestamp(),
            })
        })
        .collect()
}

/// Grades a chain by the certificate that expires first (or is not yet valid).
fn grade(certs: &[CertWindow], now: i64, warn_days: u64) -> CheckRow {
    let Some(first) = certs.iter().min_by_key(|c| c.not_after) else {
        return CERT_EXPIRY.row(Status::Warn, "no certificate");
    };
    let days_left = (first.not_after - now).div_euclid(SECONDS_PER_DAY);
    let early = certs.iter().find(|c| c.not_before > now);
    let status = if first.not_after <= now || early.is_some() {
        Status::Fail
    } else if days_left < i64::try_from(warn_days).unwrap_or(i64::MAX) {
        Status::Warn
    } else {
        Status::Pass
    };
    let when = if first.not_after <= now {
        format!("expired {} days ago", -days_left)
    } else {
        format!("expires in {days_left} days")
    };
    let value = format!(
        "{} cert(s); first to expire: {} {when}",
        certs.len(),
        subject_or_empty(&first.subject)
    );
    let mut row = CERT_EXPIRY
        .row(status, value)
        .threshold(format!("> {warn_days} days left"));
    if let Some(early) = early {
        row = row.note(format!(
            "{} is not valid yet",
            subject_or_empty(&early.subject)
        ));
    }
    row.reading("days_left", u64::try_from(days_left).unwrap_or(0))
        .reading("certificates", certs.len() as u64)
}

/// The subject, or a placeholder for certificates with an empty one.
fn subject_or_empty(subject: &str) -> &str {
    if subject.is_empty() {
        "(empty subject)"
    } else {
        subject
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn window(not_before: i64, not_after: i64) -> CertWindow {
        CertWindow {
            subject: "CN=t".into(),
            not_before,
            not_after,
        }
    }

    #[test]
    fn the_first_expiry_of_a_chain_decides() {
        let now = 1_000 * SECONDS_PER_DAY;
        let chain = [
            window(0, now + 400 * SECONDS_PER_DAY),
            window(0, now + 10 * SECONDS_PER_DAY),
        ];
        let row = grade(&chain, now, 30);
        assert_eq!(row.status, Status::Warn);
        assert_eq!(row.readings.get("days_left"), Some(&10));
        assert_eq!(grade(&chain[..1], now, 30).status, Status::Pass);
        assert_eq!(
            grade(&[window(0, now - SECONDS_PER_DAY)], now, 30).status,
            Status::Fail
        );
        assert_eq!(
            grade(&[window(now + 5, now + 500 * SECONDS_PER_DAY)], now, 30).status,
            Status::Fail
        );
    }
}
