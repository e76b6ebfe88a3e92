// actix-web's server installs a SIGTERM handler itself (signals not disabled).
#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let server = actix_web::HttpServer::new(|| actix_web::App::new()).bind(("0.0.0.0", 8080))?.run();
    let handle = server.handle();
    tokio::spawn(async move {
        tokio::signal::ctrl_c().await.ok();
        handle.stop(true).await;
    });
    server.await
}

#[cfg(test)]
mod tests {
    #[test]
    fn uses_ctrl_c() {
        let _ = tokio::signal::ctrl_c();
    }
}
