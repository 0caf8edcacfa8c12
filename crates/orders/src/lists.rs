//! The admin's filtered order lists behind the first screen's counts: orders placed today,
//! and orders a shop has not shipped in time.

use chrono::{DateTime, Duration, Utc};
use ocop_core::Error;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::entity::{order, shop_order};
use crate::queries::{Detail, detail_of};
use crate::status::Status;

/// A shop should hand a confirmed order to the carrier within this many hours.
pub const SHIP_WITHIN_HOURS: i64 = 48;

/// The statuses of a shop order still waiting to leave the shop.
pub const NOT_SHIPPED: [Status; 2] = [Status::Confirmed, Status::Packed];

/// When an order still not shipped is late.
pub fn late_before(now: DateTime<Utc>) -> DateTime<Utc> {
    now - Duration::hours(SHIP_WITHIN_HOURS)
}

/// Orders placed at or after `since`, newest first.
///
/// # Errors
/// The database cannot be read.
pub async fn placed_since<C: ConnectionTrait>(db: &C, since: DateTime<Utc>, limit: u64) -> Result<Vec<Detail>, Error> {
    let orders = order::Entity::find()
        .filter(order::Column::CreatedAt.gte(since))
        .order_by_desc(order::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    let mut out = Vec::with_capacity(orders.len());
    for o in orders {
        out.push(detail_of(db, o, None).await?);
    }
    Ok(out)
}

/// Orders with a shop part confirmed or packed before `late_before(now)` and not shipped,
/// oldest first.
///
/// # Errors
/// The database cannot be read.
pub async fn late_to_ship<C: ConnectionTrait>(db: &C, now: DateTime<Utc>, limit: u64) -> Result<Vec<Detail>, Error> {
    let late: Vec<i64> = shop_order::Entity::find()
        .select_only()
        .column(shop_order::Column::OrderId)
        .filter(shop_order::Column::Status.is_in(NOT_SHIPPED.map(Status::as_str)))
        .filter(shop_order::Column::CreatedAt.lt(late_before(now)))
        .order_by_asc(shop_order::Column::OrderId)
        .distinct()
        .limit(limit)
        .into_tuple()
        .all(db)
        .await?;
    let orders =
        order::Entity::find().filter(order::Column::Id.is_in(late)).order_by_asc(order::Column::Id).all(db).await?;
    let mut out = Vec::with_capacity(orders.len());
    for o in orders {
        out.push(detail_of(db, o, None).await?);
    }
    Ok(out)
}
