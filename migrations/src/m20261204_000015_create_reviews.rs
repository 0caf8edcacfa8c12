//! Reviews from verified purchases (issue 15): one review per bought line (an online order
//! line or a booth sale line), the shop's one public answer, shoppers' and shops' reports,
//! the booth receipts a shopper claimed, and each product's running rating, kept in step
//! with the published reviews in the same transaction as every change to them.

use sea_orm_migration::{prelude::*, schema::*};

use crate::util::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: [&str; 4] = ["review_reports", "product_ratings", "receipt_claims", "reviews"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("reviews")
                    .col(big_pk_auto("id"))
                    .col(big_integer("product_id"))
                    .col(big_integer("shop_id"))
                    .col(big_integer("author_id"))
                    .col(big_integer_null("variant_id"))
                    .col(string_len("variant_label", 120))
                    // Exactly one of the two: what was bought. Unique, so a line is reviewed once.
                    .col(big_integer_null("order_line_id"))
                    .col(big_integer_null("pos_sale_line_id"))
                    .col(small_integer("stars"))
                    .col(text("body"))
                    // published, held (waiting for an admin) or removed.
                    .col(string_len("status", 12))
                    // Why it waits: link, phone, word, or reported.
                    .col(string_len_null("hold_reason", 40))
                    .col(integer("reports").default(0))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    // The one edit a review allows.
                    .col(timestamp_with_time_zone_null("edited_at"))
                    .col(text_null("reply"))
                    .col(big_integer_null("reply_author_id"))
                    .col(timestamp_with_time_zone_null("replied_at"))
                    .foreign_key(&mut fk("fk_reviews_product", ("reviews", "product_id"), ("products", "id"), false))
                    .foreign_key(&mut fk("fk_reviews_shop", ("reviews", "shop_id"), ("shops", "id"), false))
                    .foreign_key(&mut fk("fk_reviews_author", ("reviews", "author_id"), ("users", "id"), false))
                    .foreign_key(&mut fk(
                        "fk_reviews_order_line",
                        ("reviews", "order_line_id"),
                        ("order_lines", "id"),
                        false,
                    ))
                    .foreign_key(&mut fk(
                        "fk_reviews_pos_sale_line",
                        ("reviews", "pos_sale_line_id"),
                        ("pos_sale_lines", "id"),
                        false,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "uq_reviews_order_line", "reviews", &["order_line_id"], true).await?;
        index(manager, "uq_reviews_pos_sale_line", "reviews", &["pos_sale_line_id"], true).await?;
        index(manager, "ix_reviews_product", "reviews", &["product_id", "status", "created_at"], false).await?;
        index(manager, "ix_reviews_shop", "reviews", &["shop_id", "created_at"], false).await?;
        index(manager, "ix_reviews_status", "reviews", &["status", "reports"], false).await?;
        index(manager, "ix_reviews_author", "reviews", &["author_id"], false).await?;

        manager
            .create_table(
                Table::create()
                    .table("product_ratings")
                    .col(big_integer("product_id").primary_key())
                    .col(big_integer("shop_id"))
                    // Published reviews only.
                    .col(integer("review_count").default(0))
                    .col(big_integer("stars_total").default(0))
                    .col(integer("stars_1").default(0))
                    .col(integer("stars_2").default(0))
                    .col(integer("stars_3").default(0))
                    .col(integer("stars_4").default(0))
                    .col(integer("stars_5").default(0))
                    .foreign_key(&mut fk(
                        "fk_product_ratings_product",
                        ("product_ratings", "product_id"),
                        ("products", "id"),
                        true,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_product_ratings_shop", "product_ratings", &["shop_id"], false).await?;

        manager
            .create_table(
                Table::create()
                    .table("review_reports")
                    .col(big_integer("review_id"))
                    .col(big_integer("reporter_id"))
                    .col(text("reason"))
                    .col(timestamp_with_time_zone("created_at"))
                    .primary_key(Index::create().col("review_id").col("reporter_id"))
                    .foreign_key(&mut fk(
                        "fk_review_reports_review",
                        ("review_reports", "review_id"),
                        ("reviews", "id"),
                        true,
                    ))
                    .foreign_key(&mut fk(
                        "fk_review_reports_reporter",
                        ("review_reports", "reporter_id"),
                        ("users", "id"),
                        false,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("receipt_claims")
                    .col(big_integer("pos_sale_id").primary_key())
                    .col(big_integer("user_id"))
                    .col(timestamp_with_time_zone("claimed_at"))
                    .foreign_key(&mut fk(
                        "fk_receipt_claims_sale",
                        ("receipt_claims", "pos_sale_id"),
                        ("pos_sales", "id"),
                        true,
                    ))
                    .foreign_key(&mut fk(
                        "fk_receipt_claims_user",
                        ("receipt_claims", "user_id"),
                        ("users", "id"),
                        false,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_receipt_claims_user", "receipt_claims", &["user_id"], false).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in TABLES {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
