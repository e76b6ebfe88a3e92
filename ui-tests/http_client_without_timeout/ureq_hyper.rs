// ureq agents and requests, hyper clients, awc.
use std::time::Duration;
use ureq::{Agent, AgentBuilder};

pub fn ureq2_agent() -> Agent {
    ureq::agent() //~ http_client_without_timeout
}

pub fn ureq2_builder_connect_only() -> Agent {
    AgentBuilder::new() //~ http_client_without_timeout
        .timeout_connect(Duration::from_secs(2))
        .build()
}

pub fn ureq2_get(url: &str) -> Result<String, Box<dyn std::error::Error>> {
    Ok(ureq::get(url).set("Accept", "text/plain").call()?.into_string()?) //~ http_client_without_timeout
}

pub fn ureq3_agent() -> Agent {
    Agent::new_with_defaults() //~ http_client_without_timeout
}

pub fn ureq3_disabled() -> Agent {
    Agent::config_builder() //~ http_client_without_timeout
        .timeout_global(None)
        .build()
        .into()
}

pub fn ureq3_post(url: &str, body: &str) -> Result<(), ureq::Error> {
    ureq::post(url).send(body)?; //~ http_client_without_timeout
    Ok(())
}

pub struct Api {
    agent: Agent,
}

impl Api {
    pub fn new() -> Self {
        let agent = ureq::AgentBuilder::new().user_agent("svc/1").build(); //~ http_client_without_timeout
        Api { agent }
    }
}

pub async fn hyper_legacy(uri: hyper::Uri) -> Result<(), Box<dyn std::error::Error>> {
    let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new()) //~ http_client_without_timeout
        .build_http::<String>();
    let response = client.get(uri).await?;
    drop(response);
    Ok(())
}

pub async fn hyper_014(uri: hyper::Uri) -> hyper::Result<()> {
    let client = hyper::Client::new(); //~ http_client_without_timeout
    client.get(uri).await?;
    Ok(())
}

pub fn awc_disabled() -> awc::Client {
    awc::Client::builder().disable_timeout().finish() //~ http_client_without_timeout
}
