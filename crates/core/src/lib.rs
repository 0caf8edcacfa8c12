//! Shared foundations of Chợ OCOP: money in whole đồng, Vietnamese text handling, the
//! error type every service converts into, and database connection set-up.

pub mod actor;
pub mod communes;
pub mod contact;
pub mod db;
pub mod error;
pub mod jobs;
pub mod money;
pub mod payment_method;
pub mod phone;
pub mod provinces;
pub mod role;
pub mod sku;
pub mod telex;
pub mod text;
pub mod time;

pub use actor::Actor;
pub use error::{Error, FieldErrors};
pub use money::Vnd;
pub use role::Role;
pub use sku::Sku;
