// Retry policies that never give up.
use backoff::backoff::Constant;
use backoff::{ExponentialBackoff, ExponentialBackoffBuilder};
use backon::{ConstantBuilder, ExponentialBuilder, Retryable};
use std::time::Duration;
use tokio_retry::strategy::{jitter, ExponentialBackoff as TokioBackoff, FixedInterval};
use tokio_retry::{Retry, RetryIf};

pub async fn backoff_struct(url: &str) -> Result<String, backoff::Error<reqwest::Error>> {
    let policy = ExponentialBackoff {
        max_elapsed_time: None, //~ retry_policy_unbounded
        ..Default::default()
    };
    backoff::future::retry(policy, || async { Ok(fetch(url).await?) }).await
}

pub fn backoff_full_path(path: &str) -> Result<Vec<u8>, backoff::Error<std::io::Error>> {
    let read = || std::fs::read(path).map_err(backoff::Error::transient);
    backoff::retry(
        backoff::ExponentialBackoff {
            initial_interval: Duration::from_millis(50),
            max_elapsed_time: None, //~ retry_policy_unbounded
            ..backoff::ExponentialBackoff::default()
        },
        read,
    )
}

pub async fn backoff_builder(url: &str) -> Result<String, backoff::Error<reqwest::Error>> {
    let policy = ExponentialBackoffBuilder::new()
        .with_initial_interval(Duration::from_millis(100))
        .with_max_elapsed_time(None) //~ retry_policy_unbounded
        .build();
    backoff::future::retry_notify(policy, || async { Ok(fetch(url).await?) }, |e, d| {
        tracing::warn!("retrying in {d:?}: {e}");
    })
    .await
}

pub fn backoff_constant(path: &str) -> Result<String, backoff::Error<std::io::Error>> {
    backoff::retry(Constant::new(Duration::from_secs(1)), || { //~ retry_policy_unbounded
        std::fs::read_to_string(path).map_err(backoff::Error::transient)
    })
}

pub async fn tokio_retry_inline(url: &str) -> Result<String, reqwest::Error> {
    Retry::spawn(TokioBackoff::from_millis(10).map(jitter), || fetch(url)).await //~ retry_policy_unbounded
}

pub async fn tokio_retry_variable(url: &str) -> Result<String, reqwest::Error> {
    let strategy = FixedInterval::from_millis(500); //~ retry_policy_unbounded
    Retry::spawn(strategy, || fetch(url)).await
}

pub async fn tokio_retry_if(url: &str) -> Result<String, reqwest::Error> {
    let strategy = tokio_retry::strategy::FibonacciBackoff::from_millis(100) //~ retry_policy_unbounded
        .max_delay(Duration::from_secs(10));
    RetryIf::spawn(strategy, || fetch(url), |e: &reqwest::Error| e.is_timeout()).await
}

pub async fn backon_unlimited(url: &str) -> reqwest::Result<String> {
    (|| fetch(url))
        .retry(ExponentialBuilder::default().without_max_times()) //~ retry_policy_unbounded
        .await
}

pub async fn backon_constant(url: &str) -> reqwest::Result<String> {
    let policy = ConstantBuilder::default()
        .with_delay(Duration::from_secs(1))
        .without_max_times(); //~ retry_policy_unbounded
    (|| fetch(url)).retry(policy).await
}

async fn fetch(url: &str) -> reqwest::Result<String> {
    reqwest::Client::builder().timeout(Duration::from_secs(5)).build()?.get(url).send().await?.text().await
}
