//! Any bytes as a systemd unit and a drop-in for it.
#![no_main]
use libfuzzer_sys::fuzz_target;
use prodcheck_lints::deploy::{check, DeployFile, DeployKind};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let files = [
        DeployFile {
            path: "app.service".into(),
            kind: DeployKind::Systemd,
            text: text.clone(),
        },
        DeployFile {
            path: "app.service.d/override.conf".into(),
            kind: DeployKind::Systemd,
            text,
        },
    ];
    let _ = check(&files, &[]);
});
