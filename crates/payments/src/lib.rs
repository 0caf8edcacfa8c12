//! Payments for Chợ OCOP: what a buyer must do to pay (VietQR, VNPay, MoMo, Stripe, cash on
//! delivery), how a provider's callback is proven genuine, how a paid shop order is posted
//! to the double-entry ledger (pure rules), and the database side: bank statements matched
//! to orders, postings written once, the ledger's invariant check.

pub mod attempts;
pub mod banks;
pub mod book;
pub mod confirm;
pub mod confirmation;
pub mod conflicts;
pub mod entity;
pub mod ledger;
pub mod method;
pub mod momo;
pub mod payouts;
pub mod provider;
mod sign;
pub mod statements;
pub mod stripe;
pub mod sync;
pub mod vietqr;
pub mod vnpay;
pub mod words;

pub use confirmation::Confirmation;
pub use method::{Instruction, Method};
pub use provider::PaymentProvider;
