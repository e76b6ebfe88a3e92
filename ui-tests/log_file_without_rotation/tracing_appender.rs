// tracing-appender: appenders that never rotate, and plain files behind non_blocking.
use std::fs::{File, OpenOptions};
use tracing_appender::rolling::{self, RollingFileAppender, Rotation};

pub fn never() -> tracing_appender::non_blocking::WorkerGuard {
    let appender = tracing_appender::rolling::never("/var/log", "api.log"); //~ log_file_without_rotation
    let (writer, guard) = tracing_appender::non_blocking(appender);
    tracing_subscriber::fmt().with_writer(writer).init();
    guard
}

pub fn never_via_new() -> RollingFileAppender {
    RollingFileAppender::new(Rotation::NEVER, "/var/log", "api.log") //~ log_file_without_rotation
}

pub fn builder_without_rotation() -> Result<RollingFileAppender, tracing_appender::rolling::InitError> {
    RollingFileAppender::builder()
        .filename_prefix("api")
        .build("/var/log") //~ log_file_without_rotation
}

pub fn builder_never() -> Result<RollingFileAppender, tracing_appender::rolling::InitError> {
    RollingFileAppender::builder()
        .rotation(Rotation::NEVER)
        .build("/var/log") //~ log_file_without_rotation
}

pub fn plain_file_non_blocking() -> tracing_appender::non_blocking::WorkerGuard {
    let file = OpenOptions::new().create(true).append(true).open("/var/log/api.log").unwrap();
    let (writer, guard) = tracing_appender::non_blocking(file); //~ log_file_without_rotation
    tracing_subscriber::fmt().with_writer(writer).init();
    guard
}

pub fn plain_file_direct() {
    let file = File::create("api.log").expect("log file");
    tracing_subscriber::fmt().with_writer(std::sync::Mutex::new(file)).init(); //~ log_file_without_rotation
}

pub fn daily_is_rotated() -> tracing_appender::non_blocking::WorkerGuard {
    let (writer, guard) = tracing_appender::non_blocking(rolling::daily("/var/log", "api.log"));
    tracing_subscriber::fmt().with_writer(writer).init();
    guard
}

pub fn capped_builder() -> Result<RollingFileAppender, tracing_appender::rolling::InitError> {
    RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .max_log_files(7)
        .build("/var/log")
}

pub fn stdout_under_a_supervisor() {
    tracing_subscriber::fmt().with_writer(std::io::stdout).init();
}

pub fn journald() {
    use tracing_subscriber::prelude::*;
    tracing_subscriber::registry().with(tracing_journald::layer().unwrap()).init();
}

pub fn data_file_is_not_a_log() -> std::io::Result<()> {
    use std::io::Write;
    let mut file = File::create("export.csv")?;
    file.write_all(b"id,name\n")
}

pub fn other_builder_build() -> reqwest::Client {
    reqwest::Client::builder().build().unwrap()
}

#[cfg(test)]
mod tests {
    #[test]
    fn appender() {
        let _ = tracing_appender::rolling::never("/tmp", "test.log");
    }
}
