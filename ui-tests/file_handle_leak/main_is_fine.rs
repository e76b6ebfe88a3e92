// In `main` a leaked file lives exactly as long as the process.
use std::fs::File;

fn main() {
    let log: &'static File = Box::leak(Box::new(File::create("app.log").unwrap()));
    drop(log);
}
