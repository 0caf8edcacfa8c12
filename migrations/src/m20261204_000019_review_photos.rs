//! Photos on reviews (issue 15): up to five per review, re-encoded like listing images, and
//! a count on the review so "with photos" is a filter without a join.

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
                    .table("review_photos")
                    .col(big_pk_auto("id"))
                    .col(big_integer("review_id"))
                    .col(integer("position"))
                    .col(string_len("large_key", 200))
                    .col(string_len("thumb_key", 200))
                    .col(integer("width"))
                    .col(integer("height"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk(
                        "fk_review_photos_review",
                        ("review_photos", "review_id"),
                        ("reviews", "id"),
                        true,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_review_photos_review", "review_photos", &["review_id", "position"], false).await?;
        manager
            .alter_table(Table::alter().table("reviews").add_column(integer("photo_count").default(0)).to_owned())
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table("reviews").drop_column("photo_count").to_owned()).await?;
        manager.drop_table(Table::drop().table("review_photos").to_owned()).await?;
        Ok(())
    }
}
