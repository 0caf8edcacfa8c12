use sea_orm::entity::prelude::*;

/// One line of a double-entry posting. Never updated, never deleted: a correction is a
/// new posting that reverses.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "ledger_entries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub posting: String,
    pub account: String,
    pub shop_id: Option<i64>,
    pub shop_order_id: Option<i64>,
    /// Debit positive, credit negative; each posting sums to zero.
    pub amount_vnd: i64,
    pub memo: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
