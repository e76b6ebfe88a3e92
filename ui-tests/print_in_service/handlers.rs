//@ profile: service
//@ bin-root: false
// Prints in request handlers and background tasks of a service.
use axum::{extract::Path, Json};
use std::println as say;

pub async fn get_user(Path(id): Path<u64>) -> Json<u64> {
    println!("get_user {id}"); //~ print_in_service
    Json(id)
}

pub async fn create_user(Json(body): Json<serde_json::Value>) {
    eprintln!("creating {body:?}"); //~ print_in_service
    let _ = std::dbg!(&body); //~ print_in_service
}

pub fn spawn_worker() {
    tokio::spawn(async {
        loop {
            print!("."); //~ print_in_service
        }
    });
}

pub fn renamed() {
    say!("renamed macro"); //~ print_in_service
}

pub fn in_closure(items: &[u32]) {
    items.iter().for_each(|i| std::eprint!("{i}")); //~ print_in_service
}

pub fn logged(id: u64) {
    tracing::info!(id, "fetched user");
    log::warn!("slow request {}", id);
    let line = format!("user {id}");
    let mut out = String::new();
    use std::fmt::Write;
    let _ = writeln!(out, "{line}");
}

#[cfg(test)]
mod tests {
    #[test]
    fn prints_in_tests() {
        println!("fine in tests");
    }
}

#[test]
fn top_level_test() {
    println!("fine too");
}
