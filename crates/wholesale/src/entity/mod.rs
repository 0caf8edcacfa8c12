//! sea-orm entities owned by the supply–demand board.

pub mod message;
pub mod notified;
pub mod offer;
pub mod request;
