// In `main`, an exit while a buffered writer or a log guard is alive loses its content.
use std::io::{BufWriter, Write};
use std::process::exit;

fn main() {
    let (writer, _guard) = tracing_appender::non_blocking(std::io::stdout());
    tracing_subscriber::fmt().with_writer(writer).init();
    let mut out = BufWriter::new(std::io::stdout().lock());
    writeln!(out, "report").unwrap();
    if std::env::args().count() > 3 {
        exit(2); //~ process_exit_skips_cleanup
    }
    out.flush().unwrap();
    if std::env::args().count() > 2 {
        tracing::error!("too many arguments");
        std::process::exit(1); //~ process_exit_skips_cleanup
    }
    drop(_guard);
    std::process::exit(0);
}
