//! `cargo prodcheck`: flags the pitfalls that hurt Rust services in production.

use clap::Parser;

/// The subcommands this binary knows so far.
#[derive(Parser)]
#[command(name = "cargo-prodcheck")]
enum Command {
    /// Check the machine a service runs on
    Host(cargo_prodcheck::host::HostArgs),
}

fn main() {
    // cargo runs `cargo-prodcheck prodcheck ARGS`; a direct call has no `prodcheck`.
    let mut args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if args.get(1).is_some_and(|arg| arg == "prodcheck") {
        args.remove(1);
    }
    let code = match Command::parse_from(args) {
        Command::Host(host) => cargo_prodcheck::host::run(&host),
    };
    std::process::exit(code);
}
