//! The sales dashboards read shop orders and booth sales by time over a period; the fair
//! report reads them by fair (indexed since the fairs migration), and counts a fair's
//! distinct visitors per day.

use sea_orm_migration::prelude::*;

use crate::util::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        index(manager, "ix_shop_orders_created", "shop_orders", &["created_at"], false).await?;
        index(manager, "ix_pos_sales_sold", "pos_sales", &["sold_at"], false).await?;
        index(manager, "ix_pos_sales_shop_sold", "pos_sales", &["shop_id", "sold_at"], false).await?;
        index(manager, "ix_fair_visits_day", "fair_visits", &["fair_id", "day", "visitor"], false).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, table) in [
            ("ix_pos_sales_shop_sold", "pos_sales"),
            ("ix_pos_sales_sold", "pos_sales"),
            ("ix_shop_orders_created", "shop_orders"),
        ] {
            manager.drop_index(Index::drop().name(name).table(table).to_owned()).await?;
        }
        Ok(())
    }
}
