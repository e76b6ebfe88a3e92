// Policies with a limit.
use backoff::{ExponentialBackoff, ExponentialBackoffBuilder};
use backon::{ExponentialBuilder, Retryable};
use std::time::Duration;
use tokio_retry::strategy::{jitter, ExponentialBackoff as TokioBackoff, FixedInterval};
use tokio_retry::Retry;

pub fn default_policy() -> ExponentialBackoff {
    ExponentialBackoff::default()
}

pub fn with_limit() -> ExponentialBackoff {
    ExponentialBackoff {
        max_elapsed_time: Some(Duration::from_secs(60)),
        ..Default::default()
    }
}

pub fn struct_without_the_field() -> ExponentialBackoff {
    ExponentialBackoff {
        initial_interval: Duration::from_millis(10),
        ..Default::default()
    }
}

pub fn builder_with_limit() -> ExponentialBackoff {
    ExponentialBackoffBuilder::new()
        .with_max_elapsed_time(Some(Duration::from_secs(120)))
        .build()
}

pub async fn tokio_retry_take(url: &str) -> Result<String, reqwest::Error> {
    Retry::spawn(TokioBackoff::from_millis(10).map(jitter).take(5), || fetch(url)).await
}

pub async fn tokio_retry_take_later(url: &str) -> Result<String, reqwest::Error> {
    let strategy = FixedInterval::from_millis(100);
    Retry::spawn(strategy.take(3), || fetch(url)).await
}

pub async fn backon_default(url: &str) -> reqwest::Result<String> {
    (|| fetch(url)).retry(ExponentialBuilder::default().with_max_times(5)).await
}

pub async fn backon_total_delay(url: &str) -> reqwest::Result<String> {
    (|| fetch(url))
        .retry(
            ExponentialBuilder::default()
                .without_max_times()
                .with_total_delay(Some(Duration::from_secs(60))),
        )
        .await
}

pub struct Config {
    pub max_elapsed_time: Option<Duration>,
}

pub fn unrelated_struct() -> Config {
    Config { max_elapsed_time: None }
}

pub fn unrelated_builder(b: MyBuilder) -> MyBuilder {
    b.with_max_elapsed_time(None)
}

pub struct MyBuilder;
impl MyBuilder {
    pub fn with_max_elapsed_time(self, _: Option<Duration>) -> Self {
        self
    }
}

async fn fetch(url: &str) -> reqwest::Result<String> {
    reqwest::Client::builder().timeout(Duration::from_secs(5)).build()?.get(url).send().await?.text().await
}

/// An unlimited policy returned to a caller we cannot see.
pub fn listen_backoff() -> ExponentialBackoff {
    ExponentialBackoff {
        max_elapsed_time: None,
        max_interval: Duration::from_secs(1),
        ..Default::default()
    }
}

/// Stepped by hand to pace an accept loop that must never stop.
pub async fn accept_pacing(listener: tokio::net::TcpListener) {
    use backoff::backoff::Backoff;
    let mut pace = ExponentialBackoff {
        max_interval: Duration::from_millis(100),
        max_elapsed_time: None,
        ..Default::default()
    };
    loop {
        match listener.accept().await {
            Ok((stream, _)) => {
                pace.reset();
                drop(stream);
            }
            Err(_) => {
                if let Some(d) = pace.next_backoff() {
                    tokio::time::sleep(d).await;
                }
            }
        }
    }
}
