//! The conflict codes this crate answers with (`Error::Conflict { code, .. }`): the API's
//! `error.code` with status 409, stable. The code, the OpenAPI document and the tests read
//! them from here.

/// The payment method is not offered for the order.
pub const METHOD_UNAVAILABLE: &str = "method_unavailable";
/// A payment for the order is being started: wait a moment.
pub const PAYMENT_STARTING: &str = "payment_starting";
/// A payout batch is already in draft.
pub const PAYOUT_DRAFT_EXISTS: &str = "payout_draft_exists";
/// The payout batch was already handled.
pub const PAYOUT_NOT_DRAFT: &str = "payout_not_draft";

/// Every code above with what it means, for the API document.
pub const ALL: &[(&str, &str)] = &[
    (METHOD_UNAVAILABLE, "the payment method is not offered for the order"),
    (PAYMENT_STARTING, "a payment for the order is being started: wait a moment"),
    (PAYOUT_DRAFT_EXISTS, "a payout batch is already in draft"),
    (PAYOUT_NOT_DRAFT, "the payout batch was already handled"),
];
