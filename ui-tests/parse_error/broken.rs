// A file that does not parse is reported, not skipped silently.
fn main() {
    let x = ; //~ parse_error
}
