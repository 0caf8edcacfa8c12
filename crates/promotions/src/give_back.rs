//! A voucher's use comes back when its order is cancelled: once every shop order it took
//! money off is cancelled, the voucher's count and the shopper's go down by one, so the
//! use is there for someone else (or for the same shopper's next order). Marking the use
//! rows first, with a conditional update, makes it happen once however often it is asked.

use chrono::{DateTime, Utc};
use ocop_core::Error;
use sea_orm::{ConnectionTrait, FromQueryResult, Statement};

use crate::redeem::execute;

#[derive(FromQueryResult)]
struct Due {
    voucher_id: i64,
    order_id: i64,
    user_id: i64,
}

/// Gives back the uses whose shop orders are all cancelled: of `order_id`'s vouchers, or of
/// every order (`None`, the order clock's sweep: orders cancelled before uses came back, or
/// by a path that did not ask). Returns how many uses came back. Run it inside the
/// transaction that cancels, so the use comes back with the cancellation or not at all.
///
/// # Errors
/// Database errors.
pub async fn give_back<C: ConnectionTrait>(db: &C, order_id: Option<i64>, now: DateTime<Utc>) -> Result<u64, Error> {
    let mut sql = "SELECT DISTINCT u.voucher_id, u.order_id, u.user_id FROM voucher_uses u \
         WHERE u.returned_at IS NULL AND NOT EXISTS (SELECT 1 FROM voucher_uses o \
         JOIN shop_orders s ON s.id = o.shop_order_id \
         WHERE o.voucher_id = u.voucher_id AND o.order_id = u.order_id AND s.status <> 'cancelled')"
        .to_owned();
    let mut values = Vec::new();
    if let Some(id) = order_id {
        sql.push_str(" AND u.order_id = $1");
        values.push(id.into());
    }
    let backend = db.get_database_backend();
    let due = Due::find_by_statement(Statement::from_sql_and_values(backend, &sql, values)).all(db).await?;
    let mut returned = 0;
    for d in due {
        let marked = execute(
            db,
            "UPDATE voucher_uses SET returned_at = $1 WHERE voucher_id = $2 AND order_id = $3 AND returned_at IS NULL",
            vec![now.into(), d.voucher_id.into(), d.order_id.into()],
        )
        .await?;
        if marked == 0 {
            continue; // Another run gave it back first.
        }
        execute(
            db,
            "UPDATE vouchers SET used_count = used_count - 1 WHERE id = $1 AND used_count > 0",
            vec![d.voucher_id.into()],
        )
        .await?;
        execute(
            db,
            "UPDATE voucher_wallets SET uses = uses - 1 WHERE voucher_id = $1 AND user_id = $2 AND uses > 0",
            vec![d.voucher_id.into(), d.user_id.into()],
        )
        .await?;
        returned += 1;
    }
    Ok(returned)
}
