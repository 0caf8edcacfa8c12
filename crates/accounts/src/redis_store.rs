//! Every Redis call under one deadline. A hung Redis (stopped, swapping, a network
//! partition that drops packets) must not hold a request: past the deadline the call fails
//! as [`Error::Outage`] and the caller takes its degraded path. The connection manager
//! reconnects in the background, so nothing needs a restart when Redis returns.

use std::future::Future;
use std::time::Duration;

use ocop_core::Error;
use redis::RedisResult;
use redis::aio::ConnectionManager;

/// What people are told is down (they know it as signing in, not as Redis).
pub const WHAT: &str = "Dịch vụ đăng nhập";

#[derive(Clone)]
pub struct RedisStore {
    conn: ConnectionManager,
    timeout: Duration,
}

impl RedisStore {
    pub fn new(conn: ConnectionManager, timeout: Duration) -> Self {
        Self { conn, timeout }
    }

    /// Runs `call` on a handle to the shared connection, at most `timeout` long.
    ///
    /// # Errors
    /// [`Error::Outage`] when Redis answers with an error or not in time.
    pub async fn run<T, F, Fut>(&self, call: F) -> Result<T, Error>
    where
        F: FnOnce(ConnectionManager) -> Fut,
        Fut: Future<Output = RedisResult<T>>,
    {
        match tokio::time::timeout(self.timeout, call(self.conn.clone())).await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(e)) => Err(Error::Outage { what: WHAT, detail: format!("redis: {e}") }),
            Err(_) => Err(Error::Outage {
                what: WHAT,
                detail: format!("redis: no answer within {} ms", self.timeout.as_millis()),
            }),
        }
    }
}
