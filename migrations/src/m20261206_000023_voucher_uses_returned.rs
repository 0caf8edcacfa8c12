//! When a voucher's use came back to it (its order was cancelled): the voucher's count and
//! the shopper's go down once, and the row says so.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("voucher_uses")
                    .add_column(timestamp_with_time_zone_null("returned_at"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table("voucher_uses").drop_column("returned_at").to_owned()).await
    }
}
