use sea_orm::entity::prelude::*;

/// A province whose shops are invited to a fair (the host province always is).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "fair_provinces")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub fair_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub province_code: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
