//! Product images: two re-encoded sizes each, stored behind the media store.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("product_images")
                    .col(big_pk_auto("id"))
                    .col(big_integer("product_id"))
                    .col(integer("position"))
                    .col(string_len("large_key", 200))
                    .col(string_len("thumb_key", 200))
                    .col(integer("width"))
                    .col(integer("height"))
                    .col(string_len("alt", 200))
                    // Shown to shoppers once the product's next review approves it.
                    .col(boolean("approved").default(false))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_product_images_product")
                            .from("product_images", "product_id")
                            .to("products", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("ix_product_images_product").table("product_images").col("product_id").to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table("product_images").to_owned()).await
    }
}
