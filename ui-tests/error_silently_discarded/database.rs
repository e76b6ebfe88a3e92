//@ dep: sqlx
//@ dep: rusqlite
//@ dep: diesel
// Database statements whose failure is thrown away.
use sqlx::PgPool;

pub async fn forget_session(pool: &PgPool, id: i64) {
    let _ = sqlx::query("DELETE FROM sessions WHERE id = $1") //~ error_silently_discarded
        .bind(id)
        .execute(pool)
        .await;
    sqlx::query!("UPDATE users SET seen = now() WHERE id = $1", id) //~ error_silently_discarded
        .execute(pool)
        .await
        .ok();
}

pub fn mark_read(conn: &rusqlite::Connection, id: i64) {
    let _ = conn.execute("UPDATE messages SET read = 1 WHERE id = ?1", [id]); //~ error_silently_discarded
}

pub fn optimize(pool: &r2d2::Pool<r2d2_sqlite::SqliteConnectionManager>) -> anyhow::Result<()> {
    let conn = pool.get()?;
    conn.execute("DELETE FROM events WHERE expires_at < strftime('%s','now')", []).ok(); //~ error_silently_discarded
    Ok(())
}

pub fn purge(conn: &mut diesel::PgConnection) {
    use diesel::prelude::*;
    let _ = diesel::delete(posts::table).execute(conn); //~ error_silently_discarded
}

pub async fn pings_and_reads(pool: &PgPool, conn: &rusqlite::Connection) {
    // no comment needed: nothing is lost when a read is dropped
    let _x = 1;
    let _ = sqlx::query("SELECT 1").fetch_one(pool).await;
    let _ = conn.query_row("SELECT count(*) FROM users", [], |r| r.get::<_, i64>(0));
}

pub async fn migrations(pool: &PgPool, conn: &rusqlite::Connection) {
    let _ = conn.execute("ALTER TABLE pasta ADD COLUMN attachments TEXT", []);
    let _ = sqlx::query("CREATE INDEX idx_users_email ON users (email)").execute(pool).await;
}
