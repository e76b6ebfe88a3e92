// Growing, jittered or strategy-driven delays, and loops that are not retries.
use rand::Rng;
use std::time::Duration;
use tokio::time::sleep;

pub async fn exponential(client: &reqwest::Client, url: &str) -> Option<String> {
    for attempt in 0..5u32 {
        if let Ok(r) = client.get(url).send().await {
            return r.text().await.ok();
        }
        sleep(Duration::from_millis(100 * 2u64.pow(attempt))).await;
    }
    None
}

pub async fn doubling_variable(client: &reqwest::Client, url: &str) -> bool {
    let mut delay = Duration::from_millis(100);
    for _ in 0..5 {
        match client.get(url).send().await {
            Ok(_) => return true,
            Err(_) => {
                sleep(delay).await;
                delay *= 2;
            }
        }
    }
    false
}

pub async fn jittered(client: &reqwest::Client, url: &str) -> bool {
    for _ in 0..5 {
        if client.get(url).send().await.is_ok() {
            return true;
        }
        let jitter = rand::thread_rng().gen_range(0..250);
        sleep(Duration::from_millis(500 + jitter)).await;
    }
    false
}

pub async fn helper_backoff(client: &reqwest::Client, url: &str) -> bool {
    for attempt in 0..5 {
        if client.get(url).send().await.is_ok() {
            return true;
        }
        backoff_for(attempt).await;
    }
    false
}

pub async fn strategy_iterator(client: &reqwest::Client, url: &str) -> bool {
    let strategy = tokio_retry::strategy::ExponentialBackoff::from_millis(10).take(5);
    for delay in strategy {
        if client.get(url).send().await.is_ok() {
            return true;
        }
        sleep(delay).await;
    }
    false
}

pub fn linear_in_attempt(addr: &str) -> Option<std::net::TcpStream> {
    for attempt in 1..=3u32 {
        if let Ok(s) = std::net::TcpStream::connect_timeout(&addr.parse().ok()?, Duration::from_secs(1)) {
            return Some(s);
        }
        std::thread::sleep(Duration::from_millis(200) * attempt);
    }
    None
}

pub async fn poll_with_interval(mut interval: tokio::time::Interval, client: &reqwest::Client, url: &str) {
    for _ in 0..10 {
        if client.get(url).send().await.is_ok() {
            break;
        }
        interval.tick().await;
    }
}

pub async fn not_a_retry(items: Vec<String>, client: &reqwest::Client) {
    for item in items {
        match client.post(&item).send().await {
            Ok(_) => tracing::info!("sent"),
            Err(e) => tracing::warn!("failed: {e}"),
        }
    }
}

pub fn failover(addrs: &[std::net::SocketAddr]) -> Option<std::net::TcpStream> {
    for addr in addrs {
        if let Ok(s) = std::net::TcpStream::connect_timeout(addr, Duration::from_secs(1)) {
            return Some(s);
        }
    }
    None
}

pub async fn crate_policy(url: &str) -> anyhow::Result<String> {
    use backon::{ExponentialBuilder, Retryable};
    let fetch = || async { Ok::<_, anyhow::Error>(url.to_string()) };
    fetch.retry(ExponentialBuilder::default().with_jitter()).await
}

async fn backoff_for(attempt: u32) {
    sleep(Duration::from_millis(100 << attempt)).await;
}

pub async fn random_port_search(range: std::ops::Range<u16>) -> Option<tokio::net::TcpListener> {
    for _ in 0..150 {
        let port = fastrand::u16(range.clone());
        match tokio::net::TcpListener::bind(("0.0.0.0", port)).await {
            Ok(listener) => return Some(listener),
            Err(_) => continue,
        }
    }
    None
}

pub async fn schedule_kept_by_the_callee(connector: &mut Connector) -> Result<u32, ConnectError> {
    loop {
        match connector.try_connect().await {
            Ok(conn) => return Ok(conn),
            Err(ConnectError::MaxReconnects) => return Err(ConnectError::MaxReconnects),
            Err(_) => tracing::warn!("reconnecting"),
        }
    }
}

