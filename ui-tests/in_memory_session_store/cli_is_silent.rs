//@ profile: other
// Not a service: the rule is scoped to service code.
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub fn router() -> axum::Router {
    axum::Router::new().with_state(Arc::new(Mutex::new(HashMap::<u8, u8>::new())))
}
