//! Accounts: users and their roles, argon2id passwords, browser sessions (Redis or the
//! database), hashed API tokens and login throttling. Nothing here knows HTTP.

pub mod conflicts;
pub mod entity;
pub mod password;
pub mod redis_store;
pub mod role;
pub mod secret;
pub mod sessions;
pub mod throttle;
pub mod tokens;
pub mod users;

pub use redis_store::RedisStore;
pub use role::Role;
pub use sessions::SessionStore;
pub use throttle::LoginThrottle;
pub use users::{NewUser, User};
