//! Demo data, kept out of the gateway: `ocop seed --demo` (accounts, shops, the demo
//! catalogue, fairs and a year of sales), the sales generator the fair benchmark reuses,
//! and `ocop search load`'s bulk writer of a generated search catalogue. No HTTP here.

pub mod search_set;
pub mod seed;
