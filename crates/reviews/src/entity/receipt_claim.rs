use sea_orm::entity::prelude::*;

/// A booth receipt a signed-in shopper said is theirs: its lines become reviewable by them,
/// and by nobody else.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "receipt_claims")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub pos_sale_id: i64,
    pub user_id: i64,
    pub claimed_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
