//! The conflict codes this crate answers with (`Error::Conflict { code, .. }`): the API's
//! `error.code` with status 409, stable. The code, the OpenAPI document and the tests read
//! them from here.

/// The applicant already runs a shop.
pub const ALREADY_HAS_SHOP: &str = "already_has_shop";
/// The shop already has a product of that name.
pub const DUPLICATE_NAME: &str = "duplicate_name";
/// The shop already uses that SKU.
pub const DUPLICATE_SKU: &str = "duplicate_sku";
/// The product is not waiting for review.
pub const NOT_SUBMITTED: &str = "not_submitted";
/// The shop is not verified yet.
pub const SHOP_NOT_VERIFIED: &str = "shop_not_verified";
/// A shop of that name or slug exists.
pub const SHOP_TAKEN: &str = "shop_taken";

/// Every code above with what it means, for the API document.
pub const ALL: &[(&str, &str)] = &[
    (ALREADY_HAS_SHOP, "the applicant already runs a shop"),
    (DUPLICATE_NAME, "the shop already has a product of that name"),
    (DUPLICATE_SKU, "the shop already uses that SKU"),
    (NOT_SUBMITTED, "the product is not waiting for review"),
    (SHOP_NOT_VERIFIED, "the shop is not verified yet"),
    (SHOP_TAKEN, "a shop of that name or slug exists"),
];
