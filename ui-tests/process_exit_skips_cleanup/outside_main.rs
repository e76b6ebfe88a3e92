// `process::exit` away from `main` in a package whose logs go through a background
// writer: in helpers, methods, signal handlers, threads and tasks.
use std::process;

fn load_config() -> String {
    match std::fs::read_to_string("/etc/app.toml") {
        Ok(text) => text,
        Err(err) => {
            tracing::error!(%err, "cannot read config");
            std::process::exit(1); //~ process_exit_skips_cleanup
        }
    }
}

mod cli {
    use std::process::exit;

    pub fn die(message: &str) -> ! {
        eprintln!("{message}");
        exit(2) //~ process_exit_skips_cleanup
    }
}

struct Worker;

impl Worker {
    fn stop(&self) {
        process::exit(0); //~ process_exit_skips_cleanup
    }
}

#[tokio::main]
async fn main() {
    let (writer, _guard) = tracing_appender::non_blocking(std::io::stdout());
    tracing_subscriber::fmt().with_writer(writer).init();
    let config = load_config();
    ctrlc::set_handler(|| std::process::exit(130)).expect("handler"); //~ process_exit_skips_cleanup
    std::thread::spawn(move || {
        if config.is_empty() {
            process::exit(3); //~ process_exit_skips_cleanup
        }
    });
    tokio::spawn(async {
        tokio::signal::ctrl_c().await.ok();
        std::process::exit(0); //~ process_exit_skips_cleanup
    });
    Worker.stop();
    cli::die("bye");
}
