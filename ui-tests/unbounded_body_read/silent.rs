//@ profile: service
//@ bin-root: false
// Bounded reads, framework defaults and look-alikes: none of them fire.
use axum::extract::DefaultBodyLimit;
use axum::Router;
use flate2::read::GzDecoder;
use http_body_util::{BodyExt, Limited};
use std::io::Read;

const MAX_BODY: usize = 8 * 1024 * 1024;

pub fn router() -> Router {
    Router::new().layer(DefaultBodyLimit::max(MAX_BODY))
}

pub async fn limited(req: hyper::Request<hyper::body::Incoming>) -> usize {
    let body = Limited::new(req.into_body(), MAX_BODY);
    body.collect().await.map(|c| c.to_bytes().len()).unwrap_or(0)
}

pub async fn limited_inline(req: hyper::Request<hyper::body::Incoming>) -> usize {
    match Limited::new(req.into_body(), MAX_BODY).collect().await {
        Ok(c) => c.to_bytes().len(),
        Err(_) => 0,
    }
}

pub async fn hyper_014_limited(req: hyper::Request<hyper::Body>) -> usize {
    let limited = http_body_util::Limited::new(req.into_body(), MAX_BODY);
    hyper::body::to_bytes(limited).await.map(|b| b.len()).unwrap_or(0)
}

pub async fn axum_to_bytes(body: axum::body::Body) -> usize {
    axum::body::to_bytes(body, MAX_BODY).await.map(|b| b.len()).unwrap_or(0)
}

/// axum's `Bytes`, `String` and `Json` extractors apply the 2 MB default limit.
pub async fn upload(body: axum::body::Bytes) -> usize {
    body.len()
}

pub fn gunzip_capped(body: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    GzDecoder::new(body).take(MAX_BODY as u64).read_to_end(&mut out)?;
    Ok(out)
}

pub fn gunzip_capped_variable(body: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut decoder = GzDecoder::new(body).take(MAX_BODY as u64);
    let mut out = Vec::new();
    decoder.read_to_end(&mut out)?;
    Ok(out)
}

pub fn zstd_bulk(body: &[u8]) -> std::io::Result<Vec<u8>> {
    zstd::bulk::decompress(body, MAX_BODY)
}

/// A local file: its size is ours, not a client's.
pub fn config_file() -> std::io::Result<String> {
    let mut file = std::fs::File::open("/etc/app.toml")?;
    let mut text = String::new();
    file.read_to_string(&mut text)?;
    Ok(text)
}

/// The service's own state file, decompressed at start-up: not a client's bytes.
pub fn restore_state(path: &std::path::Path) -> std::io::Result<String> {
    let file = std::fs::File::open(path)?;
    let mut decoder = flate2::read::GzDecoder::new(file);
    let mut data = String::new();
    decoder.read_to_string(&mut data)?;
    Ok(data)
}

/// Bytes of unknown origin in a function that is not a request handler.
pub fn decode_remote_log(bytes: Vec<u8>) -> String {
    let mut decoder = snap::read::FrameDecoder::new(&bytes[..]);
    let mut output = String::new();
    let _ = decoder.read_to_string(&mut output);
    output
}

/// A zip archive the service ships with.
pub fn bundled(data: &'static [u8]) -> zip::result::ZipResult<Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(data))?;
    let mut buf = Vec::new();
    archive.by_index(0)?.read_to_end(&mut buf)?;
    Ok(buf)
}

/// Reading a socket with a cap.
pub fn socket_capped(addr: &str) -> std::io::Result<Vec<u8>> {
    let stream = std::net::TcpStream::connect(addr)?;
    let mut reply = Vec::new();
    stream.take(64 * 1024).read_to_end(&mut reply)?;
    Ok(reply)
}

/// An iterator's `collect`, not a body.
pub fn numbers() -> Vec<u8> {
    (0..4).collect()
}

pub fn actix_config() -> actix_web::App<()> {
    actix_web::App::new()
        .app_data(actix_web::web::PayloadConfig::new(MAX_BODY))
        .app_data(actix_web::web::JsonConfig::default().limit(4096))
}

/// A reader of unknown origin: not flagged.
pub fn unknown(mut reader: impl Read) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    reader.read_to_end(&mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use std::io::Read;
    #[test]
    fn decodes() {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&b""[..]).read_to_end(&mut out).unwrap();
    }
}

/// A trusted upstream's response (a payment provider the operator configured), read
/// outside any request handler.
pub async fn upstream(client: &hyper::Client<hyper::client::HttpConnector>, uri: hyper::Uri) -> usize {
    let res = client.get(uri).await.unwrap();
    hyper::body::to_bytes(res.into_body()).await.map(|b| b.len()).unwrap_or(0)
}

/// The declared length is checked first (hyper stops at Content-Length).
pub async fn length_checked(req: hyper::Request<hyper::Body>) -> usize {
    let declared = req.headers().get(hyper::header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    if declared.is_none_or(|n| n > MAX_BODY) {
        return 0;
    }
    hyper::body::to_bytes(req.into_body()).await.map(|b| b.len()).unwrap_or(0)
}
