//@ profile: other
// A command-line tool that starts a throwaway local server (an OAuth callback) is not a
// service: service-only rules stay silent.
pub async fn oauth_callback(listener: tokio::net::TcpListener, app: axum::Router) {
    axum::serve(listener, app).await.unwrap();
}
