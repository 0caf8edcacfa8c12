//! The money ledger's posting rules as pure functions. Every posting is a balanced set of
//! lines in integer đồng, debits positive and credits negative, so a posting sums to
//! exactly zero and an account's balance is the plain sum of its lines. The gateway stores
//! postings append-only and never edits one: a refund is a new, reversing posting.

mod account;
mod check;
mod rules;

pub use account::Account;
pub use check::{Balances, ShopBalance, check};
pub use rules::{
    PIT_BPS, Refund, Settlement, ShopOrder, Split, VAT_BPS, full_refund, late_payment, late_payment_returned, payment,
    payout, refund, settle_cod, split,
};

/// One side of a posting: `amount > 0` debits `account`, `amount < 0` credits it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub account: Account,
    pub amount: i64,
}

/// Why a posting was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PostingKind {
    /// A shop order paid online, or delivered and paid in cash (COD).
    Payment,
    /// A full or partial refund, reversing part of a payment.
    Refund,
    /// COD cash the shop holds, netted against what the marketplace owes it.
    CodSettlement,
    /// Money sent to a shop's bank account.
    Payout,
    /// Money for a cancelled order, held for the buyer or sent back.
    LatePayment,
}

/// One balanced transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posting {
    pub kind: PostingKind,
    /// The order code (or a settlement reference) the posting belongs to.
    pub reference: String,
    pub lines: Vec<Line>,
}

impl Posting {
    /// The sum of the lines; zero for every posting this module makes.
    pub fn sum(&self) -> i128 {
        self.lines.iter().map(|l| i128::from(l.amount)).sum()
    }
}

#[cfg(test)]
mod tests;
