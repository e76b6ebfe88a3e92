// Bounded retries, and loops that are not retry loops at all.
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::{sleep, timeout};

const MAX_ATTEMPTS: u32 = 5;

pub async fn counter_compared(addr: &str) -> std::io::Result<TcpStream> {
    let mut attempts = 0;
    loop {
        match TcpStream::connect(addr).await {
            Ok(stream) => return Ok(stream),
            Err(e) if attempts < MAX_ATTEMPTS => {
                attempts += 1;
                sleep(Duration::from_millis(100 * 2u64.pow(attempts))).await;
                let _ = e;
            }
            Err(e) => return Err(e),
        }
    }
}

pub async fn counter_checked_in_arm(url: &str, client: &reqwest::Client) -> reqwest::Result<String> {
    let mut tries = 0;
    loop {
        match client.get(url).send().await {
            Ok(r) => return r.text().await,
            Err(e) => {
                tries += 1;
                if tries >= 3 {
                    return Err(e);
                }
                sleep(Duration::from_millis(50 * tries)).await;
            }
        }
    }
}

pub async fn for_range(addr: &str) -> Option<TcpStream> {
    for attempt in 0..MAX_ATTEMPTS {
        if let Ok(s) = TcpStream::connect(addr).await {
            return Some(s);
        }
        sleep(Duration::from_millis(100 << attempt)).await;
    }
    None
}

pub async fn deadline(addr: &str) -> std::io::Result<TcpStream> {
    let start = Instant::now();
    loop {
        match TcpStream::connect(addr).await {
            Ok(s) => return Ok(s),
            Err(e) if start.elapsed() > Duration::from_secs(30) => return Err(e),
            Err(_) => sleep(Duration::from_millis(250)).await,
        }
    }
}

pub async fn whole_loop_in_a_timeout(addr: &str) -> Option<TcpStream> {
    timeout(Duration::from_secs(10), async {
        loop {
            if let Ok(s) = TcpStream::connect(addr).await {
                break s;
            }
            sleep(Duration::from_millis(200)).await;
        }
    })
    .await
    .ok()
}

pub async fn accept_loop(listener: TcpListener) {
    loop {
        match listener.accept().await {
            Ok((stream, _)) => {
                tokio::spawn(async move { drop(stream) });
            }
            Err(e) => {
                tracing::warn!("accept failed: {e}");
                continue;
            }
        }
    }
}

pub async fn event_loop(mut rx: tokio::sync::broadcast::Receiver<String>) {
    loop {
        match rx.recv().await {
            Ok(msg) => tracing::info!("{msg}"),
            Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
            Err(_) => break,
        }
    }
}

pub async fn reconnect_supervisor(addr: &str) {
    loop {
        match TcpStream::connect(addr).await {
            Ok(stream) => serve(stream).await,
            Err(_) => sleep(Duration::from_secs(5)).await,
        }
    }
}

pub fn cas_loop(counter: &AtomicUsize) {
    let mut current = counter.load(Ordering::Relaxed);
    loop {
        match counter.compare_exchange_weak(current, current + 1, Ordering::SeqCst, Ordering::Relaxed) {
            Ok(_) => break,
            Err(actual) => current = actual,
        }
    }
}

pub fn eintr(file: &mut std::fs::File, buf: &mut [u8]) -> std::io::Result<usize> {
    use std::io::Read;
    loop {
        match file.read(buf) {
            Ok(n) => return Ok(n),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
}

pub fn ask_number() -> u32 {
    loop {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line).unwrap();
        match line.trim().parse() {
            Ok(n) => break n,
            Err(_) => eprintln!("not a number, try again"),
        }
    }
}

pub async fn errors_propagate(listener: TcpListener) -> std::io::Result<()> {
    loop {
        let (stream, _) = listener.accept().await?;
        tokio::spawn(serve(stream));
    }
}

pub async fn strategy_exhausted(url: &str, client: &reqwest::Client) -> reqwest::Result<()> {
    let mut backoff = backoff::ExponentialBackoff::default();
    loop {
        match client.get(url).send().await {
            Ok(_) => return Ok(()),
            Err(e) => match backoff::backoff::Backoff::next_backoff(&mut backoff) {
                Some(d) => sleep(d).await,
                None => return Err(e),
            },
        }
    }
}

async fn serve(_stream: TcpStream) {}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn waits_for_server() {
        loop {
            if let Ok(_) = tokio::net::TcpStream::connect("127.0.0.1:8080").await {
                break;
            }
        }
    }
}

pub async fn new_candidate_each_time(repo: &Repo) -> Result<String, ()> {
    loop {
        let alias = uuid::Uuid::new_v4().to_string();
        if repo.create_alias(&alias).await?.is_ok() {
            return Ok(alias);
        }
    }
}

