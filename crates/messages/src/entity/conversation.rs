use sea_orm::entity::prelude::*;

/// One shopper and one shop talking.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "conversations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub shopper_id: i64,
    pub shop_id: i64,
    pub product_id: Option<i64>,
    pub order_id: Option<i64>,
    pub shopper_unread: i32,
    pub shop_unread: i32,
    pub last_message_at: DateTimeUtc,
    pub first_asked_at: Option<DateTimeUtc>,
    pub first_answered_at: Option<DateTimeUtc>,
    pub reported_at: Option<DateTimeUtc>,
    #[serde(skip)]
    pub reported_by: Option<i64>,
    pub report_reason: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
