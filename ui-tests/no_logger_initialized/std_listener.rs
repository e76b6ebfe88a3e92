// A plain TCP service: `std::net::TcpListener` accept loop and no logger.
use std::io::Write;
use std::net::TcpListener;

fn main() { //~ no_logger_initialized
    let listener = TcpListener::bind("0.0.0.0:7000").expect("bind");
    for stream in listener.incoming().flatten() {
        let mut stream = stream;
        let _ = stream.write_all(b"hello\n");
        log::debug!("served one");
    }
}
