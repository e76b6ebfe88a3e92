//@ dep: diesel
//@ dep: tokio-postgres
//@ dep: rusqlite
// diesel and tokio-postgres queries run once per item of a loop (rusqlite ones stay silent).
use diesel::prelude::*;

pub fn diesel_find(conn: &mut PgConnection, ids: &[i32]) -> QueryResult<Vec<User>> {
    let mut out = Vec::new();
    for id in ids {
        out.push(users::table.find(id).first::<User>(conn)?); //~ query_in_loop
    }
    Ok(out)
}

pub fn diesel_map(conn: &mut PgConnection, ids: Vec<i32>) -> QueryResult<Vec<User>> {
    ids.into_iter()
        .map(|id| crate::schema::users::table.filter(crate::schema::users::id.eq(id)).get_result(conn)) //~ query_in_loop
        .collect()
}

pub fn diesel_insert(conn: &mut PgConnection, names: &[String]) -> QueryResult<()> {
    for name in names {
        diesel::insert_into(crate::schema::tags::table) //~ query_in_loop
            .values(crate::schema::tags::name.eq(name))
            .execute(conn)?;
    }
    Ok(())
}

pub async fn typed_client(client: &tokio_postgres::Client, ids: &[i64]) -> Result<(), tokio_postgres::Error> {
    for id in ids {
        client.query_one("SELECT name FROM users WHERE id = $1", &[id]).await?; //~ query_in_loop
    }
    Ok(())
}

pub async fn pooled_client(pool: &deadpool_postgres::Pool, ids: &[i64]) -> anyhow::Result<()> {
    let client = pool.get().await?;
    let stmt = client.prepare_cached("UPDATE users SET seen = now() WHERE id = $1").await?;
    for id in ids {
        client.execute(&stmt, &[id]).await?; //~ query_in_loop
    }
    Ok(())
}

pub async fn pooled_literal(pool: &deadpool_postgres::Pool, ids: &[i64]) -> anyhow::Result<()> {
    let client = pool.get().await?;
    for id in ids {
        client.query("DELETE FROM carts WHERE user_id = $1", &[id]).await?; //~ query_in_loop
    }
    Ok(())
}

pub fn rusqlite_conn(conn: &rusqlite::Connection, names: &[&str]) -> rusqlite::Result<()> {
    for name in names {
        // rusqlite: SQLite in the process, not a round trip: silent
        conn.execute("INSERT INTO tags (name) VALUES (?1)", [name])?;
    }
    Ok(())
}

pub fn rusqlite_opened(names: &[&str]) -> rusqlite::Result<()> {
    let conn = rusqlite::Connection::open("app.db")?;
    names.iter().try_for_each(|name| {
        conn.query_row("SELECT id FROM tags WHERE name = ?1", [name], |r| r.get::<_, i64>(0))
            .map(drop)
    })
}
