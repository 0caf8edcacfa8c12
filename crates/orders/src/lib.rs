//! Orders: one cart across shops, shipping quoted per shop, a checkout that never
//! oversells, and shop orders that move through checked statuses with a timeline.
//! Notifications are written in the same transaction and sent after commit.

pub mod addresses;
pub mod cart;
pub mod checkout;
pub mod code;
pub mod conflicts;
pub mod entity;
pub mod fair_price;
pub mod jobs;
pub mod lists;
pub mod notify;
pub mod offers;
pub mod pickup;
pub mod punctuality;
pub mod queries;
pub mod refunds;
pub mod reorder;
pub mod shipping;
pub mod status;
pub mod stock;
pub mod tracking;
pub mod transitions;
