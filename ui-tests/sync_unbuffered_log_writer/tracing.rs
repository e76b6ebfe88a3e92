// tracing-subscriber writers: raw files and rolling appenders without `non_blocking`.
use std::fs::{File, OpenOptions};
use std::sync::{Arc, Mutex};
use tracing_appender::rolling::{self, RollingFileAppender, Rotation};
use tracing_subscriber::fmt;

pub fn raw_file() {
    tracing_subscriber::fmt()
        .with_writer(Mutex::new(File::create("api.log").unwrap())) //~ sync_unbuffered_log_writer
        .init();
}

pub fn opened_file() -> std::io::Result<()> {
    let file = OpenOptions::new().create(true).append(true).open("/var/log/api.log")?;
    fmt().json().with_writer(Arc::new(file)).init(); //~ sync_unbuffered_log_writer
    Ok(())
}

pub fn cloned_per_event() -> std::io::Result<()> {
    let file = File::options().append(true).open("api.log")?;
    let layer = fmt::layer().with_writer(move || file.try_clone().expect("clone")); //~ sync_unbuffered_log_writer
    let _ = layer;
    Ok(())
}

pub fn rolling_direct() {
    tracing_subscriber::fmt()
        .with_writer(rolling::daily("/var/log", "api.log")) //~ sync_unbuffered_log_writer
        .init();
}

pub fn rolling_built() -> Result<(), Box<dyn std::error::Error>> {
    let appender = RollingFileAppender::builder()
        .rotation(Rotation::HOURLY)
        .max_log_files(24)
        .build("/var/log")?;
    fmt().with_writer(appender).init(); //~ sync_unbuffered_log_writer
    Ok(())
}

pub fn non_blocking_is_fine() -> tracing_appender::non_blocking::WorkerGuard {
    let file = File::create("api.log").unwrap();
    let (writer, guard) = tracing_appender::non_blocking(file);
    fmt().with_writer(writer).init();
    guard
}

pub fn console_is_fine() {
    tracing_subscriber::fmt().with_writer(std::io::stderr).init();
    fmt::layer().with_writer(std::io::stdout);
}

pub fn buffered_is_fine() {
    let file = File::create("api.log").unwrap();
    fmt().with_writer(Mutex::new(std::io::BufWriter::new(file))).init();
}

pub fn not_a_logger(file: File) {
    let report = csv::WriterBuilder::new().with_writer(File::create("out.csv").unwrap());
    let _ = (report, file);
}

#[cfg(test)]
mod tests {
    #[test]
    fn logs_to_file() {
        tracing_subscriber::fmt().with_writer(std::sync::Mutex::new(std::fs::File::create("t.log").unwrap())).init();
    }
}
