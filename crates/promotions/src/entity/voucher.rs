use sea_orm::entity::prelude::*;

/// A voucher: who issued it, what it takes off, for which goods, when and how often.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "vouchers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Upper case, unique: what a shopper types.
    pub code: String,
    pub title: String,
    /// `shop`, `marketplace` or `province`.
    pub issuer: String,
    pub shop_id: Option<i64>,
    pub province_code: Option<String>,
    pub category: Option<String>,
    /// `percent`, `fixed` or `free_shipping`.
    pub kind: String,
    pub percent_bps: i32,
    /// The fixed amount, or the cap of a percentage or free shipping (0 = no cap).
    pub amount_vnd: i64,
    pub min_order_vnd: i64,
    pub starts_at: DateTimeUtc,
    pub ends_at: DateTimeUtc,
    pub total_limit: Option<i32>,
    pub per_user_limit: i32,
    pub used_count: i32,
    /// Shoppers must save it from a page before they can use it.
    pub claim_required: bool,
    /// Only for a shopper's first order.
    pub new_shopper_only: bool,
    /// `active` or `paused`.
    pub status: String,
    pub created_by: i64,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
