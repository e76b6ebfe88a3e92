//@ dep: tokio-postgres
// Constant SQL with bind parameters, compile-time checked macros, QueryBuilder: silent.
use sqlx::{PgPool, QueryBuilder, Postgres};

const COLUMNS: &str = "id, name, email";
const TABLE: &str = "users";

pub async fn bind(pool: &PgPool, name: &str) -> sqlx::Result<()> {
    sqlx::query("SELECT id FROM users WHERE name = $1").bind(name).fetch_all(pool).await?;
    Ok(())
}

pub async fn checked_macro(pool: &PgPool, name: &str) -> sqlx::Result<()> {
    sqlx::query!("SELECT id FROM users WHERE name = $1", name).fetch_all(pool).await?;
    Ok(())
}

pub async fn constants_only(pool: &PgPool, id: i64) -> sqlx::Result<()> {
    let sql = format!("SELECT {COLUMNS} FROM {} WHERE id = $1", TABLE);
    sqlx::query(&sql).bind(id).fetch_all(pool).await?;
    Ok(())
}

pub async fn query_builder(pool: &PgPool, name: &str, ids: &[i64]) -> sqlx::Result<()> {
    let mut builder: QueryBuilder<Postgres> = QueryBuilder::new("SELECT id FROM users WHERE name = ");
    builder.push_bind(name);
    builder.push(" AND id = ANY(").push_bind(ids).push(")");
    builder.build().fetch_all(pool).await?;
    Ok(())
}

pub async fn typed_client(client: &tokio_postgres::Client, id: i64) -> Result<(), tokio_postgres::Error> {
    client.query("SELECT name FROM users WHERE id = $1", &[&id]).await?;
    Ok(())
}

/// A message built with format!, never handed to a query function.
pub fn message(name: &str) -> String {
    let text = format!("SELECT a plan for {name}");
    text
}

/// A format! passed to a method of an unknown type with text that is not SQL.
pub async fn unknown(cache: &Cache, key: &str) {
    cache.execute(&format!("refresh {key}")).await;
}

/// Positional arguments that are literals.
pub async fn literal_args(pool: &PgPool) -> sqlx::Result<()> {
    let sql = format!("SELECT id FROM {} LIMIT {}", "users", 10);
    sqlx::query(&sql).fetch_all(pool).await?;
    Ok(())
}

/// Shadowed: the variable no longer holds the formatted text.
pub async fn shadowed(pool: &PgPool, name: &str) -> sqlx::Result<()> {
    let sql = format!("SELECT id FROM users WHERE name = '{name}'");
    drop(sql);
    let sql = "SELECT id FROM users WHERE name = $1";
    sqlx::query(sql).bind(name).fetch_all(pool).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    async fn fixture(pool: &sqlx::PgPool, table: &str) {
        sqlx::query(&format!("TRUNCATE {table}")).execute(pool).await.unwrap();
    }
}

/// Values from a literal table of the function: a fixed set of statements.
pub fn literal_table(conn: &mut diesel::PgConnection) {
    use diesel::RunQueryDsl;
    let intervals = vec![("1 day", "day"), ("1 week", "week"), ("1 month", "month")];
    for i in &intervals {
        let stmt = format!("update site_aggregates set users_active_{} = activity('{}')", i.1, i.0);
        diesel::sql_query(stmt).execute(conn).expect("update");
    }
    for (interval, column) in [("1 day", "day"), ("1 week", "week")] {
        diesel::sql_query(format!("update stats set {column} = activity('{interval}')")).execute(conn).expect("update");
    }
}

/// Only bind placeholders are spliced in: `IN (?, ?, ?)`.
pub fn placeholders(conn: &rusqlite::Connection, ids: &[i64]) -> rusqlite::Result<usize> {
    let placeholders = vec!["?"; ids.len()].join(", ");
    let sql = format!("DELETE FROM events WHERE id IN ({placeholders})");
    conn.execute(&sql, rusqlite::params_from_iter(ids))?;
    let query = format!("UPDATE events SET hidden = 1 WHERE id IN ({})", repeat_vars(ids.len()));
    conn.execute(&query, rusqlite::params_from_iter(ids))
}

/// A placeholder list bound to a variable first.
pub fn question_marks(conn: &rusqlite::Connection, kinds: &[String]) -> rusqlite::Result<usize> {
    let question_marks = repeat_vars(kinds.len());
    let query = format!("SELECT id FROM events WHERE rel_type IN ({question_marks})");
    conn.execute(&query, rusqlite::params_from_iter(kinds))
}
