use sea_orm::entity::prelude::*;

/// One message as written; `masked` says the other side reads its contacts as `***`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "messages")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub conversation_id: i64,
    pub sender_id: i64,
    pub from_shop: bool,
    pub body: String,
    pub masked: bool,
    pub product_id: Option<i64>,
    pub order_id: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
