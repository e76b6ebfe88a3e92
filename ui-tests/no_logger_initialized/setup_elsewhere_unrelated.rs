//@ profile: service
// A `setup` function that configures metrics, not logging: still no logger.
mod setup {
    pub fn metrics() {
        let builder = metrics_exporter_prometheus::PrometheusBuilder::new();
        builder.install().expect("metrics");
    }
}

fn main() { //~ no_logger_initialized
    setup::metrics();
    log::info!("metrics exported");
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let listener = tokio::net::TcpListener::bind("0.0.0.0:9000").await.unwrap();
        axum::serve(listener, axum::Router::new()).await.unwrap();
    });
}
