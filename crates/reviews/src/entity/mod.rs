//! sea-orm entities owned by reviews.

pub mod product_rating;
pub mod receipt_claim;
pub mod review;
pub mod review_report;
