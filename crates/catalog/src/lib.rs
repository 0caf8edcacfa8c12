//! The catalogue: shops and their verification, OCOP certificates, products with
//! variants, moderation, the audit log and bulk import. Nothing here knows HTTP.

pub mod audit;
pub mod certificates;
pub mod conflicts;
pub mod coordinators;
pub mod entity;
pub mod group;
pub mod images;
pub mod import;
pub mod input;
pub mod listing;
pub mod media;
pub mod new_products;
pub mod new_shops;
pub mod notices;
pub mod outbox;
pub mod producer;
pub(crate) mod product_rows;
pub mod products;
pub mod shops;
pub mod slugs;
pub mod storefront;