pub async fn wait_for_a_good_peer(listener: tokio::net::UnixListener) -> std::io::Result<u32> {
    loop {
        let (mut stream, _) = listener.accept().await?;
        match read_fd(&mut stream).await {
            Ok(fd) => break Ok(fd),
            Err(e) => tracing::warn!("bad peer: {e}"),
        }
    }
}

pub struct Repo;
impl Repo {
    pub async fn create_alias(&self, _: &str) -> Result<Result<(), ()>, ()> {
        Ok(Ok(()))
    }
}

async fn read_fd(_: &mut tokio::net::UnixStream) -> std::io::Result<u32> {
    Ok(0)
}

pub async fn walk_up_to_an_existing_dir(path: &std::path::Path) -> std::path::PathBuf {
    let mut check = path.to_path_buf();
    while tokio::fs::symlink_metadata(&check).await.is_err() {
        match check.parent() {
            Some(parent) => check = parent.to_path_buf(),
            None => break,
        }
    }
    check
}

pub async fn read_frame(conn: &mut Conn) -> Result<Vec<u8>, Error> {
    loop {
        let needed = match parse_frame(&mut conn.buffer) {
            Ok(frame) => return Ok(frame),
            Err(Error::Incomplete(needed)) => needed,
            Err(e) => return Err(e),
        };
        conn.fill(needed).await?;
    }
}

pub fn discovery_with_a_helper_limit(backoff: &mut Limited) -> Option<u32> {
    loop {
        match start_discovery() {
            Ok(stream) => break Some(stream),
            Err(_) => {
                let Ok(delay) = backoff.next_backoff() else {
                    break None;
                };
                std::thread::sleep(delay);
            }
        }
    }
}

pub struct Conn {
    buffer: Vec<u8>,
}
impl Conn {
    async fn fill(&mut self, _: usize) -> Result<(), Error> {
        Ok(())
    }
}
pub enum Error {
    Incomplete(usize),
    Other,
}
fn parse_frame(_: &mut Vec<u8>) -> Result<Vec<u8>, Error> {
    Err(Error::Other)
}
pub struct Limited;
impl Limited {
    fn next_backoff(&mut self) -> Result<std::time::Duration, ()> {
        Err(())
    }
}
fn start_discovery() -> Result<u32, ()> {
    Ok(1)
}

pub async fn limit_kept_by_the_callee(connector: &mut Connector) -> Result<u32, ConnectError> {
    loop {
        match connector.try_connect().await {
            Ok(conn) => return Ok(conn),
            Err(error) => match error.kind {
                ConnectErrorKind::MaxReconnects => return Err(error),
                _ => tracing::warn!("reconnecting"),
            },
        }
    }
}

pub async fn throttled_inner_loop(versions: Vec<u16>, broker: &Broker) -> Result<(), ()> {
    'versions: for version in versions {
        'throttle: loop {
            match broker.request(version).await {
                Ok(throttle) => {
                    if let Some(wait) = throttle {
                        tokio::time::sleep(wait).await;
                        continue 'throttle;
                    }
                    return Ok(());
                }
                Err(_) => continue 'versions,
            }
        }
    }
    Err(())
}

pub struct Connector;
impl Connector {
    async fn try_connect(&mut self) -> Result<u32, ConnectError> {
        Ok(1)
    }
}
pub struct ConnectError {
    kind: ConnectErrorKind,
}
pub enum ConnectErrorKind {
    MaxReconnects,
    Io,
}
pub struct Broker;
impl Broker {
    async fn request(&self, _: u16) -> Result<Option<std::time::Duration>, ()> {
        Ok(None)
    }
}

pub async fn accept_one<L: Listener>(listener: &mut L) -> L::Stream {
    loop {
        match listener.accept_stream().await {
            Ok(stream) => return stream,
            Err(_) => tokio::time::sleep(std::time::Duration::from_millis(50)).await,
        }
    }
}

pub async fn reconnect_with_policy(client: &Client) -> Result<(), ()> {
    let mut delay = std::time::Duration::ZERO;
    loop {
        if !delay.is_zero() {
            tokio::time::sleep(delay).await;
        }
        if let Err(e) = client.reconnect_once().await {
            delay = match client.next_reconnection_delay() {
                Ok(delay) => delay,
                Err(_) => return Err(e),
            };
            continue;
        } else {
            break;
        }
    }
    Ok(())
}

pub trait Listener {
    type Stream;
    async fn accept_stream(&mut self) -> std::io::Result<Self::Stream>;
}
pub struct Client;
impl Client {
    async fn reconnect_once(&self) -> Result<(), ()> {
        Ok(())
    }
    fn next_reconnection_delay(&self) -> Result<std::time::Duration, ()> {
        Ok(std::time::Duration::ZERO)
    }
}
