//! Login throttling: at most `max_failures` failed logins per key (an account, an IP) in a
//! fixed window. In Redis when configured, so the limit holds across gateway instances.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ocop_core::Error;

use crate::redis_err;
use redis::aio::ConnectionManager;

#[derive(Clone)]
pub struct LoginThrottle {
    backend: Backend,
    max_failures: u32,
    window: Duration,
}

#[derive(Clone)]
enum Backend {
    Memory(Arc<Mutex<HashMap<String, (u32, Instant)>>>),
    Redis { redis: ConnectionManager, prefix: String },
}

impl LoginThrottle {
    pub fn in_memory(max_failures: u32, window: Duration) -> Self {
        Self { backend: Backend::Memory(Arc::default()), max_failures, window }
    }

    pub fn redis(redis: ConnectionManager, prefix: &str, max_failures: u32, window: Duration) -> Self {
        Self { backend: Backend::Redis { redis, prefix: format!("{prefix}login_failures:") }, max_failures, window }
    }

    /// Refuses when any key has used up its failures, saying how long to wait.
    ///
    /// # Errors
    /// [`Error::RateLimited`] with the seconds until the window ends.
    pub async fn check(&self, keys: &[String]) -> Result<(), Error> {
        let mut wait = 0u64;
        match &self.backend {
            Backend::Memory(map) => {
                let map = map.lock().map_err(|_| Error::internal("throttle lock poisoned"))?;
                for key in keys {
                    if let Some((count, started)) = map.get(key) {
                        let elapsed = started.elapsed();
                        if *count >= self.max_failures && elapsed < self.window {
                            wait = wait.max((self.window - elapsed).as_secs().max(1));
                        }
                    }
                }
            }
            Backend::Redis { redis, prefix } => {
                let mut conn = redis.clone();
                for key in keys {
                    let (count, ttl): (Option<u32>, i64) = redis::pipe()
                        .get(format!("{prefix}{key}"))
                        .ttl(format!("{prefix}{key}"))
                        .query_async(&mut conn)
                        .await
                        .map_err(redis_err)?;
                    if count.unwrap_or(0) >= self.max_failures {
                        wait = wait.max(u64::try_from(ttl).unwrap_or(1).max(1));
                    }
                }
            }
        }
        if wait > 0 { Err(Error::RateLimited { retry_after_secs: wait }) } else { Ok(()) }
    }

    /// Counts one failure against each key; the window starts at a key's first failure.
    ///
    /// # Errors
    /// Redis cannot be written.
    pub async fn record_failure(&self, keys: &[String]) -> Result<(), Error> {
        match &self.backend {
            Backend::Memory(map) => {
                let mut map = map.lock().map_err(|_| Error::internal("throttle lock poisoned"))?;
                if map.len() > 100_000 {
                    map.retain(|_, (_, started)| started.elapsed() < self.window);
                }
                for key in keys {
                    let entry = map.entry(key.clone()).or_insert((0, Instant::now()));
                    if entry.1.elapsed() >= self.window {
                        *entry = (0, Instant::now());
                    }
                    entry.0 += 1;
                }
            }
            Backend::Redis { redis, prefix } => {
                let mut conn = redis.clone();
                let mut pipe = redis::pipe();
                for key in keys {
                    let full = format!("{prefix}{key}");
                    pipe.incr(&full, 1).ignore();
                    pipe.cmd("EXPIRE").arg(&full).arg(self.window.as_secs()).arg("NX").ignore();
                }
                pipe.query_async::<()>(&mut conn).await.map_err(redis_err)?;
            }
        }
        Ok(())
    }

    /// Forgets a key's failures (an account's, after a successful login).
    ///
    /// # Errors
    /// Redis cannot be written.
    pub async fn clear(&self, key: &str) -> Result<(), Error> {
        match &self.backend {
            Backend::Memory(map) => {
                map.lock().map_err(|_| Error::internal("throttle lock poisoned"))?.remove(key);
            }
            Backend::Redis { redis, prefix } => {
                let mut conn = redis.clone();
                redis::cmd("DEL")
                    .arg(format!("{prefix}{key}"))
                    .query_async::<()>(&mut conn)
                    .await
                    .map_err(redis_err)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![expect(clippy::unwrap_used, reason = "fixtures")]
    use super::*;

    #[tokio::test]
    async fn the_eleventh_attempt_waits_until_the_window_ends() {
        let throttle = LoginThrottle::in_memory(10, Duration::from_secs(900));
        let keys = vec!["acct:a@b.vn".to_owned(), "ip:127.0.0.1".to_owned()];
        for _ in 0..10 {
            throttle.check(&keys).await.unwrap();
            throttle.record_failure(&keys).await.unwrap();
        }
        match throttle.check(&keys).await {
            Err(Error::RateLimited { retry_after_secs }) => assert!((890..=900).contains(&retry_after_secs)),
            other => panic!("expected RateLimited, got {other:?}"),
        }
        // Another account from another IP is not affected.
        throttle.check(&["acct:c@d.vn".to_owned(), "ip:10.0.0.2".to_owned()]).await.unwrap();
    }
}
