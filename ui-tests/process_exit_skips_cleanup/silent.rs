// Exits in `main`'s own flow with nothing buffered, flushed or dropped buffers, and look-alikes.
use std::io::{BufWriter, Write};

fn run() -> Result<(), String> {
    Ok(())
}

mod app {
    pub mod process {
        pub fn exit(_code: i32) {}
    }
    pub fn stop() {
        process::exit(1);
    }
}

fn exit(code: i32) -> i32 {
    code
}

fn helper() -> i32 {
    exit(3)
}

fn main() {
    if let Err(err) = run() {
        eprintln!("error: {err}");
        std::process::exit(1);
    }
    let port: u16 = std::env::var("PORT")
        .unwrap_or_default()
        .parse()
        .unwrap_or_else(|err| {
            eprintln!("bad PORT: {err}");
            std::process::exit(2)
        });
    let config = std::fs::read_to_string("app.toml").map_err(|_| std::process::exit(3));
    let (writer, guard) = tracing_appender::non_blocking(std::io::stdout());
    tracing_subscriber::fmt().with_writer(writer).init();
    let mut out = BufWriter::new(std::io::stdout());
    writeln!(out, "{port} {config:?}").unwrap();
    out.flush().unwrap();
    let report = BufWriter::new(std::fs::File::create("report.json").unwrap());
    serde_json::to_writer(report, &port).unwrap();
    let (_nb, _) = tracing_appender::non_blocking(std::io::stderr());
    drop(guard);
    let _ = helper();
    app::stop();
    std::process::exit(0);
}

#[cfg(test)]
mod tests {
    #[test]
    fn exits() {
        std::process::exit(0);
    }
}
