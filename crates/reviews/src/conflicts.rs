//! The conflict codes this crate answers with (`Error::Conflict { code, .. }`): the API's
//! `error.code` with status 409, stable.

/// The line was reviewed already.
pub const REVIEW_EXISTS: &str = "review_exists";
/// The shop order is not delivered yet.
pub const NOT_DELIVERED: &str = "not_delivered";
/// The review's one edit was used.
pub const EDIT_USED: &str = "edit_used";
/// More than 30 days passed since the review was written.
pub const EDIT_WINDOW_CLOSED: &str = "edit_window_closed";
/// The shop answered this review already.
pub const REPLY_EXISTS: &str = "reply_exists";
/// This person reported this review already.
pub const ALREADY_REPORTED: &str = "already_reported";
/// The booth receipt belongs to another account.
pub const RECEIPT_CLAIMED: &str = "receipt_claimed";
/// The review was removed by a moderator.
pub const REVIEW_REMOVED: &str = "review_removed";

/// Another admin decided on the review meanwhile.
pub const REVIEW_CHANGED: &str = "review_changed";

/// A shopper has too many unanswered questions on one product.
pub const TOO_MANY_QUESTIONS: &str = "too_many_questions";
/// This person answered this question already.
pub const ANSWER_EXISTS: &str = "answer_exists";

/// The account claimed the most booth receipts one may claim in a day.
pub const TOO_MANY_CLAIMS: &str = "too_many_claims";

/// Every code above with what it means, for the API document.
pub const ALL: &[(&str, &str)] = &[
    (REVIEW_EXISTS, "the line was reviewed already"),
    (NOT_DELIVERED, "the shop order is not delivered yet"),
    (EDIT_USED, "the review's one edit was used"),
    (EDIT_WINDOW_CLOSED, "more than 30 days passed since the review was written"),
    (REPLY_EXISTS, "the shop answered this review already"),
    (ALREADY_REPORTED, "this person reported this review already"),
    (RECEIPT_CLAIMED, "the booth receipt belongs to another account"),
    (REVIEW_REMOVED, "the review was removed by a moderator"),
    (REVIEW_CHANGED, "another admin decided on the review meanwhile"),
    (TOO_MANY_QUESTIONS, "the shopper has 3 unanswered questions on this product"),
    (ANSWER_EXISTS, "this person answered this question already"),
    (TOO_MANY_CLAIMS, "the account claimed 20 booth receipts in the last 24 hours"),
];
