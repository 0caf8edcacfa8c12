//! The conflict codes this crate answers with (`Error::Conflict { code, .. }`): the API's
//! `error.code` with status 409, stable.

/// A shop's staff cannot open a conversation with their own shop.
pub const OWN_SHOP: &str = "own_shop";
/// The shopper started the most conversations one may start in a day.
pub const TOO_MANY_CONVERSATIONS: &str = "too_many_conversations";
/// The conversation is reported already and waits for an admin.
pub const CONVERSATION_REPORTED: &str = "conversation_reported";

/// Every code above with what it means, for the API document.
pub const ALL: &[(&str, &str)] = &[
    (OWN_SHOP, "a shop's staff cannot open a conversation with their own shop"),
    (TOO_MANY_CONVERSATIONS, "the shopper started 20 conversations in the last 24 hours"),
    (CONVERSATION_REPORTED, "the conversation is reported already and waits for an admin"),
];
