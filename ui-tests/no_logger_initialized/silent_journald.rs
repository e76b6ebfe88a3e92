//@ profile: service
// systemd-journal-logger installed through its builder.
use systemd_journal_logger::JournalLog;

fn main() {
    JournalLog::new().unwrap().install().unwrap();
    log::set_max_level(log::LevelFilter::Info);
    let listener = std::net::TcpListener::bind("0.0.0.0:8000").unwrap();
    drop(listener);
}
