//! Shared foundations of Chợ OCOP: money in whole đồng, Vietnamese text handling, the
//! error type every service converts into, and database connection set-up.

pub mod communes;
pub mod db;
pub mod error;
pub mod money;
pub mod payment_method;
pub mod phone;
pub mod provinces;
pub mod sku;
pub mod telex;
pub mod text;
pub mod time;

pub use error::{Error, FieldErrors};
pub use money::Vnd;
pub use sku::Sku;
