use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "cart_items")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub cart_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub variant_id: i64,
    pub quantity: i32,
    pub price_seen_vnd: i64,
    pub added_at: DateTimeUtc,
    /// The fair it was added through: its fair price applies while the fair runs.
    pub fair_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
