//@ profile: service
// rumqttd: the bridge runs on its own thread with its own current-thread runtime, and is
// the only task there; blocking in it holds up no other task.
use std::thread;

pub fn start_bridge(config: String) {
    thread::Builder::new()
        .name("bridge".into())
        .spawn(move || {
            let mut runtime = tokio::runtime::Builder::new_current_thread();
            let runtime = runtime.enable_all().build().unwrap();
            runtime.block_on(async move {
                let _ = bridge_start(config).await;
            });
        })
        .unwrap();
}

async fn bridge_start(config: String) -> std::io::Result<()> {
    loop {
        let tls = tls_connect(&config).await?;
        drop(tls);
    }
}

async fn tls_connect(ca_file: &str) -> std::io::Result<Vec<u8>> {
    let ca = std::fs::read(ca_file)?;
    Ok(ca)
}

// A multi-thread runtime serves many tasks: blocking there still starves them.
pub fn start_workers(path: String) {
    thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async move {
            load_all(&path).await;
        });
    });
}

async fn load_all(path: &str) {
    let text = std::fs::read_to_string(path); //~ blocking_call_in_async
    drop(text);
}

// Run on a dedicated runtime, but also from a request handler: the handler's runtime
// is shared.
pub fn start_reloader(path: String) {
    thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(reload(path));
    });
}

async fn reload(path: String) {
    let _ = std::fs::read(&path); //~ blocking_call_in_async
}

pub async fn reload_handler(axum::extract::Path(path): axum::extract::Path<String>) -> &'static str {
    reload(path).await;
    "ok"
}

#[tokio::main]
async fn main() {
    start_bridge(String::new());
    start_workers(String::new());
    start_reloader(String::new());
    let app = axum::Router::new().route("/reload/:path", axum::routing::post(reload_handler));
    let listener = tokio::net::TcpListener::bind("0.0.0.0:8080").await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
