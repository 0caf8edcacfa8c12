//! End-to-end tests: one binary (link once), one module per area. Each test spawns its own
//! gateway with its own database, so they run in parallel.
#![expect(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

mod academy;
mod api_accounts;
mod booth;
mod browser_academy;
mod browser_catalog;
mod browser_fairs;
mod browser_figures;
mod browser_follows;
mod browser_journeys;
mod browser_messages;
mod browser_orders;
mod browser_reviews;
mod browser_shell;
mod browser_vouchers;
mod browser_wholesale;
mod catalog;
mod cluster;
mod fairs;
mod figures;
mod follows;
mod health;
mod images;
mod import;
mod messages;
mod orders;
mod page_cache;
mod pages;
mod payments;
mod payouts;
mod providers;
mod reviews;
mod search;
mod shell;
mod shutdown;
mod sku_case;
mod vn_dates;
mod voucher_desk;
mod vouchers;
mod wholesale;
mod workspaces;
