use sea_orm::entity::prelude::*;

/// What was bought, as it was at checkout: later edits to the listing do not change it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "order_lines")]
pub struct Model {
    #[sea_orm(primary_key)]
    #[serde(skip)]
    pub id: i64,
    #[serde(skip)]
    pub shop_order_id: i64,
    #[serde(skip)]
    pub variant_id: Option<i64>,
    pub sku: String,
    pub product_name: String,
    pub product_slug: String,
    pub variant_label: String,
    pub unit_price_vnd: i64,
    pub quantity: i32,
    pub line_total_vnd: i64,
    pub weight_grams: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
