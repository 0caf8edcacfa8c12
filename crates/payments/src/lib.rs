//! Payments for Chợ OCOP as pure domain code: what a buyer must do to pay (VietQR, VNPay,
//! MoMo, Stripe, cash on delivery), how a provider's callback is proven genuine, and how a
//! paid shop order is posted to the double-entry ledger. No database and no HTTP here: the
//! gateway sends the requests and stores the postings.

pub mod confirmation;
pub mod ledger;
pub mod method;
pub mod momo;
pub mod provider;
mod sign;
pub mod stripe;
pub mod vietqr;
pub mod vnpay;
pub mod words;

pub use confirmation::Confirmation;
pub use method::{Instruction, Method};
pub use provider::PaymentProvider;
