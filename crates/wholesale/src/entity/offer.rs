use sea_orm::entity::prelude::*;

/// A shop's answer to a request. The price is shown only to the buyer, the shop and admins.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "wholesale_offers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub request_id: i64,
    pub shop_id: i64,
    pub author_id: i64,
    pub price_per_unit_vnd: i64,
    pub quantity: i64,
    pub lead_time_days: i32,
    pub message: String,
    /// `pending`, `accepted` or `declined`.
    pub status: String,
    pub created_at: DateTimeUtc,
    pub decided_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
