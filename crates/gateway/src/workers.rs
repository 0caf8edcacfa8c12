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

/// Reminds shops of certificates expiring within 90 and 30 days, every six hours (and at
/// start), until `stop` changes. Stars themselves drop out at read time.
pub async fn certificate_reminders(state: AppState, mut stop: watch::Receiver<bool>) {
    let mut tick = tokio::time::interval(Duration::from_secs(6 * 3600));
    loop {
        tokio::select! {
            _ = tick.tick() => {
                let today = chrono::Utc::now().date_naive();
                match ocop_catalog::notices::send_reminders(&state.db, today).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(reminders.sent = n, "certificate expiry reminders"),
                    Err(e) => tracing::warn!(error = %e, "certificate reminders failed"),
                }
            }
            _ = stop.changed() => break,
        }
    }
}
