//@ profile: service
//@ bin-root: false
// Prints in request handlers and background tasks of a service.
use axum::{extract::Path, Json};
use std::println as say;

pub async fn get_user(Path(id): Path<u64>) -> Json<u64> {
    println!("get_user {id}"); //~ print_in_service
    renamed();
    in_closure(&[1, 2]);
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

// Called by a handler: runs per request too.
fn renamed() {
    say!("renamed macro"); //~ print_in_service
}

fn in_closure(items: &[u32]) {
    items.iter().for_each(|i| std::eprint!("{i}")); //~ print_in_service
}

// Called by no handler, task or loop: start-up or command-line code.
pub fn describe(id: u64) {
    println!("user {id}");
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

// An actix actor's message handler runs per websocket message.
struct Session;

impl actix::StreamHandler<Result<String, std::io::Error>> for Session {
    fn handle(&mut self, msg: Result<String, std::io::Error>, _ctx: &mut ()) {
        if msg.is_err() {
            println!("unexpected frame"); //~ print_in_service
        }
    }
}
