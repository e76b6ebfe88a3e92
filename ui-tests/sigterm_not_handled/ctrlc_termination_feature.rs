//@ dep: ctrlc termination
// ctrlc built with its `termination` feature also handles SIGTERM.
fn main() {
    let listener = std::net::TcpListener::bind("0.0.0.0:7000").unwrap();
    ctrlc::set_handler(|| std::process::exit(0)).unwrap();
    tokio::runtime::Runtime::new().unwrap().block_on(async { tokio::signal::ctrl_c().await.ok() });
    drop(listener);
}
