//! Any bytes as a Dockerfile (with an entrypoint script beside it): the parser and the
//! deploy rules must never panic or hang.
#![no_main]
use libfuzzer_sys::fuzz_target;
use prodcheck_lints::deploy::{check, DeployFile, DeployKind};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let files = [
        DeployFile {
            path: "Dockerfile".into(),
            kind: DeployKind::Dockerfile,
            text: text.clone(),
        },
        DeployFile {
            path: "entrypoint.sh".into(),
            kind: DeployKind::Script,
            text,
        },
    ];
    let _ = check(&files, &[]);
});
