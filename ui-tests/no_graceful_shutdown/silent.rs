// Servers with a shutdown path, and look-alikes.
use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tonic::transport::Server;

async fn shutdown_signal() {
    let _ = tokio::signal::ctrl_c().await;
}

pub async fn axum_graceful(listener: TcpListener, app: Router) -> std::io::Result<()> {
    axum::serve(listener, app).with_graceful_shutdown(shutdown_signal()).await
}

pub async fn axum_graceful_later(listener: TcpListener, app: Router) -> std::io::Result<()> {
    let server = axum::serve(listener, app);
    server.with_graceful_shutdown(shutdown_signal()).await
}

pub async fn axum_06_graceful(app: Router) {
    let addr = std::net::SocketAddr::from(([0, 0, 0, 0], 3000));
    axum::Server::bind(&addr).serve(app.into_make_service()).with_graceful_shutdown(shutdown_signal()).await.unwrap();
}

pub async fn grpc(addr: std::net::SocketAddr, svc: GreeterServer<MyGreeter>) -> Result<(), tonic::transport::Error> {
    Server::builder().add_service(svc).serve_with_shutdown(addr, shutdown_signal()).await
}

pub async fn rest(routes: warp::filters::BoxedFilter<(String,)>) {
    let (_addr, server) = warp::serve(routes).bind_with_graceful_shutdown(([0, 0, 0, 0], 8080), shutdown_signal());
    server.await;
}

pub async fn actix_default() -> std::io::Result<()> {
    actix_web::HttpServer::new(|| actix_web::App::new()).bind(("0.0.0.0", 8080))?.run().await
}

pub async fn accept_loop_with_select(listener: TcpListener) -> std::io::Result<()> {
    let mut signal = std::pin::pin!(shutdown_signal());
    loop {
        tokio::select! {
            Ok((stream, _)) = listener.accept() => {
                tokio::spawn(http1::Builder::new().serve_connection(TokioIo::new(stream), svc()));
            }
            _ = &mut signal => break,
        }
    }
    Ok(())
}

pub async fn accept_loop_with_flag(listener: TcpListener, running: &std::sync::atomic::AtomicBool) {
    while running.load(std::sync::atomic::Ordering::Relaxed) {
        if let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(http1::Builder::new().serve_connection(TokioIo::new(stream), svc()));
        }
    }
}

pub async fn accept_loop_with_graceful_watcher(listener: TcpListener) {
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    loop {
        let Ok((stream, _)) = listener.accept().await else { break };
        let conn = http1::Builder::new().serve_connection(TokioIo::new(stream), svc());
        tokio::spawn(graceful.watch(conn));
    }
}

pub async fn plain_tcp_echo(listener: TcpListener) {
    loop {
        let Ok((mut stream, _)) = listener.accept().await else { continue };
        tokio::spawn(async move {
            let (mut r, mut w) = stream.split();
            let _ = tokio::io::copy(&mut r, &mut w).await;
        });
    }
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn serves() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        axum::serve(listener, axum::Router::new()).await.unwrap();
    }
}
