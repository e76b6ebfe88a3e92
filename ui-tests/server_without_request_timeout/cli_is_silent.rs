//@ profile: other
// Not service code: the rule is scoped to services.
pub async fn preview(app: axum::Router) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
