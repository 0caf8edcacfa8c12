use sea_orm::entity::prelude::*;

/// One payout run: made as a draft, exported for the bank, then marked paid (posted to the
/// ledger) or cancelled.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "payout_batches")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `draft`, `paid` or `cancelled`.
    pub status: String,
    pub total_vnd: i64,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub paid_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
