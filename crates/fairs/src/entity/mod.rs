//! sea-orm entities owned by fairs.

pub mod fair;
pub mod fair_booth;
pub mod fair_price;
pub mod fair_province;
pub mod fair_visit;
