// tonic, warp, poem, actix with signals disabled, and a hyper 1 accept loop.
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use tonic::transport::Server;

pub async fn grpc(addr: std::net::SocketAddr, svc: GreeterServer<MyGreeter>) -> Result<(), tonic::transport::Error> {
    Server::builder().add_service(svc).serve(addr).await //~ no_graceful_shutdown
}

pub async fn rest(routes: warp::filters::BoxedFilter<(String,)>) {
    warp::serve(routes).run(([0, 0, 0, 0], 8080)).await; //~ no_graceful_shutdown
}

pub async fn poem_app(app: poem::Route) -> std::io::Result<()> {
    poem::Server::new(poem::listener::TcpListener::bind("0.0.0.0:3000")).run(app).await //~ no_graceful_shutdown
}

pub async fn actix_without_signals() -> std::io::Result<()> {
    actix_web::HttpServer::new(|| actix_web::App::new()) //~ no_graceful_shutdown
        .disable_signals()
        .bind(("0.0.0.0", 8080))?
        .run()
        .await
}

pub async fn accept_loop(listener: tokio::net::TcpListener) -> std::io::Result<()> {
    loop { //~ no_graceful_shutdown
        let (stream, _) = listener.accept().await?;
        tokio::spawn(async move {
            let io = TokioIo::new(stream);
            if let Err(err) = http1::Builder::new().serve_connection(io, service_fn(hello)).await {
                eprintln!("connection error: {err}");
            }
        });
    }
}

pub async fn while_let_accept(listener: tokio::net::TcpListener) {
    while let Ok((stream, _)) = listener.accept().await { //~ no_graceful_shutdown
        tokio::spawn(hyper::server::conn::http2::Builder::new(TokioExecutor::new()).serve_connection(TokioIo::new(stream), svc()));
    }
}
