use sea_orm::entity::prelude::*;

/// What one shop is paid in a batch, to the account it had when the batch was made.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "payout_lines")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub batch_id: i64,
    pub shop_id: i64,
    /// Transferred: the payable less the COD cash netted.
    pub amount_vnd: i64,
    pub cod_netted_vnd: i64,
    pub bank_bin: String,
    pub account: String,
    pub account_name: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
