//! sea-orm entities owned by the catalogue.

pub mod audit;
pub mod certificate;
pub mod coordinator_province;
pub mod outbox;
pub mod product;
pub mod product_image;
pub mod shop;
pub mod shop_member;
pub mod shop_notice;
pub mod slug_redirect;
pub mod variant;
