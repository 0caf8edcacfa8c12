//! Using vouchers on an order, inside the checkout's transaction. Each use is a conditional
//! update: the voucher's count goes up only while it runs and has uses left, the shopper's
//! only while they have uses left. Under concurrent checkouts the database decides (a row
//! lock on PostgreSQL re-reads the count; SQLite's single writer queues them), so a voucher
//! with 100 uses is used 100 times, never 101; the loser's order is not placed at all.

use chrono::{DateTime, Utc};
use ocop_core::Error;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set, Statement};

use crate::entity::voucher_use;
use crate::pricing::{Applied, Funder};
use crate::wallet::{not_running, used_up};

/// Runs one statement; how many rows it changed (0: a conditional update's condition failed).
pub(crate) async fn execute<C: ConnectionTrait>(db: &C, sql: &str, values: Vec<sea_orm::Value>) -> Result<u64, Error> {
    Ok(db.execute_raw(Statement::from_sql_and_values(db.get_database_backend(), sql, values)).await?.rows_affected())
}

/// Uses each applied voucher once for `order_id` and records what it took off each shop
/// order (`parts`: shop id → shop order id).
///
/// # Errors
/// [`Error::Conflict`] `voucher_used_up` or `voucher_not_running` when one can no longer be
/// used (the caller rolls back: no order).
pub async fn redeem<C: ConnectionTrait>(
    tx: &C,
    user_id: i64,
    order_id: i64,
    applied: &[Applied],
    parts: &[(i64, i64)],
    now: DateTime<Utc>,
) -> Result<(), Error> {
    // One lock order for every checkout: no deadlock between two orders with two vouchers.
    let mut applied: Vec<&Applied> = applied.iter().collect();
    applied.sort_by_key(|a| a.voucher_id);
    for a in applied {
        let taken = execute(
            tx,
            "UPDATE vouchers SET used_count = used_count + 1 WHERE id = $1 AND status = 'active' \
             AND starts_at <= $2 AND ends_at > $2 AND (total_limit IS NULL OR used_count < total_limit)",
            vec![a.voucher_id.into(), now.into()],
        )
        .await?;
        if taken == 0 {
            return Err(why_not(tx, a, now).await?);
        }
        // A voucher used without saving it first gets its wallet row now.
        execute(
            tx,
            "INSERT INTO voucher_wallets (voucher_id, user_id, uses, claimed_at) VALUES ($1, $2, 0, $3) \
             ON CONFLICT (voucher_id, user_id) DO NOTHING",
            vec![a.voucher_id.into(), user_id.into(), now.into()],
        )
        .await?;
        let mine = execute(
            tx,
            "UPDATE voucher_wallets SET uses = uses + 1 WHERE voucher_id = $1 AND user_id = $2 \
             AND uses < (SELECT per_user_limit FROM vouchers WHERE id = $1)",
            vec![a.voucher_id.into(), user_id.into()],
        )
        .await?;
        if mine == 0 {
            return Err(Error::Conflict {
                code: crate::conflicts::VOUCHER_USED_UP,
                field: Some("voucher_codes"),
                message: format!("Bạn đã dùng hết lượt của mã {}: đơn chưa được đặt", a.code),
            });
        }
        for share in &a.shares {
            let Some((_, shop_order_id)) = parts.iter().find(|(shop, _)| *shop == share.shop_id) else {
                return Err(Error::internal("a voucher share for a shop not in the order"));
            };
            voucher_use::ActiveModel {
                voucher_id: Set(a.voucher_id),
                order_id: Set(order_id),
                shop_order_id: Set(*shop_order_id),
                user_id: Set(user_id),
                funded_by: Set(match a.funder {
                    Funder::Shop => "shop",
                    Funder::Marketplace => "marketplace",
                }
                .to_owned()),
                goods_vnd: Set(share.goods_vnd),
                shipping_vnd: Set(share.shipping_vnd),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(tx)
            .await?;
        }
    }
    Ok(())
}

async fn why_not<C: ConnectionTrait>(tx: &C, a: &Applied, now: DateTime<Utc>) -> Result<Error, Error> {
    use sea_orm::EntityTrait;
    let found = crate::entity::voucher::Entity::find_by_id(a.voucher_id).one(tx).await?;
    Ok(match found {
        Some(v) if v.status != crate::vouchers::ACTIVE => not_running(&a.code, "vừa tạm dừng"),
        Some(v) if v.ends_at <= now || v.starts_at > now => not_running(&a.code, "không còn hiệu lực"),
        _ => used_up(&a.code),
    })
}
