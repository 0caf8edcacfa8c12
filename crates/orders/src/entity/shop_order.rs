use sea_orm::entity::prelude::*;

/// One shop's part of a customer order; it moves through its own statuses.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "shop_orders")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub order_id: i64,
    pub shop_id: i64,
    pub status: String,
    pub subtotal_vnd: i64,
    pub shipping_vnd: i64,
    pub total_vnd: i64,
    pub perishable: bool,
    pub carrier: Option<String>,
    pub tracking_code: Option<String>,
    pub cancel_reason: Option<String>,
    pub delivered_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// Bought through this fair's pages (at its fair prices).
    pub fair_id: Option<i64>,
    /// What vouchers took off the goods and the shipping (`total_vnd` is after them).
    pub goods_discount_vnd: i64,
    pub shipping_discount_vnd: i64,
    /// The part of each the shop pays for (its own vouchers); the marketplace makes up
    /// the rest.
    pub shop_goods_discount_vnd: i64,
    pub shop_shipping_discount_vnd: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
