//@ profile: other
// A CLI tool that stops a long copy on Ctrl-C is not a service.
#[tokio::main]
async fn main() {
    tokio::select! {
        _ = tokio::signal::ctrl_c() => eprintln!("interrupted"),
        _ = copy_everything() => {}
    }
}

async fn copy_everything() {}
