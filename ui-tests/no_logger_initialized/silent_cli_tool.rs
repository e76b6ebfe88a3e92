//@ profile: other
// A command-line tool: no logger is fine.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    println!("{}", args.len());
}
