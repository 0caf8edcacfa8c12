use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "refund_requests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub shop_order_id: i64,
    pub reason: String,
    /// `requested`, `accepted` (by the shop), `refused` (by the shop, an admin may still
    /// decide), `granted` or `denied` (by an admin).
    pub status: String,
    pub shop_answer: Option<String>,
    pub admin_note: Option<String>,
    pub created_at: DateTimeUtc,
    pub decided_at: Option<DateTimeUtc>,
    /// `complaint` (the buyer asked) or `late_payment` (money arrived after the order was
    /// cancelled; opened by the system, the money goes back).
    pub kind: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
