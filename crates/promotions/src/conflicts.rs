//! The conflict codes this crate answers with (`Error::Conflict { code, .. }`, HTTP 409).

/// The voucher's uses ran out, or the shopper's own uses did.
pub const VOUCHER_USED_UP: &str = "voucher_used_up";
/// The voucher is not running now (not started, ended or paused).
pub const VOUCHER_NOT_RUNNING: &str = "voucher_not_running";
/// A voucher code that is already taken.
pub const CODE_TAKEN: &str = "voucher_code_taken";

/// Every code above with what it means, for the API's documentation.
pub const ALL: &[(&str, &str)] = &[
    (VOUCHER_USED_UP, "the voucher's uses, or the shopper's own, ran out: the order was not placed"),
    (VOUCHER_NOT_RUNNING, "the voucher has not started, has ended or is paused: the order was not placed"),
    (CODE_TAKEN, "another voucher has this code"),
];
