//! Booth and point-of-sale selling: each sale once per (shop, the device's sale id), with
//! its lines as priced then.

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
                    .table("pos_sales")
                    .col(big_pk_auto("id"))
                    .col(big_integer("shop_id"))
                    .col(string_len("client_sale_id", 64))
                    .col(string_len("receipt_code", 24))
                    .col(big_integer("seller_id"))
                    .col(string_len("payment_method", 20))
                    // A fair's id when sold at its booth (fairs may come and go; the sale stays).
                    .col(big_integer_null("fair_id"))
                    .col(string_len("place", 80))
                    .col(big_integer("total_vnd"))
                    .col(string_len_null("buyer_contact", 120))
                    .col(timestamp_with_time_zone("sold_at"))
                    .col(timestamp_with_time_zone("received_at"))
                    .foreign_key(&mut fk("fk_pos_sales_shop", ("pos_sales", "shop_id"), ("shops", "id"), false))
                    .to_owned(),
            )
            .await?;
        index(manager, "uq_pos_sales_shop_client", "pos_sales", &["shop_id", "client_sale_id"], true).await?;
        index(manager, "uq_pos_sales_receipt", "pos_sales", &["receipt_code"], true).await?;
        index(manager, "ix_pos_sales_fair", "pos_sales", &["fair_id"], false).await?;
        manager
            .create_table(
                Table::create()
                    .table("pos_sale_lines")
                    .col(big_pk_auto("id"))
                    .col(big_integer("sale_id"))
                    .col(big_integer("variant_id"))
                    .col(big_integer("product_id"))
                    .col(string_len("sku", 64))
                    .col(string_len("product_name", 300))
                    .col(big_integer("quantity"))
                    .col(big_integer("unit_price_vnd"))
                    .col(big_integer("line_total_vnd"))
                    .foreign_key(&mut fk(
                        "fk_pos_sale_lines_sale",
                        ("pos_sale_lines", "sale_id"),
                        ("pos_sales", "id"),
                        true,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_pos_sale_lines_sale", "pos_sale_lines", &["sale_id"], false).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["pos_sale_lines", "pos_sales"] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
