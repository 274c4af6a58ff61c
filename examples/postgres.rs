//! The traced PostgreSQL client against the database at `DATABASE_URL`
//! (default `host=127.0.0.1 user=postgres dbname=postgres`; a
//! `postgres://user@host/db` URL works too): a table, a prepared statement,
//! a transaction and an error, printed as a span tree (or exported over OTLP
//! when `OTEL_EXPORTER_OTLP_ENDPOINT` is set).
//!
//! Run it with `DATABASE_URL=postgres://postgres@127.0.0.1/postgres cargo run --example postgres`.

use instrument_proxy::export;
use tracing::Instrument;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), tokio_postgres::Error> {
    let url = std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| "host=127.0.0.1 user=postgres dbname=postgres".into());
    let telemetry = export::install_with("postgres-example", export::SpanTree::default());

    let (mut client, connection) =
        instrument_proxy::postgres::connect(&url, tokio_postgres::NoTls).await?;
    tokio::spawn(connection);
    async {
        client
            .batch_execute(
                "DROP TABLE IF EXISTS example_users; \
                 CREATE TABLE example_users (id int PRIMARY KEY, name text NOT NULL)",
            )
            .await?;
        let insert = client
            .prepare("INSERT INTO example_users (id, name) VALUES ($1, $2)")
            .await?;
        let transaction = client.transaction().await?;
        transaction.execute(&insert, &[&1_i32, &"ada"]).await?;
        transaction.execute(&insert, &[&2_i32, &"alan"]).await?;
        transaction.commit().await?;
        let name: String = client
            .query_one("SELECT name FROM example_users WHERE id = $1", &[&2_i32])
            .await?
            .get(0);
        println!("user 2 is {name}");
        let error = client
            .execute(&insert, &[&1_i32, &"grace"])
            .await
            .unwrap_err();
        println!("a second user 1 fails: {error}");
        client.batch_execute("DROP TABLE example_users").await?;
        Ok::<_, tokio_postgres::Error>(())
    }
    .instrument(tracing::info_span!("postgres example"))
    .await?;

    drop(telemetry);
    Ok(())
}
