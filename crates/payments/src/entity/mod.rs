//! sea-orm entities owned by payments.

pub mod ledger_entry;
pub mod payment_attempt;
pub mod payment_event;
pub mod payout_batch;
pub mod payout_line;
pub mod statement_line;
