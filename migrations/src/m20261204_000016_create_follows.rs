//! Shops a shopper follows and products they saved for later (issue 15).

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
                    .table("shop_follows")
                    .col(big_integer("user_id"))
                    .col(big_integer("shop_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .primary_key(Index::create().col("user_id").col("shop_id"))
                    .foreign_key(&mut fk("fk_shop_follows_user", ("shop_follows", "user_id"), ("users", "id"), true))
                    .foreign_key(&mut fk("fk_shop_follows_shop", ("shop_follows", "shop_id"), ("shops", "id"), true))
                    .to_owned(),
            )
            .await?;
        // The shop page counts its followers.
        index(manager, "ix_shop_follows_shop", "shop_follows", &["shop_id"], false).await?;
        manager
            .create_table(
                Table::create()
                    .table("saved_products")
                    .col(big_integer("user_id"))
                    .col(big_integer("product_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .primary_key(Index::create().col("user_id").col("product_id"))
                    .foreign_key(&mut fk(
                        "fk_saved_products_user",
                        ("saved_products", "user_id"),
                        ("users", "id"),
                        true,
                    ))
                    .foreign_key(&mut fk(
                        "fk_saved_products_product",
                        ("saved_products", "product_id"),
                        ("products", "id"),
                        true,
                    ))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["saved_products", "shop_follows"] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
