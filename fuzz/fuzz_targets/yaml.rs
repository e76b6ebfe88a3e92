//! Any bytes as a compose file and as Kubernetes manifests (the first byte picks which
//! one goes first, so both orders of the cross-file joins are exercised).
#![no_main]
use libfuzzer_sys::fuzz_target;
use prodcheck_lints::deploy::{check, DeployFile, DeployKind};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let compose = DeployFile {
        path: "compose.yaml".into(),
        kind: DeployKind::Compose,
        text: text.clone(),
    };
    let k8s = DeployFile {
        path: "deploy/app.yaml".into(),
        kind: DeployKind::Kubernetes,
        text,
    };
    let files = if data.first().is_some_and(|b| b % 2 == 0) {
        [compose, k8s]
    } else {
        [k8s, compose]
    };
    let _ = check(&files, &[]);
});
