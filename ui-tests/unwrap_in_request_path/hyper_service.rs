//@ profile: service
//@ bin-root: false
// hyper: `service_fn` closures and the functions they name.
use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response};
use std::convert::Infallible;

async fn handle(req: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    let query = req.uri().query().unwrap(); //~ unwrap_in_request_path
    let body = req.into_body().collect().await.unwrap(); //~ unwrap_in_request_path
    let _ = (query, body);
    Ok(Response::builder().status(200).body(Full::new(Bytes::new())).unwrap())
}

// A helper the handlers call: not registered as a route, so not known to be one.
async fn echo(body: Vec<u8>) -> Result<Response<Full<Bytes>>, Infallible> {
    let text = String::from_utf8(body).unwrap();
    Ok(Response::new(Full::new(Bytes::from(text))))
}

pub fn services() {
    let _a = hyper::service::service_fn(handle);
    let _b = hyper::service::service_fn(|req: Request<Incoming>| async move {
        let len: usize = req.headers()["content-length"].to_str().unwrap().parse().unwrap(); //~ unwrap_in_request_path
        echo(vec![0; len]).await
    });
}
