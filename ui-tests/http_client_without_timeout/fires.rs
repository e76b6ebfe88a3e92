// Async reqwest clients with no timeout, written the ways real code writes them.
use std::time::Duration;
use reqwest::Client as Http;
use reqwest::ClientBuilder;

pub struct Api {
    client: reqwest::Client,
}

impl Api {
    pub fn new() -> Self {
        Api { client: reqwest::Client::new() } //~ http_client_without_timeout
    }

    pub fn aliased() -> Self {
        Api { client: Http::new() } //~ http_client_without_timeout
    }

    pub fn from_builder() -> reqwest::Result<Self> {
        let client = Http::builder() //~ http_client_without_timeout
            .user_agent("billing/1.0")
            .connect_timeout(Duration::from_secs(2))
            .build()?;
        Ok(Api { client })
    }

    pub fn builder_new() -> Self {
        Api { client: ClientBuilder::new().gzip(true).build().unwrap() } //~ http_client_without_timeout
    }
}

pub async fn fetch_price(url: &str) -> reqwest::Result<String> {
    reqwest::get(url).await?.text().await //~ http_client_without_timeout
}

pub async fn one_off(url: &str) -> reqwest::Result<String> {
    ::reqwest::Client::default().get(url).send().await?.text().await //~ http_client_without_timeout
}

pub async fn some_requests_unbounded(url: &str) -> reqwest::Result<()> {
    let client = reqwest::Client::new(); //~ http_client_without_timeout
    client.get(url).timeout(Duration::from_secs(1)).send().await?;
    client.post(url).send().await?;
    Ok(())
}

pub fn shared_client() -> reqwest::Client {
    let client = reqwest::Client::new(); //~ http_client_without_timeout
    client
}

pub fn builder_in_variable() -> reqwest::Result<reqwest::Client> {
    let builder = reqwest::Client::builder().https_only(true); //~ http_client_without_timeout
    let builder = builder.pool_max_idle_per_host(4);
    builder.build()
}

pub fn in_a_closure() -> Vec<reqwest::Client> {
    (0..4).map(|_| reqwest::Client::new()).collect() //~ http_client_without_timeout
}

pub fn in_an_async_block() {
    tokio::spawn(async {
        let body = reqwest::get("http://inventory/stock").await; //~ http_client_without_timeout
        drop(body);
    });
}

pub struct Notifier {
    client: reqwest::Client,
}

impl Notifier {
    pub fn new() -> Self {
        let client = reqwest::Client::new(); //~ http_client_without_timeout
        Self { client }
    }

    pub async fn notify(&self, url: &str) -> reqwest::Result<()> {
        self.client.post(url).timeout(Duration::from_secs(2)).send().await?;
        self.client.get(url).send().await?;
        Ok(())
    }
}

pub fn proxy_only(proxy: Option<reqwest::Proxy>) -> reqwest::Client {
    let mut builder = reqwest::Client::builder(); //~ http_client_without_timeout
    if let Some(proxy) = proxy {
        builder = builder.proxy(proxy);
    }
    builder.build().unwrap()
}
