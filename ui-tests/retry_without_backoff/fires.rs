// Retries back to back, or after the same fixed delay every time.
use std::time::Duration;
use tokio::time::sleep;

const RETRY_DELAY: Duration = Duration::from_secs(1);

pub async fn immediate(client: &reqwest::Client, url: &str) -> Option<String> {
    for _ in 0..3 { //~ retry_without_backoff
        if let Ok(resp) = client.get(url).send().await {
            return resp.text().await.ok();
        }
    }
    None
}

pub async fn fixed_sleep(client: &reqwest::Client, url: &str) -> reqwest::Result<()> {
    for attempt in 1..=5 {
        match client.post(url).send().await {
            Ok(_) => return Ok(()),
            Err(e) if attempt == 5 => return Err(e),
            Err(_) => sleep(Duration::from_secs(2)).await, //~ retry_without_backoff
        }
    }
    Ok(())
}

// `fixed_sleep` runs per message: the webhook worker's loop calls it for each delivery.
pub async fn delivery_worker(client: reqwest::Client, mut rx: tokio::sync::mpsc::Receiver<String>) {
    loop {
        let Some(url) = rx.recv().await else { break };
        let _ = fixed_sleep(&client, &url).await;
    }
}

pub fn constant_delay_std(addr: &str) -> std::io::Result<std::net::TcpStream> {
    let mut tries = 0;
    loop {
        match std::net::TcpStream::connect_timeout(&addr.parse().unwrap(), Duration::from_secs(1)) {
            Ok(s) => return Ok(s),
            Err(e) => {
                tries += 1;
                if tries > 10 {
                    return Err(e);
                }
                std::thread::sleep(RETRY_DELAY); //~ retry_without_backoff
            }
        }
    }
}

pub async fn delay_from_config(cfg: &Config, pool: &sqlx::PgPool) -> sqlx::Result<()> {
    for _ in 0..cfg.max_retries {
        if sqlx::query("SELECT 1").execute(pool).await.is_ok() {
            return Ok(());
        }
        tokio::time::sleep(cfg.retry_delay).await; //~ retry_without_backoff
    }
    Ok(())
}

pub async fn unbounded_and_hot(client: &reqwest::Client, url: &str) {
    loop { //~ retry_without_backoff unbounded_retry_loop
        if client.get(url).send().await.is_ok() {
            break;
        }
    }
}

pub async fn while_counter(client: &reqwest::Client, url: &str) -> bool {
    let mut left = 3;
    while left > 0 { //~ retry_without_backoff
        match client.get(url).send().await {
            Ok(_) => return true,
            Err(_) => left -= 1,
        }
    }
    false
}

pub async fn sleep_millis_literal(url: &str) -> Option<String> {
    use tokio::time::sleep as pause;
    for _ in 0..4 {
        match reqwest::get(url).await { //~ http_client_without_timeout
            Ok(r) => return r.text().await.ok(),
            Err(_) => pause(Duration::from_millis(500)).await, //~ retry_without_backoff
        }
    }
    None
}

pub fn in_a_thread(url: String) {
    std::thread::spawn(move || {
        for _ in 0..3 {
            if ureq::get(&url).timeout(Duration::from_secs(5)).call().is_ok() {
                break;
            }
            std::thread::sleep(Duration::from_secs(1)); //~ retry_without_backoff
        }
    });
}

pub struct Config {
    pub max_retries: u32,
    pub retry_delay: Duration,
}

pub async fn reconnect_then_query(ns: &str, query: &str) -> Option<String> {
    for _ in 0..3 { //~ retry_without_backoff
        let mut conn = match Dns::connect(ns).await {
            Ok(conn) => conn,
            Err(_) => continue,
        };
        match conn.lookup(query).await {
            Ok(answer) => return Some(answer),
            Err(_) => continue,
        }
    }
    None
}

pub struct Dns;
impl Dns {
    async fn connect(_: &str) -> std::io::Result<Dns> {
        Ok(Dns)
    }
    async fn lookup(&mut self, q: &str) -> std::io::Result<String> {
        Ok(q.to_string())
    }
}
