//! The SQL pieces every figure shares, written once for both backends.

use ocop_core::Error;
use ocop_orders::status::{ALL, Status};
use sea_orm::{ConnectionTrait, DatabaseBackend, FromQueryResult, Statement, Value};

/// The shop-order statuses that count as a sale (see the crate's definitions).
pub const COUNTED: [Status; 5] =
    [Status::Confirmed, Status::Packed, Status::Shipped, Status::Delivered, Status::Completed];

/// `so.status IN ('confirmed', …)`, built from the status names themselves (constants, so
/// nothing from outside reaches the SQL text).
pub fn counted(alias: &str) -> String {
    let names: Vec<String> =
        ALL.into_iter().filter(|s| COUNTED.contains(s)).map(|s| format!("'{}'", s.as_str())).collect();
    format!("{alias}.status IN ({})", names.join(", "))
}

/// Vietnam's calendar day of a timestamp column, as `YYYY-MM-DD` text. Vietnam keeps
/// UTC+7 all year (no daylight saving), so a fixed shift is exact.
pub fn vn_day(backend: DatabaseBackend, column: &str) -> String {
    ocop_core::time::sql_vn_day(backend, column)
}

/// Runs one aggregate query; `values` fill `$1`, `$2`, … in order (each used once, so both
/// backends read them the same way).
pub async fn rows<T: FromQueryResult, C: ConnectionTrait>(
    db: &C,
    sql: &str,
    values: Vec<Value>,
) -> Result<Vec<T>, Error> {
    Ok(T::find_by_statement(Statement::from_sql_and_values(db.get_database_backend(), sql, values)).all(db).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counted_statuses_leave_out_unpaid_cancelled_and_refunded() {
        let sql = counted("so");
        assert_eq!(sql, "so.status IN ('confirmed', 'packed', 'shipped', 'delivered', 'completed')");
        for left_out in ["awaiting_payment", "cancelled", "refunded"] {
            assert!(!sql.contains(left_out), "{left_out}");
        }
    }
}
