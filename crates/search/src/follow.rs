//! Following the outbox: the product changes written after an index's cursor, re-read
//! from the database into the index. The gateway's worker only supervises (when to call,
//! back-off, shutdown); the SQL and what an entry means live here.

use ocop_core::Error;
use sea_orm::{ConnectionTrait, Statement};

use crate::index::SearchIndex;

/// Outbox entries read per step.
pub const BATCH: usize = 500;

/// The newest outbox entry: an index built after reading it only needs what comes later.
///
/// # Errors
/// The database cannot be read.
pub async fn outbox_head<C: ConnectionTrait>(db: &C) -> Result<i64, Error> {
    let sql = "SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) AS n FROM outbox";
    let row = db.query_one_raw(Statement::from_string(db.get_database_backend(), sql)).await?;
    Ok(row.and_then(|r| r.try_get::<i64>("", "n").ok()).unwrap_or(0))
}

/// Reads the outbox entries after `cursor` (a batch at most) and re-reads those products
/// into `index`, committed as current to the last entry read. Returns the new cursor and
/// how many entries were read.
///
/// # Errors
/// The database cannot be read or the index written.
pub async fn follow<C: ConnectionTrait>(db: &C, index: &SearchIndex, cursor: i64) -> Result<(i64, usize), Error> {
    let sql = format!(
        "SELECT id, payload FROM outbox WHERE id > {cursor} AND topic = '{}' ORDER BY id LIMIT {BATCH}",
        ocop_catalog::outbox::PRODUCT_CHANGED
    );
    let rows = db.query_all_raw(Statement::from_string(db.get_database_backend(), sql)).await?;
    if rows.is_empty() {
        return Ok((cursor, 0));
    }
    let read = rows.len();
    let mut ids = Vec::with_capacity(rows.len());
    let mut last = cursor;
    for row in rows {
        last = last.max(row.try_get::<i64>("", "id").unwrap_or(last));
        if let Ok(payload) = row.try_get::<serde_json::Value>("", "payload")
            && let Some(id) = payload["product_id"].as_i64()
        {
            ids.push(id);
        }
    }
    ids.sort_unstable();
    ids.dedup();
    index.refresh_to(db, &ids, Some(last)).await?;
    Ok((last, read))
}

/// [`follow`] until the outbox has nothing more; returns the new cursor.
///
/// # Errors
/// The database cannot be read or the index written.
pub async fn catch_up<C: ConnectionTrait>(db: &C, index: &SearchIndex, mut cursor: i64) -> Result<i64, Error> {
    loop {
        let (next, read) = follow(db, index, cursor).await?;
        cursor = next;
        if read < BATCH {
            return Ok(cursor);
        }
    }
}
