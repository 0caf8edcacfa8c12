use sea_orm::entity::prelude::*;

/// The provider session opened for an order (MoMo's payUrl, Stripe's Checkout Session), so
/// a reload sends the buyer back to the same one.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "payment_attempts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub order_id: i64,
    pub method: String,
    /// Empty while the provider is being asked.
    pub redirect_url: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
