//! The conflict codes this crate answers with (`Error::Conflict { code, .. }`): the API's
//! `error.code` with status 409, stable. The code, the OpenAPI document and the tests read
//! them from here.

/// The shop already answered the refund request.
pub const ALREADY_ANSWERED: &str = "already_answered";
/// The refund request was already decided.
pub const ALREADY_DECIDED: &str = "already_decided";
/// The time to complain about the order is over.
pub const COMPLAINT_WINDOW_CLOSED: &str = "complaint_window_closed";
/// The fair is not open now.
pub const FAIR_NOT_LIVE: &str = "fair_not_live";
/// The fair does not sell online.
pub const FAIR_NOT_ONLINE: &str = "fair_not_online";
/// The Idempotency-Key came back with a different request.
pub const IDEMPOTENCY_KEY_REUSED: &str = "idempotency_key_reused";
/// The status cannot move that way from where it is.
pub const INVALID_TRANSITION: &str = "invalid_transition";
/// A payment that came after the order was void waits for its refund.
pub const LATE_PAYMENT_REFUND: &str = "late_payment_refund";
/// The order is not waiting for payment.
pub const NOT_AWAITING_PAYMENT: &str = "not_awaiting_payment";
/// Not enough stock (names the SKU).
pub const OUT_OF_STOCK: &str = "out_of_stock";
/// A price moved since the buyer last saw it (seen now: send again).
pub const PRICE_CHANGED: &str = "price_changed";
/// The order already has a refund request.
pub const REFUND_EXISTS: &str = "refund_exists";
/// The order moved meanwhile: reload.
pub const STATUS_CHANGED: &str = "status_changed";
/// The item cannot be bought now (names the SKU).
pub const UNAVAILABLE: &str = "unavailable";

/// Every code above with what it means, for the API document.
pub const ALL: &[(&str, &str)] = &[
    (ALREADY_ANSWERED, "the shop already answered the refund request"),
    (ALREADY_DECIDED, "the refund request was already decided"),
    (COMPLAINT_WINDOW_CLOSED, "the time to complain about the order is over"),
    (FAIR_NOT_LIVE, "the fair is not open now"),
    (FAIR_NOT_ONLINE, "the fair does not sell online"),
    (IDEMPOTENCY_KEY_REUSED, "the Idempotency-Key came back with a different request"),
    (INVALID_TRANSITION, "the status cannot move that way from where it is"),
    (LATE_PAYMENT_REFUND, "a payment that came after the order was void waits for its refund"),
    (NOT_AWAITING_PAYMENT, "the order is not waiting for payment"),
    (OUT_OF_STOCK, "not enough stock (names the SKU)"),
    (PRICE_CHANGED, "a price moved since the buyer last saw it (seen now: send again)"),
    (REFUND_EXISTS, "the order already has a refund request"),
    (STATUS_CHANGED, "the order moved meanwhile: reload"),
    (UNAVAILABLE, "the item cannot be bought now (names the SKU)"),
];
