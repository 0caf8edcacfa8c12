//! Users, their browser sessions (when Redis is not configured) and API tokens.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("users")
                    .col(big_pk_auto("id"))
                    // Stored lower-cased and NFC, so the unique index is case-blind.
                    .col(string_len("email", 254))
                    .col(string_len("name", 120))
                    .col(string_len_null("phone", 20))
                    .col(string_len("password_hash", 200))
                    .col(string_len("role", 20))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .col(timestamp_with_time_zone("password_changed_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("uq_users_email").table("users").col("email").unique().to_owned())
            .await?;
        manager
            .create_index(Index::create().name("uq_users_phone").table("users").col("phone").unique().to_owned())
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("sessions")
                    // SHA-256 of the cookie value: a leaked table cannot be replayed as cookies.
                    .col(string_len("id", 64).primary_key())
                    .col(big_integer("user_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("expires_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_sessions_user")
                            .from("sessions", "user_id")
                            .to("users", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("ix_sessions_user").table("sessions").col("user_id").to_owned())
            .await?;
        manager
            .create_index(Index::create().name("ix_sessions_expires").table("sessions").col("expires_at").to_owned())
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("api_tokens")
                    .col(big_pk_auto("id"))
                    .col(big_integer("user_id"))
                    .col(string_len("token_hash", 64))
                    .col(string_len("name", 80))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("expires_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_api_tokens_user")
                            .from("api_tokens", "user_id")
                            .to("users", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("uq_api_tokens_hash").table("api_tokens").col("token_hash").unique().to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["api_tokens", "sessions", "users"] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
