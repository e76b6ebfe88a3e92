//@ dep: tokio-postgres
// Named columns, count(*), EXISTS, and stars outside SQL: silent.
use sqlx::PgPool;

const HELP: &str = "use SELECT * sparingly";

pub async fn named(pool: &PgPool) -> sqlx::Result<()> {
    sqlx::query("SELECT id, name FROM users").fetch_all(pool).await?;
    Ok(())
}

pub async fn count(pool: &PgPool) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT count(*) FROM users").fetch_one(pool).await
}

pub async fn count_macro(pool: &PgPool) -> sqlx::Result<()> {
    sqlx::query!("SELECT COUNT(*) AS n FROM users").fetch_one(pool).await?;
    Ok(())
}

pub async fn exists(pool: &PgPool) -> sqlx::Result<()> {
    sqlx::query("SELECT id FROM users u WHERE EXISTS (SELECT * FROM bans b WHERE b.user_id = u.id)")
        .fetch_all(pool)
        .await?;
    Ok(())
}

pub async fn multiplication(pool: &PgPool) -> sqlx::Result<()> {
    sqlx::query("SELECT price * quantity AS total FROM lines").fetch_all(pool).await?;
    Ok(())
}

pub fn not_a_query() -> String {
    let sql = "SELECT * FROM users";
    format!("{HELP}: {sql}")
}

pub async fn unknown_receiver(cache: &Cache) {
    cache.query("SELECT * please", &[]).await;
}

pub fn log_line() {
    tracing::info!("running SELECT * FROM users");
}

#[cfg(test)]
mod tests {
    async fn dump(pool: &sqlx::PgPool) {
        sqlx::query("SELECT * FROM users").fetch_all(pool).await.unwrap();
    }
}

/// A set-returning function defines its own columns; a scalar subquery has one.
pub async fn from_function(pool: &PgPool) -> sqlx::Result<()> {
    sqlx::query("UPDATE site SET users_active = (SELECT * FROM site_activity('1 day'))").execute(pool).await?;
    Ok(())
}
