use sea_orm::entity::prelude::*;

/// A shop's application for a booth, and the booth once accepted.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "fair_booths")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub fair_id: i64,
    pub shop_id: i64,
    /// `pending`, `accepted`, `rejected` or `withdrawn`.
    pub status: String,
    /// 1..=the fair's booth limit, unique in the fair; set when accepted.
    pub booth_number: Option<i32>,
    /// What the shop wrote when applying.
    pub note: String,
    /// What the organiser wrote when deciding.
    pub decision_note: String,
    pub decided_by: Option<i64>,
    pub decided_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
