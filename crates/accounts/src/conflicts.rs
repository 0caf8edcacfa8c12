//! The conflict codes this crate answers with (`Error::Conflict { code, .. }`): the API's
//! `error.code` with status 409, stable. The code, the OpenAPI document and the tests read
//! them from here.

/// The e-mail is already registered.
pub const EMAIL_TAKEN: &str = "email_taken";
/// The phone number is already used by another account.
pub const PHONE_TAKEN: &str = "phone_taken";

/// Every code above with what it means, for the API document.
pub const ALL: &[(&str, &str)] = &[
    (EMAIL_TAKEN, "the e-mail is already registered"),
    (PHONE_TAKEN, "the phone number is already used by another account"),
];
