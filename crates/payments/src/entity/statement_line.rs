use sea_orm::entity::prelude::*;

/// A credit line of an imported bank statement and how it matched an order.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "statement_lines")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[serde(skip)]
    pub fingerprint: String,
    pub booked_on: Date,
    pub amount_vnd: i64,
    pub description: String,
    /// `matched`, `unmatched`, `partial`, `overpaid`, `already_paid`, `refund_due`, `resolved`.
    pub status: String,
    pub order_code: Option<String>,
    pub imported_by: Option<i64>,
    pub imported_at: DateTimeUtc,
    pub resolved_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
