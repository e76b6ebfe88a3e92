// Retry loops that go round on the error forever.
use std::time::Duration;
use tokio::net::TcpStream;
use tokio::time::sleep;

pub async fn connect_until_up(addr: &str) -> TcpStream {
    loop { //~ unbounded_retry_loop
        match TcpStream::connect(addr).await {
            Ok(stream) => break stream,
            Err(e) => {
                tracing::warn!(%e, "database not up yet, retrying");
                sleep(Duration::from_millis(500)).await;
            }
        }
    }
}

pub async fn post_until_accepted(client: &reqwest::Client, url: &str) {
    while let Err(e) = client.post(url).send().await { //~ unbounded_retry_loop
        tracing::error!("webhook failed: {e}");
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

pub fn sync_connect(url: &str) -> redis::Connection {
    let client = redis::Client::open(url).unwrap();
    loop { //~ unbounded_retry_loop
        if let Ok(conn) = client.get_connection() {
            return conn;
        }
        std::thread::sleep(Duration::from_secs(2));
    }
}

pub async fn continue_on_error(pool: &sqlx::PgPool) -> i64 {
    loop { //~ unbounded_retry_loop
        let row: (i64,) = match sqlx::query_as("SELECT count(*) FROM jobs").fetch_one(pool).await {
            Ok(row) => row,
            Err(_) => {
                sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        break row.0;
    }
}

pub async fn retry_only_transient(client: &reqwest::Client, url: &str) -> anyhow::Result<String> {
    loop { //~ unbounded_retry_loop
        match client.get(url).send().await {
            Ok(resp) => return Ok(resp.text().await?),
            Err(e) if e.is_timeout() || e.is_connect() => sleep(Duration::from_secs(1)).await,
            Err(e) => return Err(e.into()),
        }
    }
}

pub fn let_else_continue(path: &str) -> std::fs::File {
    loop { //~ unbounded_retry_loop
        let Ok(file) = std::fs::File::open(path) else {
            std::thread::sleep(Duration::from_millis(100));
            continue;
        };
        return file;
    }
}

pub async fn is_ok_test(producer: &Producer, msg: &[u8]) {
    loop { //~ unbounded_retry_loop
        let sent = producer.send(msg).await;
        if sent.is_ok() {
            break;
        }
        sleep(Duration::from_millis(200)).await;
    }
}

pub fn spawned_retry(url: String) {
    tokio::spawn(async move {
        loop { //~ unbounded_retry_loop
            match reqwest::Client::new().get(&url).send().await { //~ http_client_without_timeout
                Ok(_) => break,
                Err(_) => tokio::time::sleep(Duration::from_secs(5)).await,
            }
        }
    });
}

pub struct Worker {
    client: reqwest::Client,
}

impl Worker {
    pub async fn register(&self, url: &str) {
        'register: loop { //~ unbounded_retry_loop
            match self.client.put(url).send().await {
                Ok(_) => break 'register,
                Err(_) => sleep(Duration::from_secs(3)).await,
            }
        }
    }
}

pub struct Producer;
impl Producer {
    pub async fn send(&self, _: &[u8]) -> Result<(), ()> {
        Ok(())
    }
}
