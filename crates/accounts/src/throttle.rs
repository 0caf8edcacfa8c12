//! Login throttling: at most `max_failures` failed logins per key (an account, an IP) in a
//! fixed window. In Redis when configured, so the limit holds across gateway instances.
//!
//! An attempt is counted *before* its password is checked ([`LoginThrottle::attempt`]),
//! in one atomic step with the check, and given back when it turns out right: so a burst
//! of a hundred guesses sent at once gets `max_failures` password hashes, not a hundred
//! (a check followed later by a count would let the whole burst through the check). When
//! Redis does not answer, the throttle counts in this process instead: the limit then
//! holds per gateway instance rather than failing open or locking everybody out.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, Instant};

use ocop_core::Error;

use crate::redis_store::RedisStore;

#[derive(Clone)]
pub struct LoginThrottle {
    backend: Backend,
    /// Counts here when Redis does not answer (and always without Redis).
    memory: Memory,
    max_failures: u32,
    window: Duration,
}

type Memory = Arc<Mutex<HashMap<String, (u32, Instant)>>>;

#[derive(Clone)]
enum Backend {
    Memory,
    Redis { redis: RedisStore, prefix: String },
}

/// Refuses when any key is used up (returns the longest wait, in seconds); otherwise counts
/// one attempt against every key, each key's window starting at its first attempt.
const ATTEMPT: &str = r"
local max = tonumber(ARGV[1])
local wait = 0
for _, key in ipairs(KEYS) do
  if tonumber(redis.call('GET', key) or '0') >= max then
    local ttl = redis.call('TTL', key)
    if ttl < 1 then ttl = 1 end
    if ttl > wait then wait = ttl end
  end
end
if wait > 0 then return wait end
for _, key in ipairs(KEYS) do
  redis.call('INCR', key)
  if redis.call('TTL', key) < 0 then redis.call('EXPIRE', key, ARGV[2]) end
end
return 0
";

/// Takes one attempt back from every key that still counts one.
const FORGIVE: &str = r"
for _, key in ipairs(KEYS) do
  if tonumber(redis.call('GET', key) or '0') > 0 then redis.call('DECR', key) end
end
return 0
";

static ATTEMPT_SCRIPT: LazyLock<redis::Script> = LazyLock::new(|| redis::Script::new(ATTEMPT));
static FORGIVE_SCRIPT: LazyLock<redis::Script> = LazyLock::new(|| redis::Script::new(FORGIVE));

impl LoginThrottle {
    pub fn in_memory(max_failures: u32, window: Duration) -> Self {
        Self { backend: Backend::Memory, memory: Memory::default(), max_failures, window }
    }

    pub fn redis(redis: RedisStore, prefix: &str, max_failures: u32, window: Duration) -> Self {
        Self {
            backend: Backend::Redis { redis, prefix: format!("{prefix}login_failures:") },
            memory: Memory::default(),
            max_failures,
            window,
        }
    }

    /// Counts an attempt against every key, or refuses it when any key has used up its
    /// failures. Call before the password is checked; then [`Self::succeeded`] or
    /// [`Self::forgive`] when it was not a wrong password.
    ///
    /// # Errors
    /// [`Error::RateLimited`] with the seconds until the window ends.
    pub async fn attempt(&self, keys: &[String]) -> Result<(), Error> {
        let wait = match &self.backend {
            Backend::Memory => self.attempt_in_memory(keys)?,
            Backend::Redis { redis, prefix } => {
                let mut script = ATTEMPT_SCRIPT.prepare_invoke();
                for key in keys {
                    script.key(format!("{prefix}{key}"));
                }
                script.arg(self.max_failures).arg(self.window.as_secs());
                match redis.run(|mut conn| async move { script.invoke_async::<u64>(&mut conn).await }).await {
                    Ok(wait) => wait,
                    Err(e) => {
                        tracing::warn!(error = %e, "login throttle counts in this process while Redis is away");
                        self.attempt_in_memory(keys)?
                    }
                }
            }
        };
        if wait > 0 { Err(Error::RateLimited { retry_after_secs: wait }) } else { Ok(()) }
    }

    fn attempt_in_memory(&self, keys: &[String]) -> Result<u64, Error> {
        let mut map = self.memory.lock().map_err(|_| Error::internal("throttle lock poisoned"))?;
        if map.len() > 100_000 {
            map.retain(|_, (_, started)| started.elapsed() < self.window);
        }
        let mut wait = 0u64;
        for key in keys {
            if let Some((count, started)) = map.get(key) {
                let elapsed = started.elapsed();
                if *count >= self.max_failures && elapsed < self.window {
                    wait = wait.max((self.window - elapsed).as_secs().max(1));
                }
            }
        }
        if wait == 0 {
            for key in keys {
                let entry = map.entry(key.clone()).or_insert((0, Instant::now()));
                if entry.1.elapsed() >= self.window {
                    *entry = (0, Instant::now());
                }
                entry.0 += 1;
            }
        }
        Ok(wait)
    }

    /// The attempt was right: the account's count is forgotten, and the attempt no longer
    /// counts against the other keys (an office behind one address logs in all day).
    pub async fn succeeded(&self, account_key: &str, others: &[String]) {
        match &self.backend {
            Backend::Memory => {}
            Backend::Redis { redis, prefix } => {
                let account = format!("{prefix}{account_key}");
                let done = redis
                    .run(|mut conn| async move { redis::cmd("DEL").arg(account).query_async::<()>(&mut conn).await })
                    .await;
                if let Err(e) = done {
                    tracing::warn!(error = %e, "login throttle not cleared in Redis");
                }
            }
        }
        if let Ok(mut map) = self.memory.lock() {
            map.remove(account_key);
        }
        self.forgive(others).await;
    }

    /// Takes one attempt back from each key: it reached no verdict (the database failed).
    pub async fn forgive(&self, keys: &[String]) {
        if let Backend::Redis { redis, prefix } = &self.backend {
            let mut script = FORGIVE_SCRIPT.prepare_invoke();
            for key in keys {
                script.key(format!("{prefix}{key}"));
            }
            if let Err(e) = redis.run(|mut conn| async move { script.invoke_async::<()>(&mut conn).await }).await {
                tracing::warn!(error = %e, "login throttle not given back in Redis");
            }
        }
        if let Ok(mut map) = self.memory.lock() {
            for key in keys {
                if let Some(entry) = map.get_mut(key) {
                    entry.0 = entry.0.saturating_sub(1);
                }
            }
        }
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
            throttle.attempt(&keys).await.unwrap();
        }
        match throttle.attempt(&keys).await {
            Err(Error::RateLimited { retry_after_secs }) => assert!((890..=900).contains(&retry_after_secs)),
            other => panic!("expected RateLimited, got {other:?}"),
        }
        // Another account from another IP is not affected.
        throttle.attempt(&["acct:c@d.vn".to_owned(), "ip:10.0.0.2".to_owned()]).await.unwrap();
    }

    #[tokio::test]
    async fn right_passwords_do_not_use_up_an_address() {
        let throttle = LoginThrottle::in_memory(3, Duration::from_secs(900));
        for n in 0..20 {
            let account = format!("acct:nv{n}@htx.vn");
            let keys = vec![account.clone(), "ip:10.0.0.9".to_owned()];
            throttle.attempt(&keys).await.unwrap();
            throttle.succeeded(&account, &keys[1..]).await;
        }
    }
}
