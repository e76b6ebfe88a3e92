//@ profile: service
//@ bin-root: false
// Suppressions: on the line, on the line above, by family, and a misspelt id.
pub async fn serve(mut requests: tokio::sync::mpsc::Receiver<u64>) {
    while requests.recv().await.is_some() {
        handler();
    }
}

fn handler() {
    println!("ready"); // prodcheck:allow(print_in_service) the supervisor greps this line
    // prodcheck:allow(logging) kept for the load-balancer check
    println!("pong");
    // prodcheck:allow(print_in_servise) //~ unknown_rule
    println!("typo does not silence"); //~ print_in_service
}
