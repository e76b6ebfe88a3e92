// Blocking calls on the executor thread.
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

pub async fn sleeps() {
    thread::sleep(Duration::from_millis(100)); //~ blocking_call_in_async
}

pub async fn reads_config(path: &str) -> std::io::Result<String> {
    std::fs::read_to_string(path) //~ blocking_call_in_async
}

pub async fn writes_file(body: Vec<u8>) -> std::io::Result<()> {
    use std::fs;
    fs::write("/var/lib/app/out.bin", body) //~ blocking_call_in_async
}

pub async fn copies_file() -> std::io::Result<u64> {
    std::fs::copy("/var/lib/app/in.bin", "/var/lib/app/out.bin") //~ blocking_call_in_async
}

pub async fn blocking_http(url: &str) -> reqwest::Result<String> {
    reqwest::blocking::get(url)?.text() //~ blocking_call_in_async
}

pub async fn std_net(addr: &str) -> std::io::Result<std::net::TcpStream> {
    std::net::TcpStream::connect(addr) //~ blocking_call_in_async tcp_connect_without_timeout
}

pub async fn ureq_in_async(url: &str) -> Result<String, Box<dyn std::error::Error>> {
    Ok(ureq::get(url).timeout(Duration::from_secs(5)).call()?.into_string()?) //~ blocking_call_in_async
}

pub async fn process(cmd: &str) -> std::io::Result<std::process::Output> {
    std::process::Command::new(cmd).arg("--version").output() //~ blocking_call_in_async
}

pub fn in_async_block() {
    tokio::spawn(async {
        std::thread::sleep(Duration::from_secs(1)); //~ blocking_call_in_async
    });
}

pub async fn in_iterator_closure(paths: Vec<String>) -> Vec<String> {
    paths.iter().filter_map(|p| std::fs::read_to_string(p).ok()).collect() //~ blocking_call_in_async
}

pub async fn guard_across_await(state: Arc<Mutex<Vec<String>>>, client: reqwest::Client) {
    let mut jobs = state.lock().unwrap(); //~ blocking_call_in_async
    let job = jobs.pop();
    let _ = client.get(job.unwrap_or_default()).timeout(Duration::from_secs(1)).send().await;
}

pub struct Handler;

impl Handler {
    pub async fn handle(&self) {
        futures::executor::block_on(async {}); //~ blocking_call_in_async
    }
}

pub async fn after_the_server_started(listener: tokio::net::TcpListener, app: axum::Router) {
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    std::thread::sleep(Duration::from_secs(1)); //~ blocking_call_in_async
    drop(server);
}
