//@ profile: service
// SIGTERM through libc or nix, in another function of the file.
fn install() {
    unsafe { libc::signal(libc::SIGTERM, handler as libc::sighandler_t) };
}

extern "C" fn handler(_: libc::c_int) {}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    install();
    tokio::signal::ctrl_c().await
}
