//! Buyer–seller messages (issue 15): one conversation per shopper and shop, its messages,
//! unread counters for both sides and a report an admin can read.

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
                    .table("conversations")
                    .col(big_pk_auto("id"))
                    .col(big_integer("shopper_id"))
                    .col(big_integer("shop_id"))
                    // What the conversation is about lately: the product or order last attached.
                    .col(big_integer_null("product_id"))
                    .col(big_integer_null("order_id"))
                    // Messages the side has not opened yet; the header and workspace read these.
                    .col(integer("shopper_unread").default(0))
                    .col(integer("shop_unread").default(0))
                    .col(timestamp_with_time_zone("last_message_at"))
                    // The shopper's first message and the shop's first answer after it: the
                    // shop page's response rate and time.
                    .col(timestamp_with_time_zone_null("first_asked_at"))
                    .col(timestamp_with_time_zone_null("first_answered_at"))
                    .col(timestamp_with_time_zone_null("reported_at"))
                    .col(big_integer_null("reported_by"))
                    .col(text_null("report_reason"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk(
                        "fk_conversations_shopper",
                        ("conversations", "shopper_id"),
                        ("users", "id"),
                        true,
                    ))
                    .foreign_key(&mut fk("fk_conversations_shop", ("conversations", "shop_id"), ("shops", "id"), true))
                    .to_owned(),
            )
            .await?;
        index(manager, "uq_conversations_pair", "conversations", &["shopper_id", "shop_id"], true).await?;
        index(manager, "ix_conversations_shop", "conversations", &["shop_id", "last_message_at"], false).await?;
        index(manager, "ix_conversations_shopper", "conversations", &["shopper_id", "last_message_at"], false).await?;
        index(manager, "ix_conversations_reported", "conversations", &["reported_at"], false).await?;
        manager
            .create_table(
                Table::create()
                    .table("messages")
                    .col(big_pk_auto("id"))
                    .col(big_integer("conversation_id"))
                    .col(big_integer("sender_id"))
                    .col(boolean("from_shop"))
                    // As written; `masked` says the other side sees its links and phone
                    // numbers as *** (written before the shopper had ordered from the shop).
                    .col(text("body"))
                    .col(boolean("masked"))
                    .col(big_integer_null("product_id"))
                    .col(big_integer_null("order_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk(
                        "fk_messages_conversation",
                        ("messages", "conversation_id"),
                        ("conversations", "id"),
                        true,
                    ))
                    .foreign_key(&mut fk("fk_messages_sender", ("messages", "sender_id"), ("users", "id"), false))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_messages_conversation", "messages", &["conversation_id", "id"], false).await?;
        index(manager, "ix_messages_sender", "messages", &["sender_id", "created_at"], false).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["messages", "conversations"] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
