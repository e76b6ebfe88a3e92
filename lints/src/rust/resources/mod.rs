//! resources: what grows without bound under load (queues, buffers, threads, caches).

pub mod busy_wait_loop;
pub mod http_client_per_request;
pub mod permissive_cors;
pub mod thread_per_connection;
pub mod unbounded_body_read;
pub mod unbounded_cache;
pub mod unbounded_channel;
