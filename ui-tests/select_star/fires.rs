//@ dep: tokio-postgres
// `SELECT *` in SQL passed to query functions.
use sqlx::PgPool;

const LIST_USERS: &str = "SELECT u.* FROM users u JOIN teams t ON t.id = u.team_id"; //~ select_star

pub async fn sqlx_function(pool: &PgPool, id: i64) -> sqlx::Result<()> {
    sqlx::query("SELECT * FROM users WHERE id = $1").bind(id).fetch_one(pool).await?; //~ select_star
    Ok(())
}

pub async fn sqlx_query_as(pool: &PgPool) -> sqlx::Result<Vec<(i64,)>> {
    sqlx::query_as("select distinct * from orders").fetch_all(pool).await //~ select_star
}

pub async fn sqlx_macro(pool: &PgPool, id: i64) -> sqlx::Result<()> {
    sqlx::query!("select * from orders where user_id = $1", id).fetch_all(pool).await?; //~ select_star
    Ok(())
}

pub async fn sqlx_macro_as(pool: &PgPool) -> sqlx::Result<()> {
    sqlx::query_as!(
        User,
        "SELECT * FROM users" //~ select_star
    )
    .fetch_all(pool)
    .await?;
    Ok(())
}

pub async fn through_a_constant(client: &tokio_postgres::Client) -> Result<(), tokio_postgres::Error> {
    client.query(LIST_USERS, &[]).await?;
    Ok(())
}

pub async fn constant_used_twice(pool: &PgPool) -> sqlx::Result<()> {
    sqlx::query(LIST_USERS).fetch_all(pool).await?;
    Ok(())
}

pub async fn through_a_variable(pool: &PgPool) -> sqlx::Result<()> {
    //~ select_star
    let sql = "SELECT *
        FROM audit_log";
    sqlx::query(sql).fetch_all(pool).await?;
    Ok(())
}

pub async fn in_a_format(pool: &PgPool, table: &str) -> sqlx::Result<()> {
    sqlx::query(&format!("SELECT * FROM {table}")).fetch_all(pool).await?; //~ select_star sql_built_with_format
    Ok(())
}

pub async fn with_cte(pool: &PgPool) -> sqlx::Result<()> {
    sqlx::query("WITH recent AS (SELECT id FROM orders) SELECT * FROM recent").fetch_all(pool).await?; //~ select_star
    Ok(())
}

pub async fn untyped_client(pool: &deadpool_postgres::Pool) -> anyhow::Result<()> {
    let client = pool.get().await?;
    client.query_one("SELECT * FROM settings LIMIT 1", &[]).await?; //~ select_star
    Ok(())
}

pub fn diesel_raw(conn: &mut diesel::PgConnection) -> diesel::QueryResult<usize> {
    use diesel::RunQueryDsl;
    diesel::sql_query("SELECT * FROM users").execute(conn) //~ select_star
}
