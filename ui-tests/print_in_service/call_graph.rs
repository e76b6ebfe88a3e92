//@ profile: service
//@ bin-root: false
// The call graph is followed by `Type::method`, not by bare name: a handler calling
// `Server::new` does not make `Settings::new` per-request. Loops over a collection run
// once per item of start-up work, not per event.
use axum::extract::Path;

pub struct Settings;
pub struct Server;

impl Settings {
    pub fn new() -> Settings {
        println!("reading settings");
        Settings
    }
}

impl Server {
    pub fn new() -> Server {
        eprintln!("server instance"); //~ print_in_service
        Server
    }
}

pub async fn handler(Path(id): Path<u64>) -> String {
    let _ = Server::new();
    id.to_string()
}

pub fn startup(paths: &[&str]) -> Settings {
    for path in paths {
        println!("loading {path}");
    }
    Settings::new()
}
