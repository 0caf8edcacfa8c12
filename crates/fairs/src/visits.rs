//! Counting visitors: one row per visitor, day and page (the fair's page, or a booth's,
//! reached online or by scanning the QR code printed at the booth). The visitor is a keyed
//! hash of a cookie: the report counts people without naming anyone.

use chrono::{DateTime, Utc};
use ocop_core::Error;
use sea_orm::{ConnectionTrait, Statement};
use sha2::{Digest, Sha256};

/// The fair's own page, as a booth id.
pub const FAIR_PAGE: i64 = 0;

/// A visitor key from a cookie value and the deployment's secret.
pub fn visitor_key(secret: &[u8], cookie: &str) -> String {
    let mut hash = Sha256::new();
    hash.update(secret);
    hash.update(b"\0fair-visitor\0");
    hash.update(cookie.as_bytes());
    hex::encode(&hash.finalize()[..16])
}

/// Vietnam's calendar day of `at`, as stored.
pub fn day_of(at: DateTime<Utc>) -> String {
    ocop_core::time::vn_date(at).format("%Y-%m-%d").to_string()
}

/// Notes that `visitor` saw the fair's page (`booth_id` 0) or a booth today; a second look
/// the same day changes nothing.
///
/// # Errors
/// The database cannot be written.
pub async fn record<C: ConnectionTrait>(
    db: &C,
    fair_id: i64,
    booth_id: i64,
    visitor: &str,
    at: DateTime<Utc>,
) -> Result<(), Error> {
    let backend = db.get_database_backend();
    db.execute_raw(Statement::from_sql_and_values(
        backend,
        "INSERT INTO fair_visits (fair_id, booth_id, visitor, day, first_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT DO NOTHING",
        [fair_id.into(), booth_id.into(), visitor.into(), day_of(at).into(), at.into()],
    ))
    .await?;
    Ok(())
}
