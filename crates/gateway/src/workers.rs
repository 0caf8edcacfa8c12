//! Background work that runs beside the gateway.

use std::time::Duration;

use sea_orm::{ConnectionTrait, Statement};
use tokio::sync::watch;
use tokio::task::JoinHandle;

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

/// The newest outbox entry, so a fresh index only replays what comes after its rebuild.
async fn outbox_head(state: &AppState) -> i64 {
    let sql = "SELECT COALESCE(MAX(id), 0) AS n FROM outbox";
    match state.db.query_one_raw(Statement::from_string(state.db.get_database_backend(), sql)).await {
        Ok(Some(row)) => row.try_get::<i64>("", "n").unwrap_or(0),
        _ => 0,
    }
}

/// Keeps this instance's search index in step: every 200 ms it reads the outbox entries
/// after its own cursor (each instance has its own, so every index hears every change) and
/// re-reads those products; every six hours it rebuilds, so expired stars drop out.
pub async fn search_indexer(state: AppState, mut stop: watch::Receiver<bool>, mut cursor: i64) {
    let mut tick = tokio::time::interval(Duration::from_millis(200));
    let mut rebuild = tokio::time::interval(Duration::from_secs(6 * 3600));
    rebuild.tick().await;
    loop {
        tokio::select! {
            _ = tick.tick() => {
                let sql = format!(
                    "SELECT id, payload FROM outbox WHERE id > {cursor} AND topic = '{}' ORDER BY id LIMIT 500",
                    ocop_catalog::outbox::PRODUCT_CHANGED
                );
                let rows = match state.db.query_all_raw(Statement::from_string(state.db.get_database_backend(), sql)).await {
                    Ok(rows) => rows,
                    Err(e) => {
                        tracing::warn!(error = %e, "outbox read failed");
                        continue;
                    }
                };
                if rows.is_empty() {
                    continue;
                }
                let mut ids = Vec::with_capacity(rows.len());
                let mut last = cursor;
                for row in rows {
                    last = last.max(row.try_get::<i64>("", "id").unwrap_or(last));
                    if let Ok(payload) = row.try_get::<serde_json::Value>("", "payload")
                        && let Some(id) = payload["product_id"].as_i64()
                    {
                        ids.push(id);
                    }
                }
                ids.sort_unstable();
                ids.dedup();
                match state.search.refresh(&state.db, &ids).await {
                    Ok(()) => cursor = last,
                    Err(e) => tracing::warn!(error = %e, "search refresh failed"),
                }
            }
            _ = rebuild.tick() => {
                let head = outbox_head(&state).await;
                if state.search.rebuild(&state.db).await.is_ok() {
                    cursor = cursor.max(head);
                }
            }
            _ = stop.changed() => break,
        }
    }
}

/// Builds the search index, then starts every background worker until `stop` changes.
///
/// # Errors
/// The first index build fails.
pub async fn start(state: &AppState, stop: watch::Receiver<bool>) -> anyhow::Result<Vec<JoinHandle<()>>> {
    let head = outbox_head(state).await;
    state.search.rebuild(&state.db).await?;
    Ok(vec![
        tokio::spawn(purge_sessions(state.clone(), stop.clone())),
        tokio::spawn(certificate_reminders(state.clone(), stop.clone())),
        tokio::spawn(order_clock(state.clone(), stop.clone())),
        tokio::spawn(mail_sender(state.clone(), crate::mailer::Mailer::from_config(&state.config)?, stop.clone())),
        tokio::spawn(search_indexer(state.clone(), stop, head)),
    ])
}

/// Releases the stock of unpaid online orders, completes delivered ones whose complaint
/// window is over, and posts what became payable (or refunded) to the ledger. The state is in the database, so a restart loses nothing.
pub async fn order_clock(state: AppState, mut stop: watch::Receiver<bool>) {
    // Checked when the configuration loaded.
    let commission = state.config.commission().unwrap_or_default();
    let mut tick = tokio::time::interval(Duration::from_secs(state.config.order_clock_secs));
    loop {
        tokio::select! {
            _ = tick.tick() => {
                let now = chrono::Utc::now();
                match ocop_orders::jobs::release_unpaid(&state.db, now).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(orders.released = n, "unpaid orders released their stock"),
                    Err(e) => tracing::warn!(error = %e, "releasing unpaid orders failed"),
                }
                match ocop_orders::jobs::complete_delivered(&state.db, now).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(orders.completed = n, "delivered orders completed"),
                    Err(e) => tracing::warn!(error = %e, "completing delivered orders failed"),
                }
                match ocop_payments::sync::run(&state.db, &commission).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(ledger.postings = n, "ledger brought up to date"),
                    Err(e) => tracing::warn!(error = %e, "ledger posting failed"),
                }
            }
            _ = stop.changed() => break,
        }
    }
}

/// Sends what the mail outbox holds, after the transactions that wrote it committed.
pub async fn mail_sender(state: AppState, mailer: crate::mailer::Mailer, mut stop: watch::Receiver<bool>) {
    let mut tick = tokio::time::interval(Duration::from_millis(500));
    loop {
        tokio::select! {
            _ = tick.tick() => {
                let batch = match ocop_orders::notify::pending_mail(&state.db, 50).await {
                    Ok(batch) => batch,
                    Err(e) => { tracing::warn!(error = %e, "mail outbox unreadable"); continue; }
                };
                for row in batch {
                    let outcome = mailer.send(&state.config.mail_from, &row).await;
                    if let Err(e) = &outcome {
                        // The address stays out of the log (personal data).
                        tracing::warn!(mail.id = row.id, error = %e, "mail not sent");
                    }
                    if let Err(e) = ocop_orders::notify::mail_result(&state.db, row, outcome).await {
                        tracing::warn!(error = %e, "mail outcome not recorded");
                    }
                }
            }
            _ = stop.changed() => break,
        }
    }
}
