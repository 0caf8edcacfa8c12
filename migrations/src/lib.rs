//! One ordered schema history for the whole of Chợ OCOP. Migrations only grow: a rename is
//! add → backfill → drop across releases, and foreign keys are declared inside
//! `create_table` because SQLite cannot add them later.

pub use sea_orm_migration::prelude::*;

mod util;

mod m20261126_000001_create_accounts;
mod m20261126_000002_create_catalog;
mod m20261126_000003_create_product_images;
mod m20261126_000004_certificate_scans_and_notices;
mod m20261126_000005_product_subcategory;
mod m20261126_000006_shop_logo;
mod m20261126_000007_create_orders;
mod m20261126_000008_create_payments;
mod m20261126_000009_create_payouts;
mod m20261126_000010_create_pos_sales;
mod m20261126_000011_create_wholesale;
mod m20261126_000012_create_fairs;
mod m20261126_000013_sales_figures_indexes;
mod m20261203_000014_product_certificate_stars;
mod m20261204_000015_create_reviews;
mod m20261204_000016_create_follows;
mod m20261204_000017_create_questions;
mod m20261204_000018_create_conversations;
mod m20261204_000019_review_photos;
mod m20261205_000020_create_academy;
mod m20261205_000021_listing_order_indexes;
mod m20261205_000022_create_vouchers;
mod m20261206_000023_voucher_uses_returned;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261126_000001_create_accounts::Migration),
            Box::new(m20261126_000002_create_catalog::Migration),
            Box::new(m20261126_000003_create_product_images::Migration),
            Box::new(m20261126_000004_certificate_scans_and_notices::Migration),
            Box::new(m20261126_000005_product_subcategory::Migration),
            Box::new(m20261126_000006_shop_logo::Migration),
            Box::new(m20261126_000007_create_orders::Migration),
            Box::new(m20261126_000008_create_payments::Migration),
            Box::new(m20261126_000009_create_payouts::Migration),
            Box::new(m20261126_000010_create_pos_sales::Migration),
            Box::new(m20261126_000011_create_wholesale::Migration),
            Box::new(m20261126_000012_create_fairs::Migration),
            Box::new(m20261126_000013_sales_figures_indexes::Migration),
            Box::new(m20261203_000014_product_certificate_stars::Migration),
            Box::new(m20261204_000015_create_reviews::Migration),
            Box::new(m20261204_000016_create_follows::Migration),
            Box::new(m20261204_000017_create_questions::Migration),
            Box::new(m20261204_000018_create_conversations::Migration),
            Box::new(m20261204_000019_review_photos::Migration),
            Box::new(m20261205_000020_create_academy::Migration),
            Box::new(m20261205_000021_listing_order_indexes::Migration),
            Box::new(m20261205_000022_create_vouchers::Migration),
            Box::new(m20261206_000023_voucher_uses_returned::Migration),
        ]
    }
}
