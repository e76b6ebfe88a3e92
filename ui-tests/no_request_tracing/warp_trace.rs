//@ profile: service
// warp's request span filter: silent.
use warp::Filter;

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt().init();
    let routes = warp::path("hello")
        .map(|| { tracing::info!("hit"); "hello" })
        .with(warp::trace::request());
    warp::serve(routes).run(([0, 0, 0, 0], 8080)).await;
}
