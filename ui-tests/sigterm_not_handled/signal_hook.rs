// signal-hook with SIGTERM (consts imported by name) counts as handling it.
use signal_hook::consts::{SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

fn main() -> std::io::Result<()> {
    let listener = std::net::TcpListener::bind("0.0.0.0:7000")?;
    let mut signals = Signals::new([SIGINT, SIGTERM])?;
    std::thread::spawn(move || for _ in signals.forever() { std::process::exit(0) });
    ctrlc::set_handler(|| {}).expect("handler");
    for stream in listener.incoming() {
        drop(stream);
    }
    Ok(())
}
