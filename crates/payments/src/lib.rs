//! Payments and the money ledger: bank statements matched to orders, provider callbacks
//! recorded once, and an append-only double-entry ledger with its invariant check.

pub mod book;
pub mod entity;
pub mod statements;
