//! How punctually a shop ships: of its most recent shipped orders, the share handed to the
//! carrier within two days of being placed. Shoppers read it on the shop page before they
//! buy from a producer they do not know.

use chrono::{DateTime, Duration, Utc};
use ocop_core::Error;
use sea_orm::{ConnectionTrait, FromQueryResult, Statement};
use serde::Serialize;

/// How long a shop has to hand a parcel to the carrier.
pub const SHIP_WITHIN_HOURS: i64 = 48;
/// How many of the latest shipped orders the share is taken over.
pub const LATEST: i64 = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Punctuality {
    pub shipped: u64,
    pub on_time: u64,
    /// Whole percent, rounded down (never shows 100% while one order was late).
    pub percent: u64,
}

#[derive(FromQueryResult)]
struct Row {
    placed: DateTime<Utc>,
    shipped: DateTime<Utc>,
}

/// The shop's punctuality over its latest shipped orders; `None` before its first.
///
/// # Errors
/// Database errors.
pub async fn of_shop<C: ConnectionTrait>(db: &C, shop_id: i64) -> Result<Option<Punctuality>, Error> {
    // The first "shipped" event of each shop order (a status is never set twice, but a
    // correction must not count a parcel twice).
    let sql = "SELECT so.created_at AS placed, MIN(e.created_at) AS shipped \
               FROM shop_orders so JOIN order_events e ON e.shop_order_id = so.id AND e.status = 'shipped' \
               WHERE so.shop_id = $1 GROUP BY so.id, so.created_at ORDER BY so.created_at DESC LIMIT $2";
    let rows = Row::find_by_statement(Statement::from_sql_and_values(
        db.get_database_backend(),
        sql,
        [shop_id.into(), LATEST.into()],
    ))
    .all(db)
    .await?;
    if rows.is_empty() {
        return Ok(None);
    }
    let shipped = rows.len() as u64;
    let on_time = rows.iter().filter(|r| r.shipped - r.placed <= Duration::hours(SHIP_WITHIN_HOURS)).count() as u64;
    Ok(Some(Punctuality { shipped, on_time, percent: on_time * 100 / shipped }))
}
