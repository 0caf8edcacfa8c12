//! What vouchers gave: orders and đồng, for the desks where they are issued.

use std::collections::HashMap;

use ocop_core::Error;
use sea_orm::{ConnectionTrait, FromQueryResult, Statement};

#[derive(FromQueryResult)]
struct Row {
    voucher_id: i64,
    orders: i64,
    given_vnd: i64,
}

/// What each voucher gave so far: (orders it was used on, đồng taken off goods and
/// shipping), uses given back left out. Vouchers never used are absent.
///
/// # Errors
/// Database errors.
pub async fn given<C: ConnectionTrait>(db: &C, ids: &[i64]) -> Result<HashMap<i64, (i64, i64)>, Error> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    // SUM is NUMERIC on PostgreSQL: cast so both backends answer BIGINT.
    let sql = format!(
        "SELECT voucher_id, CAST(COUNT(DISTINCT order_id) AS BIGINT) AS orders, \
         CAST(COALESCE(SUM(goods_vnd + shipping_vnd), 0) AS BIGINT) AS given_vnd \
         FROM voucher_uses WHERE voucher_id IN ({list}) AND returned_at IS NULL GROUP BY voucher_id"
    );
    let rows = Row::find_by_statement(Statement::from_string(db.get_database_backend(), sql)).all(db).await?;
    Ok(rows.into_iter().map(|r| (r.voucher_id, (r.orders, r.given_vnd))).collect())
}