pub struct Connector;
impl Connector {
    async fn try_connect(&mut self) -> Result<u32, ConnectError> {
        Ok(1)
    }
}
pub enum ConnectError {
    MaxReconnects,
    Io,
}

// A resolver's attempts go back to back by design; each lookup has its own timeout.
pub struct Resolver {
    attempts: usize,
}

impl Resolver {
    pub async fn lookup(&self, name: &str) -> std::io::Result<Vec<u8>> {
        let mut last = std::io::Error::other("no attempt");
        for _ in 0..self.attempts {
            match self.lookup_inner(name).await {
                Ok(answer) => return Ok(answer),
                Err(err) => last = err,
            }
        }
        Err(last)
    }

    async fn lookup_inner(&self, _name: &str) -> std::io::Result<Vec<u8>> {
        Ok(Vec::new())
    }
}

// Each round tries a new candidate (the loop variable): a search, not a retry.
pub fn longest_utf8_prefix(body: &[u8], limit: usize) -> Option<&str> {
    for end in (0..=limit.min(body.len())).rev() {
        if let Ok(text) = std::str::from_utf8(&body[..end]) {
            return Some(text);
        }
    }
    None
}

// shadowsocks: a bounded resolver retry over a local Unix socket, each lookup under a timeout.
pub async fn lookup_unix_stream(ns: &std::path::Path, msg: Vec<u8>, retry_count: usize) -> std::io::Result<Vec<u8>> {
    let mut last_err = None;
    for _ in 0..retry_count {
        let mut client = match DnsClient::connect_unix_stream(ns).await {
            Ok(client) => client,
            Err(err) => {
                last_err = Some(err);
                continue;
            }
        };
        match client.lookup_timeout(msg.clone(), Duration::from_secs(5)).await {
            Ok(answer) => return Ok(answer),
            Err(err) => last_err = Some(err),
        }
    }
    Err(last_err.unwrap())
}

// sqlpage: waiting for the database at start-up, a few attempts seconds apart.
pub struct Database;

impl Database {
    pub async fn init(url: &str) -> Result<sqlx::AnyConnection, sqlx::Error> {
        let mut retries = 6;
        loop {
            match sqlx::AnyConnection::connect(url).await {
                Ok(c) => break Ok(c),
                Err(e) => {
                    if retries == 0 {
                        return Err(e);
                    }
                    retries -= 1;
                    tokio::time::sleep(Duration::from_secs(5)).await;
                }
            }
        }
    }
}

// pict-rs: an operator's migration command retries the whole run, 3 s apart, 50 times.
pub async fn migrate_store(from: &Store, to: &Store) -> Result<(), std::io::Error> {
    let mut failure_count = 0;
    while let Err(e) = copy_all(from, to).await {
        failure_count += 1;
        if failure_count >= 50 {
            return Err(e);
        }
        tokio::time::sleep(Duration::from_secs(3)).await;
    }
    Ok(())
}

#[tokio::main]
async fn main() {
    let _db = Database::init("postgres://db").await;
    let _ = migrate_store(&Store, &Store).await;
}

// quilkin: the next candidate config path on each round: a search, not a retry.
pub fn read_config(config_path: &std::path::Path) -> std::io::Result<Option<std::fs::File>> {
    let paths = [config_path, std::path::Path::new("/etc/app/config.yaml")];
    let mut paths = paths.iter();
    let file = loop {
        let Some(path) = paths.next() else {
            return Ok(None);
        };
        match std::fs::File::open(path) {
            Ok(file) => break file,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
            Err(err) => return Err(err),
        }
    };
    Ok(Some(file))
}

// ntpd: waiting for the listen address's interface to come up is not a retry of a dependency.
pub async fn listen(addr: std::net::SocketAddr) -> tokio::net::TcpListener {
    loop {
        match tokio::net::TcpListener::bind(addr).await {
            Ok(listener) => break listener,
            Err(_) => sleep(Duration::from_secs(1)).await,
        }
    }
}
