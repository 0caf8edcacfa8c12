//! Stars belong to a product's certification, not to the decision: one provincial decision
//! lists many products, each with its own stars. `products.certificate_stars` holds the
//! stars the product was granted under `certificate_id`; existing products take the stars
//! their certificate row was recorded with.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter().table("products").add_column(small_integer_null("certificate_stars")).to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE products SET certificate_stars = \
                 (SELECT c.stars FROM certificates c WHERE c.id = products.certificate_id) \
                 WHERE certificate_id IS NOT NULL",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table("products").drop_column("certificate_stars").to_owned()).await
    }
}
