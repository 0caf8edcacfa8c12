//! sea-orm entities owned by payments.

pub mod ledger_entry;
pub mod payment_event;
pub mod statement_line;
