use sea_orm::entity::prelude::*;

/// One visitor on one day at a fair's page (booth 0) or at one booth; written once.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "fair_visits")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub fair_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub booth_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub visitor: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub day: String,
    pub first_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
