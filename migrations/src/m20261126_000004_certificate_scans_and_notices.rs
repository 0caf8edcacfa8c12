//! Certificate scans, expiry reminders, and the notices a shop reads in its workspace.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters a table one column at a time.
        for column in [
            string_len_null("scan_key", 200),
            text_null("rejection_reason"),
            date_null("reminded_90_on"),
            date_null("reminded_30_on"),
        ] {
            manager.alter_table(Table::alter().table("certificates").add_column(column).to_owned()).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table("shop_notices")
                    .col(big_pk_auto("id"))
                    .col(big_integer("shop_id"))
                    .col(string_len("kind", 40))
                    .col(text("message"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("read_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_shop_notices_shop")
                            .from("shop_notices", "shop_id")
                            .to("shops", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("ix_shop_notices_shop").table("shop_notices").col("shop_id").to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table("shop_notices").to_owned()).await?;
        for column in ["reminded_30_on", "reminded_90_on", "rejection_reason", "scan_key"] {
            manager.alter_table(Table::alter().table("certificates").drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}
