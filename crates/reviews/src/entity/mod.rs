//! sea-orm entities owned by reviews.

pub mod answer;
pub mod product_rating;
pub mod question;
pub mod receipt_claim;
pub mod review;
pub mod review_photo;
pub mod review_report;
