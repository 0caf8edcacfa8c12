//! Trade fairs: the fair, its invited provinces, booth applications with their place on the
//! grid, fair prices, visits; and which fair an online order or a cart line came through.

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
                    .table("fairs")
                    .col(big_pk_auto("id"))
                    .col(string_len("slug", 120))
                    .col(string_len("name", 160))
                    .col(text("description"))
                    // `place`, `online` or `both`.
                    .col(string_len("venue_kind", 10))
                    .col(string_len("venue", 200))
                    .col(string_len("host_province", 40))
                    .col(timestamp_with_time_zone("starts_at"))
                    .col(timestamp_with_time_zone("ends_at"))
                    .col(integer("booth_limit"))
                    // Booth numbers run row by row over a grid this many booths wide.
                    .col(integer("grid_columns"))
                    .col(big_integer("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .to_owned(),
            )
            .await?;
        index(manager, "uq_fairs_slug", "fairs", &["slug"], true).await?;
        index(manager, "ix_fairs_starts", "fairs", &["starts_at"], false).await?;
        manager
            .create_table(
                Table::create()
                    .table("fair_provinces")
                    .col(big_integer("fair_id"))
                    .col(string_len("province_code", 40))
                    .primary_key(Index::create().col("fair_id").col("province_code"))
                    .foreign_key(&mut fk(
                        "fk_fair_provinces_fair",
                        ("fair_provinces", "fair_id"),
                        ("fairs", "id"),
                        true,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("fair_booths")
                    .col(big_pk_auto("id"))
                    .col(big_integer("fair_id"))
                    .col(big_integer("shop_id"))
                    // `pending`, `accepted`, `rejected` or `withdrawn`.
                    .col(string_len("status", 12))
                    // Given on acceptance; unique within the fair (NULLs are distinct).
                    .col(integer_null("booth_number"))
                    .col(string_len("note", 500))
                    .col(string_len("decision_note", 500))
                    .col(big_integer_null("decided_by"))
                    .col(timestamp_with_time_zone_null("decided_at"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk("fk_fair_booths_fair", ("fair_booths", "fair_id"), ("fairs", "id"), true))
                    .foreign_key(&mut fk("fk_fair_booths_shop", ("fair_booths", "shop_id"), ("shops", "id"), false))
                    .to_owned(),
            )
            .await?;
        index(manager, "uq_fair_booths_shop", "fair_booths", &["fair_id", "shop_id"], true).await?;
        index(manager, "uq_fair_booths_number", "fair_booths", &["fair_id", "booth_number"], true).await?;
        manager
            .create_table(
                Table::create()
                    .table("fair_prices")
                    .col(big_integer("fair_id"))
                    .col(big_integer("variant_id"))
                    .col(big_integer("shop_id"))
                    .col(big_integer("price_vnd"))
                    .primary_key(Index::create().col("fair_id").col("variant_id"))
                    .foreign_key(&mut fk("fk_fair_prices_fair", ("fair_prices", "fair_id"), ("fairs", "id"), true))
                    .foreign_key(&mut fk(
                        "fk_fair_prices_variant",
                        ("fair_prices", "variant_id"),
                        ("product_variants", "id"),
                        true,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("fair_visits")
                    .col(big_integer("fair_id"))
                    // 0 for the fair's own page, else the booth's id.
                    .col(big_integer("booth_id"))
                    // A keyed hash of the visitor's cookie: counts people, names nobody.
                    .col(string_len("visitor", 64))
                    // Vietnam's calendar day, `YYYY-MM-DD`.
                    .col(string_len("day", 10))
                    .col(timestamp_with_time_zone("first_at"))
                    .primary_key(Index::create().col("fair_id").col("booth_id").col("visitor").col("day"))
                    .foreign_key(&mut fk("fk_fair_visits_fair", ("fair_visits", "fair_id"), ("fairs", "id"), true))
                    .to_owned(),
            )
            .await?;
        for table in ["cart_items", "shop_orders"] {
            manager.alter_table(Table::alter().table(table).add_column(big_integer_null("fair_id")).to_owned()).await?;
        }
        index(manager, "ix_shop_orders_fair", "shop_orders", &["fair_id"], false).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("ix_shop_orders_fair").table("shop_orders").to_owned()).await?;
        for table in ["shop_orders", "cart_items"] {
            manager.alter_table(Table::alter().table(table).drop_column("fair_id").to_owned()).await?;
        }
        for table in ["fair_visits", "fair_prices", "fair_booths", "fair_provinces", "fairs"] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
