//! Work the clock drives: unpaid online orders give their stock back after the payment
//! window, and delivered orders complete once the complaint window has passed without a
//! request. Both read their state from the database, so a restart loses nothing.

use chrono::{DateTime, Utc};
use ocop_core::Error;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, TransactionSession, TransactionTrait,
};

use crate::entity::{order, refund_request, shop_order};
use crate::queries::complaint_window;
use crate::status::Status;
use crate::transitions::{self, Action};

/// Cancels the unpaid parts of orders whose payment window ended before `now`.
///
/// # Errors
/// The database cannot be read or written.
pub async fn release_unpaid<C: ConnectionTrait + TransactionTrait>(db: &C, now: DateTime<Utc>) -> Result<usize, Error> {
    let overdue = order::Entity::find()
        .filter(order::Column::PaymentStatus.eq("unpaid"))
        .filter(order::Column::PayBy.lt(now))
        .limit(200)
        .all(db)
        .await?;
    let mut released = 0;
    for order in overdue {
        let parts = shop_order::Entity::find()
            .filter(shop_order::Column::OrderId.eq(order.id))
            .filter(shop_order::Column::Status.eq(Status::AwaitingPayment.as_str()))
            .all(db)
            .await?;
        for part in parts {
            match transitions::system(db, part.id, Action::Cancel { reason: "Quá hạn thanh toán".into() }).await {
                Ok(_) => released += 1,
                // Paid or cancelled a moment ago: nothing to release.
                Err(Error::Conflict { .. }) => {}
                Err(e) => return Err(e),
            }
        }
    }
    Ok(released)
}

/// Gives back the voucher uses of orders cancelled without it (cancelled before uses came
/// back, or by a path that did not ask): the order clock's sweep.
///
/// # Errors
/// The database cannot be read or written.
pub async fn give_back_vouchers<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    now: DateTime<Utc>,
) -> Result<u64, Error> {
    let tx = ocop_core::db::begin_write(db).await?;
    let returned = ocop_promotions::give_back::give_back(&tx, None, now).await?;
    tx.commit().await?;
    Ok(returned)
}

/// Completes delivered parts whose complaint window is over and that have no request.
///
/// # Errors
/// The database cannot be read or written.
pub async fn complete_delivered<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    now: DateTime<Utc>,
) -> Result<usize, Error> {
    // The shorter window first: anything delivered before this is at least a day old.
    let candidates = shop_order::Entity::find()
        .filter(shop_order::Column::Status.eq(Status::Delivered.as_str()))
        .filter(shop_order::Column::DeliveredAt.lt(now - complaint_window(true)))
        .limit(500)
        .all(db)
        .await?;
    let mut done = 0;
    for part in candidates {
        let over = part.delivered_at.is_some_and(|at| now > at + complaint_window(part.perishable));
        let open = refund_request::Entity::find()
            .filter(refund_request::Column::ShopOrderId.eq(part.id))
            .one(db)
            .await?
            .is_some();
        if over && !open {
            match transitions::system(db, part.id, Action::Complete).await {
                Ok(_) => done += 1,
                Err(Error::Conflict { .. }) => {}
                Err(e) => return Err(e),
            }
        }
    }
    Ok(done)
}
