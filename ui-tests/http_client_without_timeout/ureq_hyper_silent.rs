// ureq, hyper and awc clients that are bounded.
use std::time::Duration;
use ureq::{Agent, AgentBuilder};

pub fn ureq2_timeout() -> Agent {
    AgentBuilder::new().timeout(Duration::from_secs(30)).build()
}

pub fn ureq2_read_timeout() -> Agent {
    ureq::builder().timeout_read(Duration::from_secs(10)).timeout_write(Duration::from_secs(10)).build()
}

pub fn ureq2_request_timeout(url: &str) -> Result<String, Box<dyn std::error::Error>> {
    Ok(ureq::get(url).timeout(Duration::from_secs(5)).call()?.into_string()?)
}

pub fn ureq3_global() -> Agent {
    Agent::config_builder().timeout_global(Some(Duration::from_secs(30))).build().into()
}

pub fn ureq3_request_config(url: &str) -> Result<(), ureq::Error> {
    ureq::get(url)
        .config()
        .timeout_global(Some(Duration::from_secs(5)))
        .build()
        .call()?;
    Ok(())
}

pub fn ureq_agent_every_request_bounded(url: &str) -> Result<(), ureq::Error> {
    let agent = ureq::agent();
    agent.get(url).timeout(Duration::from_secs(3)).call()?;
    Ok(())
}

pub fn ureq_request_not_sent_here(url: &str) -> ureq::Request {
    ureq::get(url)
}

pub async fn hyper_wrapped(uri: hyper::Uri) -> Result<(), Box<dyn std::error::Error>> {
    let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
        .build_http::<String>();
    let response = tokio::time::timeout(Duration::from_secs(5), client.get(uri)).await??;
    drop(response);
    Ok(())
}

pub struct Proxy {
    client: hyper_util::client::legacy::Client<hyper_util::client::legacy::connect::HttpConnector, String>,
}

impl Proxy {
    pub fn new() -> Self {
        let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new()).build_http();
        Proxy { client }
    }
}

pub fn awc_default() -> awc::Client {
    awc::Client::builder().max_http_version(awc::http::Version::HTTP_11).finish()
}

pub fn awc_bounded() -> awc::Client {
    awc::Client::builder().timeout(Duration::from_secs(10)).finish()
}
