//! The conflict codes this crate answers with (`Error::Conflict { code, .. }`): the API's
//! `error.code` with status 409, stable. The code, the OpenAPI document and the tests read
//! them from here.

/// The shop already made an offer on the request.
pub const OFFER_EXISTS: &str = "offer_exists";
/// The offer is no longer pending.
pub const OFFER_NOT_PENDING: &str = "offer_not_pending";
/// The request changed meanwhile: reload.
pub const REQUEST_CHANGED: &str = "request_changed";
/// The request stopped taking offers.
pub const REQUEST_EXPIRED: &str = "request_expired";
/// The request is matched or closed.
pub const REQUEST_NOT_OPEN: &str = "request_not_open";

/// Every code above with what it means, for the API document.
pub const ALL: &[(&str, &str)] = &[
    (OFFER_EXISTS, "the shop already made an offer on the request"),
    (OFFER_NOT_PENDING, "the offer is no longer pending"),
    (REQUEST_CHANGED, "the request changed meanwhile: reload"),
    (REQUEST_EXPIRED, "the request stopped taking offers"),
    (REQUEST_NOT_OPEN, "the request is matched or closed"),
];
