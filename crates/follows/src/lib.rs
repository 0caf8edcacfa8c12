//! What a shopper keeps coming back to (issue 15): the shops they follow and the products
//! they saved for later. Following and saving are idempotent (a second click is not an
//! error, and two at once make one row); lists show only what is still open or on sale.
//! Nothing here knows HTTP.

pub mod entity;
pub mod saved;
pub mod shops;

/// Products one shopper may keep saved: a wishlist, not a bookmark store.
pub const MAX_SAVED: u64 = 500;
/// Shops one shopper may follow.
pub const MAX_FOLLOWED: u64 = 500;

/// Conflict codes this crate answers with.
pub mod conflicts {
    /// [`crate::MAX_SAVED`] products are saved already.
    pub const TOO_MANY_SAVED: &str = "too_many_saved";
    /// [`crate::MAX_FOLLOWED`] shops are followed already.
    pub const TOO_MANY_FOLLOWED: &str = "too_many_followed";
    /// Every code above with what it means, for the API document.
    pub const ALL: &[(&str, &str)] = &[
        (TOO_MANY_SAVED, "the shopper saved the most products one may keep"),
        (TOO_MANY_FOLLOWED, "the shopper follows the most shops one may follow"),
    ];
}
