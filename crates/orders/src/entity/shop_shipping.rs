use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "shop_shipping")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub shop_id: i64,
    pub flat_fee_vnd: i64,
    /// JSON `[[max_grams, fee_vnd], …]`, ascending.
    pub weight_bands: String,
    pub free_above_vnd: Option<i64>,
    /// Comma-separated province codes; empty = nationwide.
    pub provinces: String,
    pub perishables_local_only: bool,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
