use sea_orm::entity::prelude::*;

/// The customer's order: one payment, one address, one or more shop orders.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "orders")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub code: String,
    pub user_id: i64,
    pub payment_method: String,
    /// `unpaid`, `paid`, `cod` (collected on delivery) or `void`.
    pub payment_status: String,
    #[serde(skip)]
    pub idempotency_key: Option<String>,
    #[serde(skip)]
    pub request_hash: String,
    pub recipient: String,
    pub phone: String,
    pub province_code: String,
    pub province_input: String,
    pub commune: String,
    pub street: String,
    pub pickup_point_id: Option<i64>,
    pub subtotal_vnd: i64,
    pub shipping_vnd: i64,
    /// What the buyer pays: subtotal + shipping − discount.
    pub total_vnd: i64,
    /// What vouchers took off, in all.
    pub discount_vnd: i64,
    /// Online payment must arrive before this, or the stock is released.
    pub pay_by: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
