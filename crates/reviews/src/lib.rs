//! Reviews from verified purchases (issue 15): a shopper reviews a line they bought, once,
//! online after delivery or at a booth with the receipt they claimed; edits it once within
//! 30 days; the shop answers once, publicly. Text with links, phone numbers or banned words
//! waits for an admin; anyone signed in can report a review. Each product's rating is a
//! running sum of its published reviews, moved in the same transaction as the review, so
//! pages read one row instead of recounting. Nothing here knows HTTP.

pub mod conflicts;
pub mod entity;
pub mod input;
pub mod moderation;
pub mod photos;
pub mod purchase;
pub mod questions;
pub mod rating;
pub mod read;
pub mod write;

pub use input::ReviewInput;
pub use purchase::Bought;
pub use rating::Rating;

/// How long after writing a review its one edit stays open.
pub const EDIT_DAYS: i64 = 30;

/// A review's status.
pub mod status {
    pub const PUBLISHED: &str = "published";
    pub const HELD: &str = "held";
    pub const REMOVED: &str = "removed";
}
