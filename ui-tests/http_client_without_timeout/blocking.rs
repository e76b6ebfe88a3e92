// The blocking client's 30 s default, disabled on purpose or by accident.
use reqwest::blocking::Client as BlockingClient;
use std::time::Duration;

pub fn disabled() -> reqwest::Result<BlockingClient> {
    BlockingClient::builder()
        .timeout(None) //~ http_client_without_timeout
        .build()
}

pub fn disabled_full_path() -> reqwest::Result<reqwest::blocking::Client> {
    reqwest::blocking::ClientBuilder::new().timeout(None).build() //~ http_client_without_timeout
}

pub fn bounded() -> reqwest::Result<BlockingClient> {
    BlockingClient::builder().timeout(Duration::from_secs(10)).build()
}

pub fn bounded_with_some() -> reqwest::Result<BlockingClient> {
    BlockingClient::builder().timeout(Some(Duration::from_secs(10))).build()
}
