//! Accounts: users and their roles, argon2id passwords, browser sessions (Redis or the
//! database), hashed API tokens and login throttling. Nothing here knows HTTP.

pub mod entity;
pub mod password;
pub mod role;
pub mod secret;
pub mod sessions;
pub mod throttle;
pub mod tokens;
pub mod users;

pub use role::Role;
pub use sessions::SessionStore;
pub use throttle::LoginThrottle;
pub use users::{NewUser, User};

/// A Redis failure as the shared internal error.
pub(crate) fn redis_err(e: redis::RedisError) -> ocop_core::Error {
    ocop_core::Error::Internal(format!("redis: {e}"))
}
