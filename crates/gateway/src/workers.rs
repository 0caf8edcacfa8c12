//! Background work that runs beside the gateway.

use std::time::Duration;

use tokio::sync::watch;

use crate::state::AppState;

/// Deletes expired database sessions every hour until `stop` changes.
pub async fn purge_sessions(state: AppState, mut stop: watch::Receiver<bool>) {
    let mut tick = tokio::time::interval(Duration::from_secs(3600));
    loop {
        tokio::select! {
            _ = tick.tick() => {
                match state.sessions.purge_expired().await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(sessions.purged = n, "expired sessions removed"),
                    Err(e) => tracing::warn!(error = %e, "session purge failed"),
                }
            }
            _ = stop.changed() => break,
        }
    }
}
