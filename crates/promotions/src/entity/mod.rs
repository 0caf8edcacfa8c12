//! Tables of the promotions crate.

pub mod voucher;
pub mod voucher_use;
pub mod voucher_wallet;
