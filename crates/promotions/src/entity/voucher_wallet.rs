use sea_orm::entity::prelude::*;

/// A voucher a shopper saved (or used without saving), and how often they used it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "voucher_wallets")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub voucher_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i64,
    pub uses: i32,
    pub claimed_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
