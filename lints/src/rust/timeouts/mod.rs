//! timeouts: every arrow between two processes can take forever unless bounded.

pub mod http_client_without_timeout;
