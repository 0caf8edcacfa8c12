//! Payments and the money ledger: every provider callback recorded once, bank statement
//! lines with how they matched, an append-only double-entry ledger, and per-shop money
//! settings (commission override, cash on delivery).

use sea_orm_migration::{prelude::*, schema::*};

use crate::util::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("payment_events")
                    .col(big_pk_auto("id"))
                    .col(string_len("provider", 20))
                    // The provider's own id for this delivery: a repeat changes nothing.
                    .col(string_len("event_id", 120))
                    .col(string_len("order_code", 24))
                    .col(big_integer("amount_vnd"))
                    .col(string_len("outcome", 30))
                    .col(text("payload"))
                    .col(timestamp_with_time_zone("received_at"))
                    .to_owned(),
            )
            .await?;
        index(manager, "uq_payment_events_provider_event", "payment_events", &["provider", "event_id"], true).await?;
        index(manager, "ix_payment_events_order", "payment_events", &["order_code"], false).await?;

        manager
            .create_table(
                Table::create()
                    .table("statement_lines")
                    .col(big_pk_auto("id"))
                    // SHA-256 of the line as the bank wrote it: importing a file twice adds nothing.
                    .col(string_len("fingerprint", 64))
                    .col(date("booked_on"))
                    .col(big_integer("amount_vnd"))
                    .col(string_len("description", 500))
                    .col(string_len("status", 20))
                    .col(string_len_null("order_code", 24))
                    .col(big_integer_null("imported_by"))
                    .col(timestamp_with_time_zone("imported_at"))
                    .col(timestamp_with_time_zone_null("resolved_at"))
                    .to_owned(),
            )
            .await?;
        index(manager, "uq_statement_lines_fingerprint", "statement_lines", &["fingerprint"], true).await?;
        index(manager, "ix_statement_lines_status", "statement_lines", &["status"], false).await?;

        manager
            .create_table(
                Table::create()
                    .table("ledger_entries")
                    .col(big_pk_auto("id"))
                    // One posting = the entries sharing a key; each posting sums to zero.
                    .col(string_len("posting", 80))
                    .col(string_len("account", 60))
                    .col(big_integer_null("shop_id"))
                    .col(big_integer_null("shop_order_id"))
                    .col(big_integer("amount_vnd"))
                    .col(string_len("memo", 200))
                    .col(timestamp_with_time_zone("created_at"))
                    .to_owned(),
            )
            .await?;
        index(manager, "uq_ledger_entries_posting_account", "ledger_entries", &["posting", "account"], true).await?;
        index(manager, "ix_ledger_entries_shop", "ledger_entries", &["shop_id", "created_at"], false).await?;
        index(manager, "ix_ledger_entries_account", "ledger_entries", &["account"], false).await?;

        manager
            .alter_table(Table::alter().table("shops").add_column(integer_null("commission_bps")).to_owned())
            .await?;
        manager
            .alter_table(Table::alter().table("shops").add_column(boolean("cod_enabled").default(true)).to_owned())
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table("shops").drop_column("cod_enabled").to_owned()).await?;
        manager.alter_table(Table::alter().table("shops").drop_column("commission_bps").to_owned()).await?;
        for table in ["ledger_entries", "statement_lines", "payment_events"] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
