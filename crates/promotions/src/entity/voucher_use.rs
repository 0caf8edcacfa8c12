use sea_orm::entity::prelude::*;

/// What one voucher took off one shop order, and who pays for it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "voucher_uses")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub voucher_id: i64,
    pub order_id: i64,
    pub shop_order_id: i64,
    pub user_id: i64,
    /// `shop` or `marketplace`.
    pub funded_by: String,
    pub goods_vnd: i64,
    pub shipping_vnd: i64,
    pub created_at: DateTimeUtc,
    /// When the use came back to the voucher and the shopper (every shop order it was on
    /// was cancelled).
    pub returned_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
