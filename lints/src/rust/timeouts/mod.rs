//! timeouts: every arrow between two processes can take forever unless bounded.

pub mod blocking_call_in_async;
pub mod db_pool_without_timeout;
pub mod http_client_without_timeout;
pub mod server_without_request_timeout;
pub mod tcp_connect_without_timeout;

use proc_macro2::{TokenStream, TokenTree};
use std::collections::HashSet;

/// The tokens name a loopback address, or a name bound to one.
pub fn names_loopback(tokens: TokenStream, names: &HashSet<String>) -> bool {
    tokens.into_iter().any(|tree| match tree {
        TokenTree::Literal(lit) => {
            let text = lit.to_string();
            ["\"localhost", "\"127.0.0.1", "\"[::1]", "\"::1"]
                .iter()
                .any(|l| text.starts_with(l))
        }
        TokenTree::Ident(ident) => {
            let text = ident.to_string();
            names.contains(&text) || text == "LOCALHOST"
        }
        TokenTree::Group(group) => names_loopback(group.stream(), names),
        TokenTree::Punct(_) => false,
    })
}
