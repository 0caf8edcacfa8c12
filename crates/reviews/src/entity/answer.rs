use sea_orm::entity::prelude::*;

/// An answer to a product question, by the shop or by a shopper who bought the product.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "product_answers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub question_id: i64,
    #[serde(skip)]
    pub author_id: i64,
    /// `shop` or `buyer`.
    pub answered_as: String,
    pub body: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
