use sea_orm::entity::prelude::*;

/// A trade fair: at a place, online, or both, between two instants.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "fairs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
    /// `place`, `online` or `both`.
    pub venue_kind: String,
    /// Where it is held ("Cung Quy hoạch, Hội chợ và Triển lãm Quảng Ninh"); empty online.
    pub venue: String,
    pub host_province: String,
    pub starts_at: DateTimeUtc,
    pub ends_at: DateTimeUtc,
    pub booth_limit: i32,
    pub grid_columns: i32,
    pub created_by: i64,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
