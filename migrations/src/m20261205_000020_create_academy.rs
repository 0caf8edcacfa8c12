//! The seller academy (issue 16): courses of Markdown lessons for OCOP producers, and which
//! lessons each account marked as learnt.

use sea_orm_migration::{prelude::*, schema::*};

use crate::util::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("academy_courses")
                    .col(big_pk_auto("id"))
                    .col(string_len_uniq("slug", 120))
                    .col(string_len("title", 160))
                    .col(text("summary"))
                    .col(integer("position"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("academy_lessons")
                    .col(big_pk_auto("id"))
                    .col(big_integer("course_id"))
                    .col(string_len("slug", 120))
                    .col(string_len("title", 160))
                    .col(text("summary"))
                    .col(text("body"))
                    // `draft` or `published`.
                    .col(string_len("status", 12))
                    // The shop checklist step this lesson fixes (`photos`, `certificate`…), or "".
                    .col(string_len("topic", 24))
                    .col(integer("position"))
                    .col(timestamp_with_time_zone_null("published_at"))
                    .col(big_integer_null("updated_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(&mut fk(
                        "fk_academy_lessons_course",
                        ("academy_lessons", "course_id"),
                        ("academy_courses", "id"),
                        false,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "ux_academy_lessons_slug", "academy_lessons", &["course_id", "slug"], true).await?;
        index(manager, "ix_academy_lessons_topic", "academy_lessons", &["topic", "status"], false).await?;
        manager
            .create_table(
                Table::create()
                    .table("academy_progress")
                    .col(big_integer("user_id"))
                    .col(big_integer("lesson_id"))
                    .col(timestamp_with_time_zone("done_at"))
                    .primary_key(Index::create().col("user_id").col("lesson_id"))
                    .foreign_key(&mut fk(
                        "fk_academy_progress_user",
                        ("academy_progress", "user_id"),
                        ("users", "id"),
                        true,
                    ))
                    .foreign_key(&mut fk(
                        "fk_academy_progress_lesson",
                        ("academy_progress", "lesson_id"),
                        ("academy_lessons", "id"),
                        true,
                    ))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["academy_progress", "academy_lessons", "academy_courses"] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
