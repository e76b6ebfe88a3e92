//@ profile: service
// HTTP clients built per request or per iteration, and clients built once.
use axum::extract::{Json, State};
use reqwest::Client as Http;
use std::sync::LazyLock;

pub struct Event {
    pub id: u64,
}

pub async fn axum_handler(Json(event): Json<Event>) -> u16 {
    let client = reqwest::Client::new(); //~ http_client_per_request
    let _ = client.post("http://hooks/").body(event.id.to_string()).send().await;
    200
}

pub async fn renamed_builder(Json(_event): Json<Event>) -> u16 {
    let client = Http::builder() //~ http_client_per_request
        .timeout(std::time::Duration::from_secs(5))
        .build()
        .unwrap();
    let _ = client.get("http://inventory/").send().await;
    200
}

#[actix_web::get("/proxy")]
async fn actix_handler() -> String {
    let agent = ureq::AgentBuilder::new().build(); //~ http_client_per_request
    agent.get("http://upstream/").call().map(|r| r.status().to_string()).unwrap_or_default()
}

pub async fn one_shot_get(urls: Vec<String>) -> usize {
    let mut total = 0;
    for url in urls {
        let body = reqwest::get(&url).await.unwrap().text().await.unwrap(); //~ http_client_per_request
        total += body.len();
    }
    total
}

pub fn blocking_in_iterator(urls: &[String]) -> Vec<u16> {
    urls.iter()
        .map(|u| reqwest::blocking::Client::new().get(u).send().unwrap().status().as_u16()) //~ http_client_per_request
        .collect()
}

pub fn ureq_loop(urls: &[&str]) {
    let mut i = 0;
    while i < urls.len() {
        let agent = ureq::agent(); //~ http_client_per_request
        let _ = agent.get(urls[i]).call();
        i += 1;
    }
}

pub async fn hyper_in_loop(uris: Vec<hyper::Uri>) {
    loop {
        let client = hyper::Client::new(); //~ http_client_per_request
        for uri in &uris {
            let _ = client.get(uri.clone()).await;
        }
    }
}

pub async fn in_async_block(Json(event): Json<Event>) -> u16 {
    let send = async move {
        let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new()) //~ http_client_per_request
            .build_http::<String>();
        let _ = client;
        event.id
    };
    send.await as u16
}

pub async fn awc_handler(_req: actix_web::HttpRequest) -> String {
    let client = awc::Client::default(); //~ http_client_per_request
    let _ = client.get("http://upstream/").send().await;
    String::new()
}

// Silent: built once and shared.
static CLIENT: LazyLock<reqwest::Client> = LazyLock::new(reqwest::Client::new);
static BUILT: LazyLock<reqwest::Client> = LazyLock::new(|| {
    reqwest::Client::builder().timeout(std::time::Duration::from_secs(5)).build().unwrap()
});

#[derive(Clone)]
pub struct App {
    pub client: reqwest::Client,
}

impl App {
    pub fn new() -> Self {
        App { client: reqwest::Client::new() }
    }
}

impl Default for App {
    fn default() -> Self {
        App { client: reqwest::Client::builder().build().unwrap() }
    }
}

pub async fn shared_state(State(app): State<App>, Json(event): Json<Event>) -> u16 {
    let _ = app.client.post("http://hooks/").body(event.id.to_string()).send().await;
    let _ = CLIENT.get("http://a/").send().await;
    let _ = BUILT.get("http://b/").send().await;
    200
}

pub fn cached() -> &'static ureq::Agent {
    static AGENT: std::sync::OnceLock<ureq::Agent> = std::sync::OnceLock::new();
    AGENT.get_or_init(|| ureq::AgentBuilder::new().build())
}

pub async fn clone_in_loop(urls: Vec<String>) {
    let client = reqwest::Client::new();
    for url in urls {
        let client = client.clone();
        tokio::spawn(async move { client.get(&url).send().await });
    }
}

pub fn option_map(base: Option<String>) -> Option<reqwest::Client> {
    base.map(|_| reqwest::Client::new())
}

pub struct Client;
impl Client {
    pub fn new() -> Self {
        Client
    }
}

pub fn look_alikes(names: &[&str]) {
    for _ in names {
        let _redis = redis::Client::open("redis://127.0.0.1/");
        let _local = Client::new();
    }
}

#[tokio::main]
async fn main() {
    let client = reqwest::Client::new();
    let app = axum::Router::new()
        .route("/", axum::routing::post(shared_state))
        .with_state(App { client });
    let listener = tokio::net::TcpListener::bind("0.0.0.0:8080").await.unwrap();
    axum::serve(listener, app).await.unwrap();
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn clients_in_tests() {
        for _ in 0..3 {
            let _ = reqwest::Client::new();
        }
    }
}

// atuin: a helper the signup handler calls builds its client on every signup.
async fn send_register_hook(url: &str, username: String) {
    let client = reqwest::Client::new(); //~ http_client_per_request
    let _ = client.post(url).body(username).send().await;
}

pub async fn register(Json(event): Json<Event>) -> u16 {
    send_register_hook("http://discord/", event.id.to_string()).await;
    201
}

// microbin: the telemetry thread builds a client once a day: not per request.
fn new_telemetry_client() -> reqwest::blocking::Client {
    reqwest::blocking::Client::new()
}

pub fn start_telemetry_thread() {
    std::thread::spawn(|| loop {
        let _ = new_telemetry_client().post("https://telemetry/").send();
        std::thread::sleep(std::time::Duration::from_secs(24 * 3600));
    });
}
