//! The supply–demand board ("kết nối cung cầu"): wholesale requests posted by buyers, the
//! shops told of each one, shops' offers, and the message thread of each offer.

use sea_orm_migration::{prelude::*, schema::*};

use crate::util::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: [&str; 4] = ["wholesale_messages", "wholesale_offers", "wholesale_notified", "wholesale_requests"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("wholesale_requests")
                    .col(big_pk_auto("id"))
                    .col(big_integer("buyer_id"))
                    .col(string_len("organisation", 160))
                    // distributor, supermarket, restaurant, trade_centre or other.
                    .col(string_len("buyer_kind", 20))
                    .col(string_len("product", 200))
                    // One of the six OCOP group codes.
                    .col(string_len("category", 40))
                    .col(big_integer("quantity"))
                    .col(string_len("unit", 20))
                    .col(string_len("province_code", 40))
                    // What the buyer typed (maybe a former province name).
                    .col(string_len("province_input", 80))
                    // The last day offers are taken (Vietnam's calendar).
                    .col(date("deadline"))
                    .col(big_integer_null("budget_vnd"))
                    .col(text("note"))
                    // open, matched, closed or expired; every move is a conditional update.
                    .col(string_len("status", 16))
                    .col(big_integer_null("accepted_offer_id"))
                    .col(integer("notified_shops").default(0))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .col(timestamp_with_time_zone_null("closed_at"))
                    .foreign_key(&mut fk(
                        "fk_wholesale_requests_buyer",
                        ("wholesale_requests", "buyer_id"),
                        ("users", "id"),
                        false,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_wholesale_requests_status", "wholesale_requests", &["status", "deadline"], false).await?;
        index(manager, "ix_wholesale_requests_buyer", "wholesale_requests", &["buyer_id"], false).await?;
        index(manager, "ix_wholesale_requests_province", "wholesale_requests", &["province_code", "status"], false)
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("wholesale_notified")
                    .col(big_integer("request_id"))
                    .col(big_integer("shop_id"))
                    // 1 = the best fit (same province, most live products in the group).
                    .col(integer("rank"))
                    .col(timestamp_with_time_zone("created_at"))
                    .primary_key(Index::create().col("request_id").col("shop_id"))
                    .foreign_key(&mut fk(
                        "fk_wholesale_notified_request",
                        ("wholesale_notified", "request_id"),
                        ("wholesale_requests", "id"),
                        true,
                    ))
                    .foreign_key(&mut fk(
                        "fk_wholesale_notified_shop",
                        ("wholesale_notified", "shop_id"),
                        ("shops", "id"),
                        true,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_wholesale_notified_shop", "wholesale_notified", &["shop_id"], false).await?;

        manager
            .create_table(
                Table::create()
                    .table("wholesale_offers")
                    .col(big_pk_auto("id"))
                    .col(big_integer("request_id"))
                    .col(big_integer("shop_id"))
                    .col(big_integer("author_id"))
                    .col(big_integer("price_per_unit_vnd"))
                    .col(big_integer("quantity"))
                    .col(integer("lead_time_days"))
                    .col(text("message"))
                    // pending, accepted or declined.
                    .col(string_len("status", 16))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("decided_at"))
                    .foreign_key(&mut fk(
                        "fk_wholesale_offers_request",
                        ("wholesale_offers", "request_id"),
                        ("wholesale_requests", "id"),
                        true,
                    ))
                    .foreign_key(&mut fk(
                        "fk_wholesale_offers_shop",
                        ("wholesale_offers", "shop_id"),
                        ("shops", "id"),
                        false,
                    ))
                    .foreign_key(&mut fk(
                        "fk_wholesale_offers_author",
                        ("wholesale_offers", "author_id"),
                        ("users", "id"),
                        false,
                    ))
                    .to_owned(),
            )
            .await?;
        // One offer per shop per request: the thread carries the haggling.
        index(manager, "uq_wholesale_offers_request_shop", "wholesale_offers", &["request_id", "shop_id"], true)
            .await?;
        index(manager, "ix_wholesale_offers_shop", "wholesale_offers", &["shop_id", "status"], false).await?;

        manager
            .create_table(
                Table::create()
                    .table("wholesale_messages")
                    .col(big_pk_auto("id"))
                    .col(big_integer("offer_id"))
                    .col(big_integer("author_id"))
                    // buyer or shop: which side wrote it.
                    .col(string_len("side", 8))
                    .col(text("body"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk(
                        "fk_wholesale_messages_offer",
                        ("wholesale_messages", "offer_id"),
                        ("wholesale_offers", "id"),
                        true,
                    ))
                    .foreign_key(&mut fk(
                        "fk_wholesale_messages_author",
                        ("wholesale_messages", "author_id"),
                        ("users", "id"),
                        false,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_wholesale_messages_offer", "wholesale_messages", &["offer_id"], false).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in TABLES {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
