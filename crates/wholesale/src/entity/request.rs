use sea_orm::entity::prelude::*;

/// A buyer's wholesale request: what, how much, where, by when.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "wholesale_requests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[serde(skip)]
    pub buyer_id: i64,
    pub organisation: String,
    pub buyer_kind: String,
    pub product: String,
    pub category: String,
    pub quantity: i64,
    pub unit: String,
    pub province_code: String,
    pub province_input: String,
    /// The last day offers are taken, in Vietnam's calendar.
    pub deadline: Date,
    /// For the whole quantity, when the buyer tells it.
    pub budget_vnd: Option<i64>,
    pub note: String,
    /// `open`, `matched`, `closed` or `expired`.
    pub status: String,
    pub accepted_offer_id: Option<i64>,
    pub notified_shops: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub closed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
