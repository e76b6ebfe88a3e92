//! timeouts: every arrow between two processes can take forever unless bounded.

pub mod blocking_call_in_async;
pub mod db_pool_without_timeout;
pub mod http_client_without_timeout;
pub mod server_without_request_timeout;
pub mod tcp_connect_without_timeout;

use proc_macro2::{TokenStream, TokenTree};
use std::collections::HashSet;

/// The expression names a loopback address (`"127.0.0.1:8080"`, `Ipv4Addr::LOCALHOST`),
/// or a name bound to one. Walks the expression's syntax (a macro's tokens for
/// `format!("localhost:{port}")`), without turning it back into tokens.
pub fn names_loopback(expr: &syn::Expr, names: &HashSet<String>) -> bool {
    let mut finder = LoopbackFinder {
        names,
        found: false,
    };
    syn::visit::Visit::visit_expr(&mut finder, expr);
    finder.found
}

const LOOPBACK_PREFIXES: &[&str] = &["localhost", "127.0.0.1", "[::1]", "::1"];

struct LoopbackFinder<'n> {
    names: &'n HashSet<String>,
    found: bool,
}

impl<'ast> syn::visit::Visit<'ast> for LoopbackFinder<'_> {
    fn visit_lit_str(&mut self, lit: &'ast syn::LitStr) {
        let value = lit.value();
        self.found |= LOOPBACK_PREFIXES.iter().any(|l| value.starts_with(l));
    }

    fn visit_ident(&mut self, ident: &'ast proc_macro2::Ident) {
        self.found |= ident == "LOCALHOST"
            || (!self.names.is_empty() && self.names.contains(&ident.to_string()));
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        self.found |= tokens_name_loopback(mac.tokens.clone(), self.names);
    }
}

fn tokens_name_loopback(tokens: TokenStream, names: &HashSet<String>) -> bool {
    tokens.into_iter().any(|tree| match tree {
        TokenTree::Literal(lit) => {
            let text = lit.to_string();
            LOOPBACK_PREFIXES
                .iter()
                .any(|l| text.strip_prefix('"').is_some_and(|t| t.starts_with(l)))
        }
        TokenTree::Ident(ident) => ident == "LOCALHOST" || names.contains(&ident.to_string()),
        TokenTree::Group(group) => tokens_name_loopback(group.stream(), names),
        TokenTree::Punct(_) => false,
    })
}
