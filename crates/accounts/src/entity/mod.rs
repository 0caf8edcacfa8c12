//! sea-orm entities owned by the accounts crate.

pub mod api_token;
pub mod session;
pub mod user;
