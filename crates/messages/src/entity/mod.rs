//! sea-orm entities owned by messages.

pub mod conversation;
pub mod message;
