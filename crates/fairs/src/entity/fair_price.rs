use sea_orm::entity::prelude::*;

/// A variant's price at a fair, below its own price, in force only while the fair runs.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "fair_prices")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub fair_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub variant_id: i64,
    pub shop_id: i64,
    pub price_vnd: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
