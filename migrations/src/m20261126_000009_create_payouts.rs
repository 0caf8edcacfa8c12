//! Paying shops and talking to redirect providers: where each shop wants its money, payout
//! batches and their lines, one provider session per order (so reloading the payment page
//! does not open a second MoMo or Stripe payment), and which refund requests were opened by
//! the system for money that arrived after an order was cancelled.

use sea_orm_migration::{prelude::*, schema::*};

use crate::util::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

const SHOP_PAYOUT_COLUMNS: [&str; 3] = ["payout_bank_bin", "payout_account", "payout_account_name"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER.
        for column in SHOP_PAYOUT_COLUMNS {
            manager
                .alter_table(Table::alter().table("shops").add_column(string_len_null(column, 80)).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table("refund_requests")
                    .add_column(string_len("kind", 20).default("complaint"))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("payment_attempts")
                    .col(big_pk_auto("id"))
                    .col(big_integer("order_id"))
                    .col(string_len("method", 20))
                    // The provider's page; empty while the call is in flight.
                    .col(string_len("redirect_url", 2000))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk(
                        "fk_payment_attempts_order",
                        ("payment_attempts", "order_id"),
                        ("orders", "id"),
                        true,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "uq_payment_attempts_order_method", "payment_attempts", &["order_id", "method"], true).await?;

        manager
            .create_table(
                Table::create()
                    .table("payout_batches")
                    .col(big_pk_auto("id"))
                    // draft → paid, or cancelled; a paid batch is in the ledger and never changes.
                    .col(string_len("status", 20))
                    .col(big_integer("total_vnd"))
                    .col(big_integer_null("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("paid_at"))
                    .to_owned(),
            )
            .await?;
        // One draft at a time, so no shop is in two unpaid batches (both backends take a
        // partial index in this spelling).
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX uq_payout_batches_one_draft ON payout_batches (status) WHERE status = 'draft'",
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("payout_lines")
                    .col(big_pk_auto("id"))
                    .col(big_integer("batch_id"))
                    .col(big_integer("shop_id"))
                    .col(big_integer("amount_vnd"))
                    // The COD cash the shop holds, netted out of this payout.
                    .col(big_integer("cod_netted_vnd"))
                    // The account as it was when the batch was made: the bank file must not change.
                    .col(string_len("bank_bin", 80))
                    .col(string_len("account", 80))
                    .col(string_len("account_name", 80))
                    .foreign_key(&mut fk(
                        "fk_payout_lines_batch",
                        ("payout_lines", "batch_id"),
                        ("payout_batches", "id"),
                        true,
                    ))
                    .foreign_key(&mut fk("fk_payout_lines_shop", ("payout_lines", "shop_id"), ("shops", "id"), false))
                    .to_owned(),
            )
            .await?;
        index(manager, "uq_payout_lines_batch_shop", "payout_lines", &["batch_id", "shop_id"], true).await?;
        index(manager, "ix_payout_lines_shop", "payout_lines", &["shop_id"], false).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["payout_lines", "payout_batches", "payment_attempts"] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        manager.alter_table(Table::alter().table("refund_requests").drop_column("kind").to_owned()).await?;
        for column in SHOP_PAYOUT_COLUMNS.into_iter().rev() {
            manager.alter_table(Table::alter().table("shops").drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}
