//! Buyer–seller messages (issue 15): one conversation per shopper and shop, optionally about
//! a product or an order. Each side has an unread counter on the conversation row, so the
//! header reads one sum instead of counting messages. Before the shopper has an order with
//! the shop, links and phone numbers reach the other side as `***` (payment stays on the
//! platform); the writer still sees what they wrote. A conversation is private to the
//! shopper and the shop's staff: admins read it only once one side reported it, and that
//! reading is audited. Nothing here knows HTTP.

pub mod conflicts;
pub mod entity;
pub mod read;
pub mod reports;
pub mod write;

pub use read::{Shown, Summary, Unread};
pub use write::About;

/// A message is at most this many characters.
pub const MAX_BODY: usize = 2000;
/// New conversations one shopper may start in 24 hours (an answer to an existing one is free).
pub const MAX_NEW_PER_DAY: u64 = 20;

/// Which side of a conversation someone is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Shopper,
    Shop,
}

impl Side {
    pub fn from_shop(self) -> bool {
        self == Self::Shop
    }
}
