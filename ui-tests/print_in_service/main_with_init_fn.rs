// The logger is installed by a function of the crate; prints after its call fire.
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
    println!("after the logger"); //~ print_in_service
    let listener = std::net::TcpListener::bind("0.0.0.0:9000").unwrap();
    for stream in listener.incoming() {
        drop(stream);
    }
}
