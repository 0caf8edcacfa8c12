use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "products")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub shop_id: i64,
    pub slug: String,
    pub name: String,
    /// Vietnamese collation key of `name` (a < ă < â < b … đ …), compared bytewise.
    pub name_sort: String,
    pub description: String,
    pub category: String,
    /// A subcategory code within the group, when the vendor chose one.
    pub subcategory: Option<String>,
    pub province_code: String,
    pub province_input: String,
    pub ingredients: String,
    pub shelf_life: String,
    pub storage: String,
    pub price_includes_vat: bool,
    pub price_includes_shipping: bool,
    pub perishable: bool,
    pub estamp_code: Option<String>,
    pub estamp_url: Option<String>,
    pub certificate_id: Option<i64>,
    /// The stars this product was granted under `certificate_id` (one decision lists many
    /// products, each with its own stars); shown only while that certificate counts.
    pub certificate_stars: Option<i16>,
    /// `draft`, `submitted`, `approved` or `rejected`.
    pub status: String,
    /// Shown to shoppers: it has an approved version.
    pub live: bool,
    /// Content edits waiting for review while the approved version stays live.
    pub pending: Option<Json>,
    pub rejection_reason: Option<String>,
    pub sales_count: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub approved_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
