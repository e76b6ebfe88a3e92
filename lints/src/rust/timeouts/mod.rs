//! timeouts: every arrow between two processes can take forever unless bounded.

pub mod blocking_call_in_async;
pub mod db_pool_without_timeout;
pub mod http_client_without_timeout;
pub mod server_without_request_timeout;
pub mod tcp_connect_without_timeout;
