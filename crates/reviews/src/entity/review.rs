use sea_orm::entity::prelude::*;

/// A shopper's review of one line they bought, with the shop's one answer.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "reviews")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub product_id: i64,
    pub shop_id: i64,
    #[serde(skip)]
    pub author_id: i64,
    pub variant_id: Option<i64>,
    pub variant_label: String,
    #[serde(skip)]
    pub order_line_id: Option<i64>,
    #[serde(skip)]
    pub pos_sale_line_id: Option<i64>,
    pub stars: i16,
    pub body: String,
    /// `published`, `held` or `removed`.
    pub status: String,
    pub hold_reason: Option<String>,
    #[serde(skip)]
    pub reports: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub edited_at: Option<DateTimeUtc>,
    pub reply: Option<String>,
    #[serde(skip)]
    pub reply_author_id: Option<i64>,
    pub replied_at: Option<DateTimeUtc>,
    pub photo_count: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
