//@ profile: service
//@ bin-root: false
// Whole bodies, sockets and decompressors read with no size limit.
use axum::extract::DefaultBodyLimit;
use axum::routing::post;
use axum::Router;
use flate2::read::GzDecoder;
use http_body_util::BodyExt;
use std::io::Read;
use tokio::io::AsyncReadExt;

pub fn router() -> Router {
    Router::new()
        .route("/upload", post(upload))
        .route("/import", post(import))
        .layer(DefaultBodyLimit::disable()) //~ unbounded_body_read
}

pub fn router_max() -> Router {
    Router::new().layer(axum::extract::DefaultBodyLimit::max(usize::MAX)) //~ unbounded_body_read
}

pub async fn hyper_014(req: hyper::Request<hyper::Body>) -> Result<usize, hyper::Error> {
    let bytes = hyper::body::to_bytes(req.into_body()).await?; //~ unbounded_body_read
    Ok(bytes.len())
}

pub async fn hyper_1(req: hyper::Request<hyper::body::Incoming>) -> Result<usize, hyper::Error> {
    let bytes = req.into_body().collect().await?.to_bytes(); //~ unbounded_body_read
    Ok(bytes.len())
}

pub async fn axum_to_bytes(body: axum::body::Body) -> usize {
    axum::body::to_bytes(body, usize::MAX).await.map(|b| b.len()).unwrap_or(0) //~ unbounded_body_read
}

pub async fn gunzip(body: axum::body::Bytes) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    GzDecoder::new(&body[..]).read_to_end(&mut out)?; //~ unbounded_body_read
    Ok(out)
}

pub async fn gunzip_through_a_variable(body: axum::body::Bytes) -> std::io::Result<String> {
    let mut decoder = flate2::read::ZlibDecoder::new(&body[..]);
    let mut text = String::new();
    decoder.read_to_string(&mut text)?; //~ unbounded_body_read
    Ok(text)
}

pub async fn zstd_all(body: axum::body::Bytes) -> std::io::Result<Vec<u8>> {
    zstd::decode_all(&body[..]) //~ unbounded_body_read
}

#[actix_web::post("/logs")]
pub async fn zstd_reader(body: actix_web::web::Bytes) -> std::io::Result<String> {
    let decoder = zstd::stream::read::Decoder::new(&body[..])?;
    std::io::read_to_string(decoder) //~ unbounded_body_read
}

/// Routed above: a handler by registration, not by signature.
pub async fn import(data: Vec<u8>) -> zip::result::ZipResult<Vec<Vec<u8>>> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(data))?;
    let mut files = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i)?;
        let mut buf = Vec::new();
        entry.read_to_end(&mut buf)?; //~ unbounded_body_read
        files.push(buf);
    }
    Ok(files)
}

pub async fn tokio_socket(listener: tokio::net::TcpListener) -> std::io::Result<()> {
    loop {
        let (mut socket, _) = listener.accept().await?;
        tokio::spawn(async move {
            let mut buf = Vec::new();
            let _ = socket.read_to_end(&mut buf).await; //~ unbounded_body_read
        });
    }
}

pub fn std_incoming() -> std::io::Result<()> {
    let listener = std::net::TcpListener::bind("0.0.0.0:7000")?;
    for stream in listener.incoming() {
        let mut stream = stream?;
        let mut request = String::new();
        stream.read_to_string(&mut request)?; //~ unbounded_body_read
    }
    Ok(())
}

pub fn socket_decoder(stream: std::net::TcpStream) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(stream).read_to_end(&mut out)?; //~ unbounded_body_read
    Ok(out)
}

pub fn client_socket(addr: &str) -> std::io::Result<Vec<u8>> {
    let mut stream = std::net::TcpStream::connect(addr)?;
    let mut reply = Vec::new();
    stream.read_to_end(&mut reply)?; //~ unbounded_body_read
    Ok(reply)
}

pub fn actix_config() -> actix_web::App<()> {
    actix_web::App::new()
        .app_data(actix_web::web::PayloadConfig::new(usize::MAX)) //~ unbounded_body_read
        .app_data(actix_web::web::JsonConfig::default().limit(usize::MAX)) //~ unbounded_body_read
}

pub async fn upload(body: axum::body::Bytes) -> usize {
    body.len()
}
