use sea_orm::entity::prelude::*;

/// One sale at a booth or counter, recorded once per (shop, client sale id).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "pos_sales")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub shop_id: i64,
    /// Made by the seller's device; a resend with the same id is the same sale.
    pub client_sale_id: String,
    /// The receipt number the buyer sees: `BH-YYMMDD-XXXX`.
    pub receipt_code: String,
    pub seller_id: i64,
    /// `cash` or `vietqr`.
    pub payment_method: String,
    /// The fair the booth belongs to, if any.
    pub fair_id: Option<i64>,
    /// Where it was sold: a fair booth or a point of sale ("Sun World Hạ Long").
    pub place: String,
    pub total_vnd: i64,
    /// An e-mail or phone number for the e-receipt, if the buyer gave one.
    pub buyer_contact: Option<String>,
    /// When the seller made it (the device's clock), and when it reached us.
    pub sold_at: DateTimeUtc,
    pub received_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
