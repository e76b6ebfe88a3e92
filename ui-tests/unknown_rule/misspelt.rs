// An unknown id in a suppression silences nothing and is itself reported.
// prodcheck:allow(no_such_rule) //~ unknown_rule
fn main() {}

fn other() {} // prodcheck:allow(timeouts, http_clients) //~ unknown_rule
