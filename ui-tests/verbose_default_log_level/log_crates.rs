//@ profile: service
// env_logger, fern, simplelog, flexi_logger, log4rs and log with debug/trace defaults.
use env_logger::Env;
use log::LevelFilter;

pub fn env_default() {
    env_logger::Builder::from_env(Env::default().default_filter_or("debug")).init(); //~ verbose_default_log_level
}

pub fn filter_level() {
    env_logger::Builder::new().filter_level(LevelFilter::Trace).init(); //~ verbose_default_log_level
}

pub fn filter_none() {
    env_logger::builder().filter(None, LevelFilter::Debug).init(); //~ verbose_default_log_level
}

pub fn filter_module_is_fine() {
    env_logger::builder().filter(Some("sqlx"), LevelFilter::Debug).init();
    env_logger::Builder::from_env(Env::default().default_filter_or("info")).init();
}

pub fn fern_level() -> Result<(), log::SetLoggerError> {
    fern::Dispatch::new()
        .level(LevelFilter::Debug) //~ verbose_default_log_level
        .level_for("my_service", LevelFilter::Trace)
        .chain(std::io::stdout())
        .apply()
}

pub fn fern_level_for_is_fine() -> Result<(), log::SetLoggerError> {
    fern::Dispatch::new()
        .level(LevelFilter::Info)
        .level_for("my_service", LevelFilter::Debug)
        .chain(std::io::stdout())
        .apply()
}

pub fn simplelog() {
    simplelog::TermLogger::init(
        simplelog::LevelFilter::Debug, //~ verbose_default_log_level
        simplelog::Config::default(),
        simplelog::TerminalMode::Mixed,
        simplelog::ColorChoice::Auto,
    )
    .unwrap();
}

pub fn flexi() -> Result<(), flexi_logger::FlexiLoggerError> {
    let _handle = flexi_logger::Logger::try_with_env_or_str("debug, hyper = info")?.start()?; //~ verbose_default_log_level
    let _ok = flexi_logger::Logger::try_with_env_or_str("info")?.start()?;
    Ok(())
}

pub fn log_max_level() {
    log::set_max_level(LevelFilter::Trace); //~ verbose_default_log_level
    log::set_max_level(LevelFilter::Warn);
}

pub fn log4rs_root() -> log4rs::config::Root {
    log4rs::config::Root::builder()
        .appender("stdout")
        .build(LevelFilter::Debug) //~ verbose_default_log_level
}

pub fn configured(level: LevelFilter) {
    env_logger::Builder::new().filter_level(level).init();
}
