// sqlx queries run once per item of a loop: select n + 1.
use futures::stream::{self, StreamExt, TryStreamExt};
use sqlx::{query, query_as, PgPool, Row};

pub struct Order {
    pub id: i64,
}

pub async fn items_per_order(pool: &PgPool, orders: &[Order]) -> sqlx::Result<()> {
    for order in orders {
        let _items = sqlx::query("SELECT id FROM items WHERE order_id = $1") //~ query_in_loop
            .bind(order.id)
            .fetch_all(pool)
            .await?;
    }
    Ok(())
}

pub async fn imported_names(pool: &PgPool, ids: Vec<i64>) -> sqlx::Result<Vec<String>> {
    let mut names = Vec::new();
    for id in ids {
        let row = query("SELECT name FROM users WHERE id = $1").bind(id).fetch_one(pool).await?; //~ query_in_loop
        names.push(row.get::<String, _>(0));
    }
    Ok(names)
}

pub async fn query_as_generic(pool: &PgPool, ids: &[i64]) -> sqlx::Result<()> {
    for id in ids.iter() {
        let _user: Option<(i64,)> = query_as::<_, (i64,)>("SELECT id FROM users WHERE id = $1") //~ query_in_loop
            .bind(id)
            .fetch_optional(pool)
            .await?;
    }
    Ok(())
}

pub async fn macro_in_loop(pool: &PgPool, ids: &[i64]) -> sqlx::Result<()> {
    for id in ids {
        sqlx::query!("UPDATE users SET seen = now() WHERE id = $1", id).execute(pool).await?; //~ query_in_loop
    }
    Ok(())
}

pub async fn insert_each(pool: &PgPool, names: Vec<String>) -> sqlx::Result<()> {
    let mut tx = pool.begin().await?;
    for name in &names {
        sqlx::query("INSERT INTO tags (name) VALUES ($1)") //~ query_in_loop
            .bind(name)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await
}

pub async fn query_bound_to_a_variable(pool: &PgPool, ids: &[i64]) -> sqlx::Result<()> {
    for id in ids {
        let q = sqlx::query_scalar::<_, i64>("SELECT count(*) FROM items WHERE owner = $1").bind(id);
        let _n = q.fetch_one(pool).await?; //~ query_in_loop
    }
    Ok(())
}

pub async fn while_let_over_rows(pool: &PgPool) -> sqlx::Result<()> {
    let mut rows = sqlx::query("SELECT id FROM users").fetch(pool);
    while let Some(row) = rows.try_next().await? {
        let id: i64 = row.get(0);
        sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(id).execute(pool).await?; //~ query_in_loop
    }
    Ok(())
}

pub async fn concurrent_map(pool: &PgPool, ids: Vec<i64>) -> Vec<sqlx::Result<sqlx::postgres::PgRow>> {
    let futures = ids.iter().map(|id| {
        sqlx::query("SELECT * FROM users WHERE id = $1").bind(id).fetch_one(pool) //~ query_in_loop
    });
    futures::future::join_all(futures).await
}

pub async fn stream_then(pool: &PgPool, ids: Vec<i64>) -> Vec<sqlx::Result<u64>> {
    stream::iter(ids)
        .then(|id| async move {
            sqlx::query("UPDATE users SET n = n + 1 WHERE id = $1") //~ query_in_loop
                .bind(id)
                .execute(pool)
                .await
                .map(|r| r.rows_affected())
        })
        .collect()
        .await
}

pub async fn nested_in_polling_loop(pool: &PgPool) -> sqlx::Result<()> {
    loop {
        let jobs: Vec<(i64,)> = sqlx::query_as("SELECT id FROM jobs WHERE done = false").fetch_all(pool).await?;
        for (id,) in jobs {
            sqlx::query("UPDATE jobs SET done = true WHERE id = $1").bind(id).execute(pool).await?; //~ query_in_loop
        }
        tokio::time::sleep(std::time::Duration::from_secs(5)).await;
    }
}
