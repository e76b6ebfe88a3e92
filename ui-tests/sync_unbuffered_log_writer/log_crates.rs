// fern, simplelog, env_logger and flexi_logger writing files synchronously.
use flexi_logger::{FileSpec, Logger, WriteMode};
use log::LevelFilter;
use simplelog::{CombinedLogger, Config, WriteLogger};
use std::fs::File;

pub fn fern_log_file() -> Result<(), fern::InitError> {
    fern::Dispatch::new()
        .level(LevelFilter::Info)
        .chain(std::io::stdout())
        .chain(fern::log_file("api.log")?) //~ sync_unbuffered_log_writer
        .apply()?;
    Ok(())
}

pub fn fern_bound_file() -> Result<(), Box<dyn std::error::Error>> {
    let file = File::create("api.log")?;
    fern::Dispatch::new().chain(file).apply()?; //~ sync_unbuffered_log_writer
    Ok(())
}

pub fn simplelog_write_logger() {
    WriteLogger::init(LevelFilter::Info, Config::default(), File::create("api.log").unwrap()).unwrap(); //~ sync_unbuffered_log_writer
}

pub fn simplelog_combined() -> std::io::Result<()> {
    CombinedLogger::init(vec![
        WriteLogger::new(LevelFilter::Warn, Config::default(), File::create("warn.log")?), //~ sync_unbuffered_log_writer
        WriteLogger::new(LevelFilter::Info, Config::default(), std::io::BufWriter::new(File::create("info.log")?)),
    ])
    .ok();
    Ok(())
}

pub fn env_logger_pipe() {
    let file = File::create("api.log").expect("log file");
    env_logger::Builder::from_default_env()
        .target(env_logger::Target::Pipe(Box::new(file))) //~ sync_unbuffered_log_writer
        .init();
    env_logger::Builder::new().target(env_logger::Target::Stdout).init();
}

pub fn flexi_direct() -> Result<(), Box<dyn std::error::Error>> {
    let _handle = Logger::try_with_str("info")?
        .log_to_file(FileSpec::default().directory("/var/log")) //~ sync_unbuffered_log_writer
        .start()?;
    let _explicit = Logger::try_with_str("info")?
        .log_to_file(FileSpec::default()) //~ sync_unbuffered_log_writer
        .write_mode(WriteMode::Direct)
        .start()?;
    let _buffered = Logger::try_with_str("info")?
        .log_to_file(FileSpec::default())
        .write_mode(WriteMode::BufferAndFlush)
        .start()?;
    let _stderr = Logger::try_with_str("info")?.log_to_stderr().start()?;
    Ok(())
}

pub fn fern_console() -> Result<(), log::SetLoggerError> {
    fern::Dispatch::new().chain(std::io::stderr()).apply()
}

pub fn not_logging() -> std::io::Result<()> {
    use std::io::Write;
    let mut file = File::create("data.csv")?;
    file.write_all(b"a,b\n")
}
