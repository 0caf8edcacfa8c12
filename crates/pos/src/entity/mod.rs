//! sea-orm entities owned by point-of-sale selling.

pub mod pos_sale;
pub mod pos_sale_line;
