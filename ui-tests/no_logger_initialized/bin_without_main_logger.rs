//@ profile: service
// `fn main` of a second binary in a service package with no init anywhere.
async fn run() {
    tracing::info!("serving on 3030");
    let app = warp::any().map(|| "ok");
    warp::serve(app).run(([0, 0, 0, 0], 3030)).await;
}

#[tokio::main(flavor = "current_thread")]
async fn main() { //~ no_logger_initialized
    run().await;
}
