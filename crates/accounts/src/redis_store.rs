//! Every Redis call under one deadline. A hung Redis (stopped, swapping, a network
//! partition that drops packets) must not hold a request: past the deadline the call fails
//! as [`Error::Outage`] and the caller takes its degraded path. The connection manager
//! reconnects in the background, so nothing needs a restart when Redis returns.
//!
//! After a call runs out of time, calls in the next moment ([`GAP_DEADLINES`] deadlines,
//! one second at the default 250 ms) fail at once instead of each waiting out its own
//! deadline: a sign-in that meets Redis before and after hashing the password then waits
//! for one deadline, not three or four. A refused or broken connection fails fast by itself
//! and does not open this gap.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use ocop_core::Error;
use redis::RedisResult;
use redis::aio::ConnectionManager;

/// How many deadlines long the gap after a timed-out call is: long enough to cover a
/// password hash between two calls of one request, short enough that a Redis that answers
/// again is used again within a second.
pub const GAP_DEADLINES: u32 = 4;

/// What people are told is down (they know it as signing in, not as Redis).
pub const WHAT: &str = "Dịch vụ đăng nhập";

#[derive(Clone)]
pub struct RedisStore {
    conn: ConnectionManager,
    timeout: Duration,
    gap: Arc<Gap>,
}

impl RedisStore {
    pub fn new(conn: ConnectionManager, timeout: Duration) -> Self {
        Self { conn, timeout, gap: Arc::new(Gap::new(timeout.saturating_mul(GAP_DEADLINES))) }
    }

    /// Runs `call` on a handle to the shared connection, at most `timeout` long.
    ///
    /// # Errors
    /// [`Error::Outage`] when Redis answers with an error or not in time, or when a call
    /// ran out of time a moment ago.
    pub async fn run<T, F, Fut>(&self, call: F) -> Result<T, Error>
    where
        F: FnOnce(ConnectionManager) -> Fut,
        Fut: Future<Output = RedisResult<T>>,
    {
        if self.gap.open(Instant::now()) {
            return Err(Error::Outage {
                what: WHAT,
                detail: "redis: skipped, the last call had no answer in time".into(),
            });
        }
        match tokio::time::timeout(self.timeout, call(self.conn.clone())).await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(e)) => Err(Error::Outage { what: WHAT, detail: format!("redis: {e}") }),
            Err(_) => {
                self.gap.start(Instant::now());
                Err(Error::Outage {
                    what: WHAT,
                    detail: format!("redis: no answer within {} ms", self.timeout.as_millis()),
                })
            }
        }
    }
}

/// The moment after a timed-out call during which calls are not tried.
struct Gap {
    epoch: Instant,
    length: Duration,
    /// Microseconds since `epoch` until which calls are skipped (0: none).
    until_us: AtomicU64,
}

impl Gap {
    fn new(length: Duration) -> Self {
        Self { epoch: Instant::now(), length, until_us: AtomicU64::new(0) }
    }

    fn micros(&self, at: Instant) -> u64 {
        u64::try_from(at.saturating_duration_since(self.epoch).as_micros()).unwrap_or(u64::MAX)
    }

    fn start(&self, at: Instant) {
        let until = self.micros(at + self.length);
        self.until_us.fetch_max(until, Ordering::Relaxed);
    }

    fn open(&self, at: Instant) -> bool {
        self.micros(at) < self.until_us.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_are_skipped_for_one_deadline_after_a_timeout_and_tried_again_after() {
        let gap = Gap::new(Duration::from_millis(250));
        let t0 = Instant::now();
        assert!(!gap.open(t0), "nothing timed out yet");
        gap.start(t0);
        assert!(gap.open(t0 + Duration::from_millis(1)));
        assert!(gap.open(t0 + Duration::from_millis(249)));
        assert!(!gap.open(t0 + Duration::from_millis(250)), "Redis is tried again after the gap");
        // A later timeout extends the gap; an earlier one never shortens it.
        gap.start(t0 + Duration::from_millis(300));
        gap.start(t0 + Duration::from_millis(10));
        assert!(gap.open(t0 + Duration::from_millis(540)));
        assert!(!gap.open(t0 + Duration::from_millis(551)));
    }
}
