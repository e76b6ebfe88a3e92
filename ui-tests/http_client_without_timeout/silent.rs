// Look-alikes that must stay silent.
use std::time::Duration;
use reqwest::Client;
use tokio::time::timeout;

pub fn with_timeout() -> reqwest::Result<Client> {
    Client::builder().timeout(Duration::from_secs(30)).build()
}

pub fn with_read_timeout() -> reqwest::Result<Client> {
    reqwest::ClientBuilder::new().connect_timeout(Duration::from_secs(1)).read_timeout(Duration::from_secs(10)).build()
}

pub fn timeout_set_later() -> reqwest::Result<Client> {
    let builder = Client::builder().user_agent("x");
    let builder = builder.timeout(Duration::from_secs(5));
    builder.build()
}

pub async fn every_request_bounded(url: &str) -> reqwest::Result<String> {
    let client = Client::new();
    let first = client.get(url).timeout(Duration::from_secs(2)).send().await?;
    drop(first);
    client.post(url).timeout(Duration::from_secs(2)).send().await?.text().await
}

pub async fn wrapped_in_tokio_timeout(url: &str) -> Result<(), Box<dyn std::error::Error>> {
    let client = reqwest::Client::new();
    let response = timeout(Duration::from_secs(3), client.get(url).send()).await??;
    drop(response);
    Ok(())
}

pub fn blocking_client_has_a_default() -> reqwest::blocking::Client {
    reqwest::blocking::Client::new()
}

pub fn blocking_builder_default() -> reqwest::Result<reqwest::blocking::Client> {
    reqwest::blocking::Client::builder().user_agent("x").build()
}

pub fn blocking_get(url: &str) -> reqwest::Result<String> {
    reqwest::blocking::get(url)?.text()
}

mod local {
    pub struct Client;
    impl Client {
        pub fn new() -> Self {
            Client
        }
    }
    pub fn make() -> Client {
        Client::new()
    }
}

pub fn awc_client_has_a_default() -> awc::Client {
    awc::Client::new()
}

#[cfg(test)]
mod tests {
    #[test]
    fn test_client() {
        let _ = reqwest::Client::new();
    }
}

pub struct Notifier {
    client: Client,
    urls: Vec<String>,
}

impl Notifier {
    pub fn new(urls: Vec<String>) -> Self {
        let client = Client::new();
        Self { client, urls }
    }

    pub async fn notify(&self, body: String) -> reqwest::Result<()> {
        for url in &self.urls {
            self.client.post(url).timeout(Duration::from_secs(2)).body(body.clone()).send().await?;
        }
        Ok(())
    }
}

pub fn timeout_from_config(read_timeout: Option<Duration>) -> reqwest::Result<Client> {
    let mut builder = Client::builder();
    if let Some(read_timeout) = read_timeout {
        builder = builder.read_timeout(read_timeout);
    }
    builder.build()
}
