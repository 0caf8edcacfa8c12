//! The catalogue: shops and their members, OCOP certificates, products with variants,
//! old slugs, the audit log and the outbox.

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
                    .table("shops")
                    .col(big_pk_auto("id"))
                    .col(string_len("slug", 120))
                    .col(string_len("name", 160))
                    .col(string_len("producer_type", 20))
                    .col(string_len_null("registration_number", 20))
                    .col(date_null("registration_date"))
                    .col(string_len_null("registration_issuer", 200))
                    .col(string_len_null("tax_code", 14))
                    .col(string_len("province_code", 40))
                    .col(string_len("province_input", 80))
                    .col(string_len("commune", 120))
                    .col(string_len("street", 200))
                    .col(string_len("phone", 20))
                    .col(text("description"))
                    .col(string_len("status", 20))
                    .col(text_null("rejection_reason"))
                    .col(big_integer_null("verified_by"))
                    .col(timestamp_with_time_zone_null("verified_at"))
                    .col(boolean("auto_approve").default(false))
                    .col(boolean("on_vacation").default(false))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(&mut fk("fk_shops_verified_by", ("shops", "verified_by"), ("users", "id"), false))
                    .to_owned(),
            )
            .await?;
        index(manager, "uq_shops_slug", "shops", &["slug"], true).await?;
        index(manager, "ix_shops_status", "shops", &["status"], false).await?;

        manager
            .create_table(
                Table::create()
                    .table("shop_members")
                    .col(big_integer("shop_id"))
                    .col(big_integer("user_id"))
                    .col(string_len("role", 20))
                    .col(timestamp_with_time_zone("created_at"))
                    .primary_key(Index::create().col("shop_id").col("user_id"))
                    .foreign_key(&mut fk("fk_shop_members_shop", ("shop_members", "shop_id"), ("shops", "id"), true))
                    .foreign_key(&mut fk("fk_shop_members_user", ("shop_members", "user_id"), ("users", "id"), true))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_shop_members_user", "shop_members", &["user_id"], false).await?;

        manager
            .create_table(
                Table::create()
                    .table("coordinator_provinces")
                    .col(big_integer("user_id"))
                    .col(string_len("province_code", 40))
                    .primary_key(Index::create().col("user_id").col("province_code"))
                    .foreign_key(&mut fk(
                        "fk_coordinator_provinces_user",
                        ("coordinator_provinces", "user_id"),
                        ("users", "id"),
                        true,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("certificates")
                    .col(big_pk_auto("id"))
                    .col(big_integer("shop_id"))
                    .col(small_integer("stars"))
                    .col(string_len("decision_number", 60))
                    .col(date("decision_date"))
                    .col(string_len("authority", 200))
                    .col(string_len("status", 20))
                    .col(big_integer_null("verified_by"))
                    .col(timestamp_with_time_zone_null("verified_at"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk("fk_certificates_shop", ("certificates", "shop_id"), ("shops", "id"), true))
                    .to_owned(),
            )
            .await?;
        index(manager, "uq_certificates_shop_number", "certificates", &["shop_id", "decision_number"], true).await?;

        manager
            .create_table(
                Table::create()
                    .table("products")
                    .col(big_pk_auto("id"))
                    .col(big_integer("shop_id"))
                    .col(string_len("slug", 160))
                    // The live (last approved) content; a pending edit waits in `pending`.
                    .col(string_len("name", 200))
                    .col(string_len("name_sort", 800))
                    .col(text("description"))
                    .col(string_len("category", 40))
                    .col(string_len("province_code", 40))
                    .col(string_len("province_input", 80))
                    .col(text("ingredients"))
                    .col(string_len("shelf_life", 120))
                    .col(string_len("storage", 200))
                    .col(boolean("price_includes_vat").default(true))
                    .col(boolean("price_includes_shipping").default(false))
                    .col(boolean("perishable").default(false))
                    .col(string_len_null("estamp_code", 80))
                    .col(string_len_null("estamp_url", 300))
                    .col(big_integer_null("certificate_id"))
                    .col(string_len("status", 20))
                    .col(boolean("live").default(false))
                    .col(json_null("pending"))
                    .col(text_null("rejection_reason"))
                    .col(big_integer("sales_count").default(0))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .col(timestamp_with_time_zone_null("approved_at"))
                    .foreign_key(&mut fk("fk_products_shop", ("products", "shop_id"), ("shops", "id"), true))
                    .foreign_key(&mut fk(
                        "fk_products_certificate",
                        ("products", "certificate_id"),
                        ("certificates", "id"),
                        false,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "uq_products_slug", "products", &["slug"], true).await?;
        index(manager, "uq_products_shop_name", "products", &["shop_id", "name"], true).await?;
        index(manager, "ix_products_live_category", "products", &["live", "category"], false).await?;
        index(manager, "ix_products_live_province", "products", &["live", "province_code"], false).await?;
        index(manager, "ix_products_status", "products", &["status"], false).await?;

        manager
            .create_table(
                Table::create()
                    .table("product_variants")
                    .col(big_pk_auto("id"))
                    .col(big_integer("product_id"))
                    .col(big_integer("shop_id"))
                    .col(string_len("sku", 64))
                    .col(string_len("label", 80))
                    .col(big_integer("price_vnd"))
                    .col(big_integer_null("compare_at_vnd"))
                    .col(big_integer("stock"))
                    .col(integer("weight_grams"))
                    .col(string_len("unit", 40))
                    .col(integer("position"))
                    .foreign_key(&mut fk(
                        "fk_variants_product",
                        ("product_variants", "product_id"),
                        ("products", "id"),
                        true,
                    ))
                    .foreign_key(&mut fk("fk_variants_shop", ("product_variants", "shop_id"), ("shops", "id"), true))
                    .check(Expr::col("price_vnd").gt(0))
                    .check(Expr::col("stock").gte(0))
                    .to_owned(),
            )
            .await?;
        index(manager, "uq_variants_shop_sku", "product_variants", &["shop_id", "sku"], true).await?;
        index(manager, "ix_variants_product", "product_variants", &["product_id"], false).await?;

        manager
            .create_table(
                Table::create()
                    .table("slug_redirects")
                    .col(string_len("slug", 160).primary_key())
                    .col(big_integer("product_id"))
                    .foreign_key(&mut fk(
                        "fk_slug_redirects_product",
                        ("slug_redirects", "product_id"),
                        ("products", "id"),
                        true,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("audit_log")
                    .col(big_pk_auto("id"))
                    .col(big_integer_null("actor_id"))
                    .col(string_len("action", 60))
                    .col(string_len("entity", 40))
                    .col(big_integer("entity_id"))
                    .col(json_null("before"))
                    .col(json_null("after"))
                    .col(text_null("reason"))
                    .col(timestamp_with_time_zone("created_at"))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_audit_entity", "audit_log", &["entity", "entity_id"], false).await?;
        index(manager, "ix_audit_created", "audit_log", &["created_at"], false).await?;

        manager
            .create_table(
                Table::create()
                    .table("outbox")
                    .col(big_pk_auto("id"))
                    .col(string_len("topic", 60))
                    .col(json("payload"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("processed_at"))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_outbox_pending", "outbox", &["processed_at", "id"], false).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "outbox",
            "audit_log",
            "slug_redirects",
            "product_variants",
            "products",
            "certificates",
            "coordinator_provinces",
            "shop_members",
            "shops",
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
