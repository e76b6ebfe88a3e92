//@ dep: diesel
//@ dep: tokio-postgres
// One query for all items, polling and retry loops, event loops, look-alikes.
use sqlx::PgPool;
use std::sync::atomic::{AtomicUsize, Ordering};

pub async fn one_query(pool: &PgPool, ids: &[i64]) -> sqlx::Result<()> {
    sqlx::query("SELECT id FROM items WHERE order_id = ANY($1)").bind(ids).fetch_all(pool).await?;
    Ok(())
}

pub async fn polling_worker(pool: &PgPool) -> sqlx::Result<()> {
    loop {
        let _jobs = sqlx::query("SELECT id FROM jobs WHERE done = false").fetch_all(pool).await?;
        tokio::time::sleep(std::time::Duration::from_secs(5)).await;
    }
}

pub async fn wait_for_database(pool: &PgPool) {
    for _attempt in 0..10 {
        if sqlx::query("SELECT 1").execute(pool).await.is_ok() {
            return;
        }
    }
}

pub async fn retry_with_const(pool: &PgPool) {
    const MAX_ATTEMPTS: u32 = 5;
    for _ in 1..=MAX_ATTEMPTS {
        if sqlx::query("SELECT 1").execute(pool).await.is_ok() {
            break;
        }
    }
}

pub async fn event_loop(pool: &PgPool, mut rx: tokio::sync::mpsc::Receiver<i64>) -> sqlx::Result<()> {
    while let Some(id) = rx.recv().await {
        sqlx::query("INSERT INTO events (id) VALUES ($1)").bind(id).execute(pool).await?;
    }
    Ok(())
}

pub async fn paginate(pool: &PgPool) -> sqlx::Result<()> {
    let mut offset = 0i64;
    loop {
        let page: Vec<(i64,)> = sqlx::query_as("SELECT id FROM users ORDER BY id LIMIT 100 OFFSET $1")
            .bind(offset)
            .fetch_all(pool)
            .await?;
        if page.is_empty() {
            break;
        }
        offset += 100;
    }
    Ok(())
}

pub async fn rows_iterated_after(pool: &PgPool) -> sqlx::Result<i64> {
    let mut total = 0;
    for row in sqlx::query_as::<_, (i64,)>("SELECT n FROM counts").fetch_all(pool).await? {
        total += row.0;
    }
    Ok(total)
}

/// Atomics and options have `load`/`first`/`map` too.
pub fn look_alikes(counter: &AtomicUsize, names: &[String], id: Option<i64>) -> usize {
    let mut n = 0;
    for name in names {
        n += counter.load(Ordering::Relaxed) + name.len();
        let _ = names.first();
    }
    let _ = id.map(|id| id + 1);
    n
}

/// An Option's `map` runs once, not per item.
pub fn option_map(conn: &mut diesel::PgConnection, id: Option<i32>) -> Option<diesel::QueryResult<User>> {
    use diesel::prelude::*;
    id.map(|id| crate::schema::users::table.find(id).first::<User>(conn))
}

/// Unknown receiver type and no SQL text: not a database call we can name.
pub async fn unknown(cache: &Cache, keys: &[String]) {
    for key in keys {
        cache.execute(key).await;
    }
}

pub async fn batch_insert(pool: &PgPool, names: &[String]) -> sqlx::Result<()> {
    let mut builder = sqlx::QueryBuilder::new("INSERT INTO tags (name) ");
    builder.push_values(names, |mut b, name| {
        b.push_bind(name);
    });
    builder.build().execute(pool).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn seeds(pool: sqlx::PgPool) {
        for i in 0..100 {
            sqlx::query("INSERT INTO t VALUES ($1)").bind(i).execute(&pool).await.unwrap();
        }
    }
}

/// A loop over a literal table of the function: a fixed number of statements.
pub fn literal_table(conn: &mut diesel::PgConnection) {
    use diesel::RunQueryDsl;
    let tables = vec!["sessions", "tokens", "carts"];
    for table in &tables {
        diesel::sql_query(format!("TRUNCATE {table}")).execute(conn).expect("truncate");
    }
    for (interval, column) in [("1 day", "day"), ("1 week", "week")] {
        diesel::sql_query(format!("update stats set {column} = activity('{interval}')")).execute(conn).expect("update");
    }
}

/// SQLite in the process: a query is a function call, not a round trip.
pub fn sqlite_in_process(tx: &rusqlite::Transaction<'_>, tags: &[String]) -> rusqlite::Result<()> {
    for tag in tags {
        tx.execute("INSERT INTO tag (name) VALUES (?1)", [tag])?;
    }
    Ok(())
}
