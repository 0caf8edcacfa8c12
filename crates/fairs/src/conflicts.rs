//! The conflict codes this crate answers with (`Error::Conflict { code, .. }`): the API's
//! `error.code` with status 409, stable. The code, the OpenAPI document and the tests read
//! them from here.

/// The shop already applied to the fair.
pub const ALREADY_APPLIED: &str = "already_applied";
/// The booth number has another shop.
pub const BOOTH_TAKEN: &str = "booth_taken";
/// The fair is over.
pub const FAIR_ENDED: &str = "fair_ended";
/// The fair has all the booths it takes.
pub const FAIR_FULL: &str = "fair_full";
/// The status cannot move that way from where it is.
pub const INVALID_TRANSITION: &str = "invalid_transition";
/// The shop has no booth at the fair.
pub const NO_BOOTH: &str = "no_booth";
/// The shop's province is not invited to the fair.
pub const NOT_INVITED: &str = "not_invited";
/// The shop is not verified yet.
pub const SHOP_NOT_VERIFIED: &str = "shop_not_verified";

/// Every code above with what it means, for the API document.
pub const ALL: &[(&str, &str)] = &[
    (ALREADY_APPLIED, "the shop already applied to the fair"),
    (BOOTH_TAKEN, "the booth number has another shop"),
    (FAIR_ENDED, "the fair is over"),
    (FAIR_FULL, "the fair has all the booths it takes"),
    (INVALID_TRANSITION, "the status cannot move that way from where it is"),
    (NO_BOOTH, "the shop has no booth at the fair"),
    (NOT_INVITED, "the shop's province is not invited to the fair"),
    (SHOP_NOT_VERIFIED, "the shop is not verified yet"),
];
