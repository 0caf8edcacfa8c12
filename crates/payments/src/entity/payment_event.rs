use sea_orm::entity::prelude::*;

/// One delivery from a payment provider, recorded once by its own id.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "payment_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub provider: String,
    pub event_id: String,
    pub order_code: String,
    pub amount_vnd: i64,
    /// `paid`, `failed`, `amount_mismatch`, `unknown_order`, `already_paid`, `refund_due`.
    pub outcome: String,
    #[serde(skip)]
    pub payload: String,
    pub received_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
