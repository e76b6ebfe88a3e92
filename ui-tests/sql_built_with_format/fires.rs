//@ dep: tokio-postgres
//@ dep: rusqlite
// SQL text built from runtime values and handed to a query function.
use sqlx::{query, PgPool};
use std::fmt::Write;

pub async fn format_then_query(pool: &PgPool, name: &str) -> sqlx::Result<()> {
    let sql = format!("SELECT id FROM users WHERE name = '{}'", name);
    sqlx::query(&sql).fetch_all(pool).await?; //~ sql_built_with_format
    Ok(())
}

pub async fn inline_capture(pool: &PgPool, name: String) -> sqlx::Result<()> {
    let sql = format!("DELETE FROM users WHERE name = '{name}'");
    query(sql.as_str()).execute(pool).await?; //~ sql_built_with_format
    Ok(())
}

pub async fn format_in_the_call(pool: &PgPool, id: i64) -> sqlx::Result<()> {
    sqlx::query_as::<_, (i64,)>(&format!("SELECT id FROM orders WHERE user_id = {id}")) //~ sql_built_with_format
        .fetch_all(pool)
        .await?;
    Ok(())
}

pub async fn concatenated(pool: &PgPool, email: &str) -> sqlx::Result<()> {
    let sql = "SELECT id FROM users WHERE email = '".to_string() + email + "'";
    sqlx::query_scalar::<_, i64>(&sql).fetch_one(pool).await?; //~ sql_built_with_format
    Ok(())
}

pub async fn push_str(pool: &PgPool, filter: &str) -> sqlx::Result<()> {
    let mut sql = String::from("SELECT id FROM users WHERE 1 = 1");
    sql.push_str(" AND name LIKE '");
    sql.push_str(filter);
    sql.push('\'');
    sqlx::query(&sql).fetch_all(pool).await?; //~ sql_built_with_format
    Ok(())
}

pub async fn write_macro(pool: &PgPool, ids: &[String]) -> sqlx::Result<()> {
    let mut sql = String::new();
    let _ = write!(sql, "DELETE FROM carts WHERE id IN ({})", ids.join(","));
    sqlx::raw_sql(&sql).execute(pool).await?; //~ sql_built_with_format
    Ok(())
}

pub fn diesel_sql_query(conn: &mut diesel::PgConnection, key: &str) -> diesel::QueryResult<usize> {
    use diesel::RunQueryDsl;
    diesel::sql_query(format!("DELETE FROM kv WHERE k = '{key}'")).execute(conn) //~ sql_built_with_format
}

pub async fn tokio_postgres_typed(client: &tokio_postgres::Client, table: &str) -> Result<(), tokio_postgres::Error> {
    let sql = format!("TRUNCATE {table}");
    client.batch_execute(&sql).await //~ sql_built_with_format
}

pub async fn pooled_untyped(pool: &deadpool_postgres::Pool, user: &str) -> anyhow::Result<()> {
    let client = pool.get().await?;
    client.query(&format!("SELECT * FROM logins WHERE user_name = '{}'", user), &[]).await?; //~ sql_built_with_format
    Ok(())
}

pub fn rusqlite_typed(conn: &rusqlite::Connection, tag: &str) -> rusqlite::Result<usize> {
    let sql = format!("INSERT INTO tags (name) VALUES ('{}')", tag);
    conn.execute(&sql, []) //~ sql_built_with_format
}

pub fn in_a_closure(conn: &rusqlite::Connection, names: &[&str]) -> rusqlite::Result<()> {
    names.iter().try_for_each(|name| {
        conn.execute_batch(&format!("DELETE FROM tags WHERE name = '{name}'")) //~ sql_built_with_format
    })
}
