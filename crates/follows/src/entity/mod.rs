//! sea-orm entities owned by follows.

pub mod saved_product;
pub mod shop_follow;
