//! Database connection set-up for both backends: SQLite (embedded default) and PostgreSQL.

use std::time::Duration;

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr, TransactionTrait};

/// Opens a pool. SQLite gets WAL (readers never block the writer), foreign keys on, and a
/// busy timeout so concurrent writers queue instead of failing; a missing file is created.
///
/// # Errors
/// The database cannot be reached or opened.
pub async fn connect(url: &str, max_connections: u32) -> Result<DatabaseConnection, DbErr> {
    let mut url = url.to_owned();
    let sqlite = url.starts_with("sqlite:");
    if sqlite && !url.contains("mode=") {
        url.push_str(if url.contains('?') { "&mode=rwc" } else { "?mode=rwc" });
    }
    let mut options = ConnectOptions::new(url);
    options
        .max_connections(max_connections)
        .min_connections(1)
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|o| {
            o.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
        });
    Database::connect(options).await
}

/// Makes a transaction a writer from its first statement. On SQLite (WAL) a transaction
/// that reads and then writes fails at once with SQLITE_BUSY_SNAPSHOT ("database is locked",
/// code 517, which the busy timeout does not retry) when another connection committed in
/// between; taking the write lock first makes it queue on the busy timeout instead. An
/// UPDATE that matches nothing takes the lock and changes nothing. Elsewhere a no-op.
///
/// # Errors
/// The database cannot be reached.
pub async fn write_first<C: sea_orm::ConnectionTrait>(txn: &C) -> Result<(), DbErr> {
    if txn.get_database_backend() == sea_orm::DatabaseBackend::Sqlite {
        txn.execute_unprepared("UPDATE seaql_migrations SET version = version WHERE 0 = 1").await?;
    }
    Ok(())
}

/// Begins a transaction that will write, as a writer from its first statement (see
/// [`write_first`]). Every transaction that changes rows opens through this: on SQLite a
/// plain `begin()` that reads first fails at once when a background worker commits between
/// its read and its first write.
///
/// # Errors
/// The database cannot be reached.
pub async fn begin_write<C>(db: &C) -> Result<C::Transaction, DbErr>
where
    C: TransactionTrait,
    C::Transaction: sea_orm::ConnectionTrait,
{
    let txn = db.begin().await?;
    write_first(&txn).await?;
    Ok(txn)
}
