//@ profile: service
//@ bin-root: false
// warp: closures given to filter combinators and functions given to `.and_then`.
use warp::Filter;

pub fn routes() -> impl Filter<Extract = impl warp::Reply, Error = warp::Rejection> + Clone {
    let hello = warp::path!("hello" / String).map(|name: String| {
        let n: u32 = name.parse().unwrap(); //~ unwrap_in_request_path
        format!("{n}")
    });
    let create = warp::post()
        .and(warp::path("users"))
        .and(warp::body::bytes())
        .and_then(|body: bytes::Bytes| async move {
            let value: serde_json::Value = serde_json::from_slice(&body).unwrap(); //~ unwrap_in_request_path
            Ok::<_, warp::Rejection>(warp::reply::json(&value))
        });
    let list = warp::path("list").and_then(list_users);
    hello.or(create).or(list)
}

async fn list_users() -> Result<String, warp::Rejection> {
    let text = tokio::fs::read_to_string("/data/users.json").await.unwrap(); //~ unwrap_in_request_path
    Ok(text)
}

pub fn numbers(items: &[&str]) -> Vec<u32> {
    items.iter().map(|s| s.parse().unwrap()).collect()
}

pub fn with_db(db: std::sync::Arc<String>) -> impl Filter<Extract = (std::sync::Arc<String>,), Error = std::convert::Infallible> + Clone {
    warp::any().map(move || db.clone())
}
