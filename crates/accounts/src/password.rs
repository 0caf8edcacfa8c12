//! argon2id password hashing. Hashing is deliberately slow, so callers run it on the
//! blocking pool, never on the async executor.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};
use std::sync::atomic::{AtomicU64, Ordering};

use argon2::{Algorithm, Argon2, Params, Version};
use ocop_core::Error;

/// Password checks computed by this process (each one an argon2id run); `/metrics` shows
/// it, so an operator (and the brute-force test) can see that refused logins cost nothing.
static VERIFICATIONS: AtomicU64 = AtomicU64::new(0);

/// How many password checks this process has computed since it started.
pub fn verifications() -> u64 {
    VERIFICATIONS.load(Ordering::Relaxed)
}

/// OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane.
fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// # Errors
/// Only if the hasher itself fails, which is an internal error.
pub async fn hash(password: String) -> Result<String, Error> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        hasher().hash_password(password.as_bytes(), &salt).map(|h| h.to_string()).map_err(Error::internal)
    })
    .await
    .map_err(Error::internal)?
}

/// True when `password` matches the PHC string `stored`.
///
/// # Errors
/// Only if the blocking task fails.
pub async fn verify(password: String, stored: String) -> Result<bool, Error> {
    tokio::task::spawn_blocking(move || {
        VERIFICATIONS.fetch_add(1, Ordering::Relaxed);
        PasswordHash::new(&stored)
            .map(|parsed| hasher().verify_password(password.as_bytes(), &parsed).is_ok())
            .unwrap_or(false)
    })
    .await
    .map_err(Error::internal)
}

/// A well-formed hash that no known password produces, verified against when an e-mail is unknown so
/// that a wrong e-mail takes as long as a wrong password.
pub const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Q8VvwoGH0kq7Cmx7GWtB4uqBHmPSLBJ9MNvrpjNiqPY";

#[cfg(test)]
mod tests {
    #![expect(clippy::unwrap_used, reason = "fixtures")]
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let stored = hash("mật khẩu đủ dài".into()).await.unwrap();
        assert!(stored.starts_with("$argon2id$"));
        assert!(verify("mật khẩu đủ dài".into(), stored.clone()).await.unwrap());
        assert!(!verify("mat khau du dai".into(), stored).await.unwrap());
    }

    #[tokio::test]
    async fn the_dummy_hash_parses_and_matches_nothing_common() {
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
        assert!(!verify("password".into(), DUMMY_HASH.into()).await.unwrap());
    }
}
