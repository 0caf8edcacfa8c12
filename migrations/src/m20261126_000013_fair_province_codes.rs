//! A fair's provinces hold province codes, which run to 40 characters elsewhere
//! (`quang-ninh` is already 10): the first fairs migration made them 8 wide, which SQLite
//! never enforced but PostgreSQL does, so no fair could be created there.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

const COLUMNS: [(&str, &str); 2] = [("fairs", "host_province"), ("fair_provinces", "province_code")];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite ignores a varchar's length (and cannot alter a column's type).
        if manager.get_database_backend() != sea_orm_migration::sea_orm::DatabaseBackend::Postgres {
            return Ok(());
        }
        for (table, column) in COLUMNS {
            manager.alter_table(Table::alter().table(table).modify_column(string_len(column, 40)).to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        // Narrowing again would fail on the codes stored since; the wider column stays.
        Ok(())
    }
}
