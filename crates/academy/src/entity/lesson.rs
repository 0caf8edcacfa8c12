use sea_orm::entity::prelude::*;

/// A lesson: a Markdown page in a course, a draft until an admin publishes it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "academy_lessons")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub course_id: i64,
    pub slug: String,
    pub title: String,
    pub summary: String,
    /// Markdown, shown through the same sanitiser as shop descriptions.
    pub body: String,
    pub status: String,
    /// The checklist step this lesson fixes ([`crate::topics`]), or "".
    pub topic: String,
    pub position: i32,
    pub published_at: Option<DateTimeUtc>,
    pub updated_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
