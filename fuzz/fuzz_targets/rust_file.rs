//! Any bytes as a Rust file, through every rule: the file-level engine must never panic.
//! libFuzzer's threads have small stacks; the driver checks files on 256 MiB stacks, so
//! this does too.
#![no_main]
use libfuzzer_sys::fuzz_target;
use prodcheck_lints::context::PackageInfo;
use prodcheck_lints::{check_rust_file, RustFile};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let package = PackageInfo::default();
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(256 * 1024 * 1024)
            .spawn_scoped(scope, || {
                check_rust_file(&RustFile {
                    path: "src/fuzz.rs",
                    text,
                    package: &package,
                    is_bin_root: data.len() % 2 == 0,
                    rules: prodcheck_lints::rust::RULES,
                    timings: false,
                })
            })
            .expect("spawn")
            .join()
            .expect("no panic");
    });
});
