//! Vouchers (issue 16): who issued them, what they take off and for whom; the shoppers who
//! claimed one and how often they used it; each use split over the shop orders; and the
//! discount columns of orders and shop orders.

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
                    .table("vouchers")
                    .col(big_pk_auto("id"))
                    .col(string_len("code", 32))
                    .col(string_len("title", 120))
                    // shop | marketplace | province
                    .col(string_len("issuer", 16))
                    .col(big_integer_null("shop_id"))
                    .col(string_len_null("province_code", 40))
                    .col(string_len_null("category", 40))
                    // percent | fixed | free_shipping
                    .col(string_len("kind", 16))
                    .col(integer("percent_bps").default(0))
                    // The fixed amount, or the cap of a percentage or free shipping (0 = none).
                    .col(big_integer("amount_vnd").default(0))
                    .col(big_integer("min_order_vnd").default(0))
                    .col(timestamp_with_time_zone("starts_at"))
                    .col(timestamp_with_time_zone("ends_at"))
                    .col(integer_null("total_limit"))
                    .col(integer("per_user_limit").default(1))
                    .col(integer("used_count").default(0))
                    .col(boolean("claim_required").default(false))
                    .col(boolean("new_shopper_only").default(false))
                    // active | paused
                    .col(string_len("status", 16))
                    .col(big_integer("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk("fk_vouchers_shop", ("vouchers", "shop_id"), ("shops", "id"), true))
                    .foreign_key(&mut fk("fk_vouchers_creator", ("vouchers", "created_by"), ("users", "id"), false))
                    .to_owned(),
            )
            .await?;
        index(manager, "uq_vouchers_code", "vouchers", &["code"], true).await?;
        index(manager, "ix_vouchers_shop", "vouchers", &["shop_id", "ends_at"], false).await?;
        index(manager, "ix_vouchers_issuer", "vouchers", &["issuer", "ends_at"], false).await?;
        manager
            .create_table(
                Table::create()
                    .table("voucher_wallets")
                    .col(big_integer("voucher_id"))
                    .col(big_integer("user_id"))
                    .col(integer("uses").default(0))
                    .col(timestamp_with_time_zone("claimed_at"))
                    .primary_key(Index::create().col("voucher_id").col("user_id"))
                    .foreign_key(&mut fk(
                        "fk_voucher_wallets_voucher",
                        ("voucher_wallets", "voucher_id"),
                        ("vouchers", "id"),
                        true,
                    ))
                    .foreign_key(&mut fk(
                        "fk_voucher_wallets_user",
                        ("voucher_wallets", "user_id"),
                        ("users", "id"),
                        true,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_voucher_wallets_user", "voucher_wallets", &["user_id"], false).await?;
        manager
            .create_table(
                Table::create()
                    .table("voucher_uses")
                    .col(big_pk_auto("id"))
                    .col(big_integer("voucher_id"))
                    .col(big_integer("order_id"))
                    .col(big_integer("shop_order_id"))
                    .col(big_integer("user_id"))
                    // shop | marketplace
                    .col(string_len("funded_by", 16))
                    .col(big_integer("goods_vnd"))
                    .col(big_integer("shipping_vnd"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk(
                        "fk_voucher_uses_voucher",
                        ("voucher_uses", "voucher_id"),
                        ("vouchers", "id"),
                        false,
                    ))
                    .foreign_key(&mut fk("fk_voucher_uses_order", ("voucher_uses", "order_id"), ("orders", "id"), true))
                    .foreign_key(&mut fk(
                        "fk_voucher_uses_shop_order",
                        ("voucher_uses", "shop_order_id"),
                        ("shop_orders", "id"),
                        true,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "uq_voucher_uses_part", "voucher_uses", &["voucher_id", "shop_order_id"], true).await?;
        index(manager, "ix_voucher_uses_order", "voucher_uses", &["order_id"], false).await?;
        // What came off each shop order's goods and shipping, and the part of each the shop
        // pays for; the marketplace makes up the rest. total_vnd is what the buyer pays.
        for column in
            ["goods_discount_vnd", "shipping_discount_vnd", "shop_goods_discount_vnd", "shop_shipping_discount_vnd"]
        {
            manager
                .alter_table(Table::alter().table("shop_orders").add_column(big_integer(column).default(0)).to_owned())
                .await?;
        }
        manager
            .alter_table(Table::alter().table("orders").add_column(big_integer("discount_vnd").default(0)).to_owned())
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table("orders").drop_column("discount_vnd").to_owned()).await?;
        for column in
            ["shop_shipping_discount_vnd", "shop_goods_discount_vnd", "shipping_discount_vnd", "goods_discount_vnd"]
        {
            manager.alter_table(Table::alter().table("shop_orders").drop_column(column).to_owned()).await?;
        }
        for table in ["voucher_uses", "voucher_wallets", "vouchers"] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
