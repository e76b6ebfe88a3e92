// fern, simplelog, log4rs, flexi_logger, env_logger and slog appending to one file.
use flexi_logger::{Cleanup, Criterion, FileSpec, Logger, Naming};
use log::LevelFilter;
use log4rs::append::file::FileAppender;
use log4rs::append::rolling_file::RollingFileAppender;
use log4rs::encode::pattern::PatternEncoder;
use simplelog::{Config, WriteLogger};
use std::fs::File;

pub fn fern_file() -> Result<(), fern::InitError> {
    fern::Dispatch::new()
        .chain(std::io::stdout())
        .chain(fern::log_file("/var/log/api.log")?) //~ log_file_without_rotation
        .apply()?;
    Ok(())
}

pub fn simplelog_file() {
    let _ = WriteLogger::init(LevelFilter::Info, Config::default(), File::create("api.log").unwrap()); //~ log_file_without_rotation
}

pub fn log4rs_file() -> Result<FileAppender, std::io::Error> {
    FileAppender::builder()
        .encoder(Box::new(PatternEncoder::new("{d} {l} {m}{n}")))
        .build("log/api.log") //~ log_file_without_rotation
}

pub fn log4rs_rolling(policy: log4rs::append::rolling_file::policy::compound::CompoundPolicy) -> std::io::Result<RollingFileAppender> {
    RollingFileAppender::builder().build("log/api.log", Box::new(policy))
}

pub fn flexi_file() -> Result<(), Box<dyn std::error::Error>> {
    let _handle = Logger::try_with_str("info")?
        .log_to_file(FileSpec::default()) //~ log_file_without_rotation
        .start()?;
    let _rotated = Logger::try_with_str("info")?
        .log_to_file(FileSpec::default())
        .rotate(Criterion::Size(10_000_000), Naming::Numbers, Cleanup::KeepLogFiles(7))
        .start()?;
    Ok(())
}

pub fn env_logger_file() {
    let file = File::create("api.log").unwrap();
    env_logger::Builder::new().target(env_logger::Target::Pipe(Box::new(file))).init(); //~ log_file_without_rotation
}

pub fn slog_file() {
    let file = std::fs::OpenOptions::new().append(true).create(true).open("api.log").unwrap();
    let decorator = slog_term::PlainSyncDecorator::new(file); //~ log_file_without_rotation
    let _ = decorator;
}

pub fn console_only() -> Result<(), fern::InitError> {
    fern::Dispatch::new().chain(std::io::stderr()).apply()?;
    simplelog::TermLogger::init(LevelFilter::Info, Config::default(), simplelog::TerminalMode::Mixed, simplelog::ColorChoice::Auto).ok();
    Ok(())
}
