// The logger is installed by a function of the crate; the banner after it is said once,
// the prints of the connection loop (and of what it calls) run per connection.
mod telemetry {
    pub fn init() {
        env_logger::Builder::from_default_env().init();
    }
}

fn banner() {}

fn main() {
    println!("before any init");
    banner();
    eprintln!("after banner, logger still not installed");
    telemetry::init();
    println!("after the logger");
    let listener = std::net::TcpListener::bind("0.0.0.0:9000").unwrap();
    for stream in listener.incoming() {
        println!("connection"); //~ print_in_service
        serve(stream.is_ok());
    }
}

fn serve(ok: bool) {
    eprintln!("served ok={ok}"); //~ print_in_service
    banner();
}
