//! Taking stock when something is sold, online or at a booth: one conditional update, so
//! nothing is sold that is not there. Callers take variants in id order, so two sales
//! never wait on each other's rows in opposite orders.

use ocop_catalog::outbox;
use ocop_core::Error;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::json;

/// Takes `quantity` of variant `variant_id` if that many are left; `false` (nothing
/// taken) otherwise.
///
/// # Errors
/// The database cannot be written.
pub async fn take<C: ConnectionTrait>(db: &C, variant_id: i64, quantity: i64) -> Result<bool, Error> {
    let taken = db
        .execute_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            "UPDATE product_variants SET stock = stock - $1 WHERE id = $2 AND stock >= $1",
            [quantity.into(), variant_id.into()],
        ))
        .await?;
    Ok(taken.rows_affected() == 1)
}

/// Counts `quantity` sold of a product (best sellers rank higher in search) and tells the
/// search index, so the listing's stock shows at once.
///
/// # Errors
/// The database cannot be written.
pub async fn sold<C: ConnectionTrait>(db: &C, product_id: i64, quantity: i64) -> Result<(), Error> {
    db.execute_raw(Statement::from_sql_and_values(
        db.get_database_backend(),
        "UPDATE products SET sales_count = sales_count + $1 WHERE id = $2",
        [quantity.into(), product_id.into()],
    ))
    .await?;
    outbox::enqueue(db, outbox::PRODUCT_CHANGED, json!({ "product_id": product_id })).await
}
