//! Figures: a fair's report for its organisers, sales dashboards for admins and shops, the
//! SVG charts that draw them and the CSV that exports them.
//!
//! What the numbers mean, everywhere in this crate:
//! - **A sale** is a shop order that the buyer committed to (confirmed, packed, shipped,
//!   delivered or completed: not waiting for a transfer, not cancelled, not refunded), or a
//!   sale made at a booth or counter (`pos_sales`, recorded only once paid).
//! - **Revenue** is the value of the goods sold: a shop order's `subtotal_vnd` (at the
//!   prices charged, fair prices included) and a booth sale's `total_vnd`. Shipping is not
//!   revenue: it passes through to the carrier, so it is reported beside it
//!   (`shipping_vnd`), never inside it.
//! - **Channels**: `online` = shop orders bought outside any fair; `fair` = shop orders
//!   bought through a fair's pages plus sales at a fair's booth; `point_of_sale` = sales at
//!   a shop's counter outside any fair.
//! - **Days** are Vietnam's calendar days (UTC+7): an online order's placing time, a booth
//!   sale's selling time.
//! - **A fair's visitor** is a person (a keyed hash of their account or cookie) who opened
//!   the fair's page or any of its booth pages, online or by scanning a booth's QR code.
//!   The fair's visitors are distinct people over the whole fair; a day's visitors are
//!   distinct people that day. **Booth visits** are visitor-days at one booth's page.
//!
//! Everything is counted by SQL aggregates (GROUP BY) on SQLite and PostgreSQL alike; Rust
//! only merges the few grouped rows.

pub mod chart;
pub mod desk;
pub mod export;
pub mod fair_report;
pub mod period;
pub mod sales;
mod sql;
#[cfg(test)]
mod tests;

pub use fair_report::{FairReport, fair_report};
pub use period::Period;
pub use sales::{Dashboard, ShopSales, dashboard, shop_sales};
