// Pools and connections that wait forever.
use deadpool_postgres::{Manager, Pool, Runtime};
use deadpool_redis::Config as RedisConfig;

pub fn postgres_pool(manager: Manager) -> Pool {
    Pool::builder(manager).max_size(16).build().unwrap() //~ db_pool_without_timeout
}

pub fn full_path(manager: deadpool_postgres::Manager) -> Result<deadpool_postgres::Pool, deadpool_postgres::BuildError> {
    deadpool_postgres::Pool::builder(manager) //~ db_pool_without_timeout
        .max_size(8)
        .runtime(Runtime::Tokio1)
        .build()
}

pub fn redis_pool(url: &str) -> deadpool_redis::Pool {
    RedisConfig::from_url(url).create_pool(Some(deadpool_redis::Runtime::Tokio1)).unwrap() //~ db_pool_without_timeout
}

pub fn managed(manager: MyManager) -> deadpool::managed::Pool<MyManager> {
    deadpool::managed::Pool::builder(manager).build().expect("pool") //~ db_pool_without_timeout
}

pub fn explicit_none(manager: Manager) -> Pool {
    Pool::builder(manager).wait_timeout(None).build().unwrap() //~ db_pool_without_timeout
}

pub fn diesel_async_pool(url: &str) -> diesel_async::pooled_connection::deadpool::Pool<diesel_async::AsyncPgConnection> {
    let config = diesel_async::pooled_connection::AsyncDieselConnectionManager::new(url);
    diesel_async::pooled_connection::deadpool::Pool::builder(config).build().unwrap() //~ db_pool_without_timeout
}

pub fn redis_sync(url: &str) -> redis::RedisResult<redis::Connection> {
    redis::Client::open(url)?.get_connection() //~ db_pool_without_timeout
}

pub struct AppState {
    pub pool: deadpool_redis::Pool,
}

impl AppState {
    pub fn new(url: String) -> Self {
        let cfg = deadpool_redis::Config::from_url(url);
        AppState {
            pool: deadpool_redis::Config::from_url("redis://cache").create_pool(None).unwrap(), //~ db_pool_without_timeout
        }
        .with(cfg)
    }

    fn with(self, _cfg: deadpool_redis::Config) -> Self {
        self
    }
}

pub struct MyManager;
