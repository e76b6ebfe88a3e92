// A tower ServiceBuilder with a timeout, for warp and hyper.
use std::time::Duration;

pub async fn rest(routes: warp::filters::BoxedFilter<(String,)>) {
    warp::serve(routes).run(([0, 0, 0, 0], 8080)).await;
}

pub fn stack() -> tower::ServiceBuilder<tower::layer::util::Identity> {
    let builder = tower::ServiceBuilder::new();
    builder.timeout(Duration::from_secs(15));
    tower::ServiceBuilder::new()
}
