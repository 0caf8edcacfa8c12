//! The conflict codes this crate answers with (`Error::Conflict { code, .. }`): the API's
//! `error.code` with status 409, stable. The code, the OpenAPI document and the tests read
//! them from here.

/// Not enough stock (names the SKU).
pub const OUT_OF_STOCK: &str = "out_of_stock";

/// Every code above with what it means, for the API document.
pub const ALL: &[(&str, &str)] = &[(OUT_OF_STOCK, "not enough stock (names the SKU)")];
