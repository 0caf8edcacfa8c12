//! Promotions: vouchers issued by a shop (for its own goods), by the marketplace or by a
//! province's OCOP programme (for a group of goods or a province's shops). The discount is
//! computed here from the cart the server priced, split over the shop orders in whole đồng,
//! and used inside the checkout's transaction with a conditional update, so a voucher with
//! 100 uses is used exactly 100 times however many shoppers try at once.

pub mod conflicts;
pub mod entity;
pub mod give_back;
pub mod pricing;
pub mod redeem;
pub mod usage;
pub mod vouchers;
pub mod wallet;

pub use pricing::{Applied, Benefit, Funder, Issuer, Offer, Part, PartLine, Share, Slot};
