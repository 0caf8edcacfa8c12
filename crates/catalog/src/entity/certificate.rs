use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "certificates")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub shop_id: i64,
    pub stars: i16,
    pub decision_number: String,
    pub decision_date: Date,
    pub authority: String,
    /// `pending`, `verified` or `rejected`.
    pub status: String,
    pub verified_by: Option<i64>,
    pub verified_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    /// Media key of the scanned decision (image or PDF).
    pub scan_key: Option<String>,
    pub rejection_reason: Option<String>,
    pub reminded_90_on: Option<Date>,
    pub reminded_30_on: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
