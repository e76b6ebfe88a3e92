// Pools with a wait timeout, and pools whose default has one.
use deadpool_postgres::{Manager, Pool, Runtime};
use std::time::Duration;

pub fn with_wait_timeout(manager: Manager) -> Pool {
    Pool::builder(manager)
        .max_size(16)
        .wait_timeout(Some(Duration::from_secs(5)))
        .runtime(Runtime::Tokio1)
        .build()
        .unwrap()
}

pub fn with_timeouts(manager: Manager) -> Pool {
    Pool::builder(manager)
        .timeouts(deadpool_postgres::Timeouts::wait_millis(3000))
        .runtime(Runtime::Tokio1)
        .build()
        .unwrap()
}

pub fn with_pool_config(manager: Manager, config: deadpool_postgres::PoolConfig) -> Pool {
    Pool::builder(manager).config(config).build().unwrap()
}

pub fn redis_builder(url: &str) -> deadpool_redis::Pool {
    deadpool_redis::Config::from_url(url)
        .builder()
        .unwrap()
        .wait_timeout(Some(Duration::from_secs(2)))
        .runtime(deadpool_redis::Runtime::Tokio1)
        .build()
        .unwrap()
}

pub async fn bb8_default(manager: bb8_postgres::PostgresConnectionManager<tokio_postgres::NoTls>) -> bb8::Pool<bb8_postgres::PostgresConnectionManager<tokio_postgres::NoTls>> {
    bb8::Pool::builder().max_size(10).build(manager).await.unwrap()
}

pub fn r2d2_default(manager: r2d2_postgres::PostgresConnectionManager<postgres::NoTls>) -> r2d2::Pool<r2d2_postgres::PostgresConnectionManager<postgres::NoTls>> {
    r2d2::Pool::builder().max_size(15).build(manager).unwrap()
}

pub async fn sqlx_default(url: &str) -> sqlx::PgPool {
    sqlx::postgres::PgPoolOptions::new().max_connections(5).connect(url).await.unwrap()
}

pub fn redis_with_timeout(url: &str) -> redis::RedisResult<redis::Connection> {
    redis::Client::open(url)?.get_connection_with_timeout(Duration::from_secs(2))
}

pub fn not_deadpool(builder: MyPool) -> MyPool {
    MyPool::builder(builder).build()
}

pub struct MyPool;
impl MyPool {
    pub fn builder(p: MyPool) -> MyPool {
        p
    }
    pub fn build(self) -> MyPool {
        self
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn pool() {
        let _ = deadpool_redis::Config::from_url("redis://x").create_pool(None);
    }
}
