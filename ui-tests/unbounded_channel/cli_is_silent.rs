//@ profile: other
// A CLI tool: the rule is scoped to service code.
use std::sync::mpsc;

fn main() {
    let (tx, rx) = mpsc::channel();
    for path in std::env::args().skip(1) {
        let tx = tx.clone();
        std::thread::spawn(move || tx.send(path.len()));
    }
    drop(tx);
    let total: usize = rx.iter().sum();
    let (etx, erx) = crossbeam_channel::unbounded();
    etx.send(total).unwrap();
    let _ = erx.recv();
}
