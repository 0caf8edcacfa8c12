//! Background work that runs beside the gateway.

use std::time::Duration;

use chrono::{DateTime, Utc};
use ocop_core::jobs::Job;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::state::AppState;

/// Deletes expired database sessions every hour until `stop` changes.
pub async fn purge_sessions(state: AppState, mut stop: watch::Receiver<bool>) {
    let mut tick = tokio::time::interval(Duration::from_secs(3600));
    loop {
        tokio::select! {
            _ = tick.tick() => {
                let purged = once(&state, Job::SessionPurge, state.sessions.purge_expired()).await;
                match purged {
                    Some(Ok(0)) | None => {}
                    Some(Ok(n)) => tracing::info!(sessions.purged = n, "expired sessions removed"),
                    Some(Err(e)) => tracing::warn!(error = %e, "session purge failed"),
                }
            }
            _ = stop.changed() => break,
        }
    }
}

/// `work` as the only run of `job` across instances ([`ocop_core::jobs::exclusive`]):
/// `None` when another instance is running it, or the lock could not be asked for (logged;
/// the next tick tries again).
async fn once<T>(state: &AppState, job: Job, work: impl Future<Output = T>) -> Option<T> {
    match ocop_core::jobs::exclusive(&state.db, job, work).await {
        Ok(out) => out,
        Err(e) => {
            tracing::warn!(job = job.name(), error = %e, "job lock unavailable");
            None
        }
    }
}

/// Reminds shops of certificates expiring within 90 and 30 days, every six hours (and at
/// start), until `stop` changes. Stars themselves drop out at read time.
pub async fn certificate_reminders(state: AppState, mut stop: watch::Receiver<bool>) {
    let mut tick = tokio::time::interval(Duration::from_secs(6 * 3600));
    loop {
        tokio::select! {
            _ = tick.tick() => { certificate_reminders_once(&state).await; }
            _ = stop.changed() => break,
        }
    }
}

/// Sends the certificate reminders due today (Vietnam time), unless another instance is at
/// it; returns how many were sent.
pub async fn certificate_reminders_once(state: &AppState) -> usize {
    let today = ocop_core::time::vn_today();
    match once(state, Job::CertificateReminders, ocop_catalog::notices::send_reminders(&state.db, today)).await {
        Some(Ok(n)) => {
            if n > 0 {
                tracing::info!(reminders.sent = n, "certificate expiry reminders");
            }
            n
        }
        Some(Err(e)) => {
            tracing::warn!(error = %e, "certificate reminders failed");
            0
        }
        None => 0,
    }
}

/// How often the indexer looks at `search/CURRENT` for a generation built elsewhere
/// (`ocop reindex`).
const GENERATION_CHECK: Duration = Duration::from_secs(2);
/// A generation older than this is rebuilt, so expired stars drop out.
const REBUILD_AFTER_HOURS: i64 = 6;

/// Puts `generation` in service once it has caught up with the outbox; returns the cursor.
async fn serve_generation(
    state: &AppState,
    store: &ocop_search::Store,
    generation: ocop_search::Generation,
) -> Result<i64, ocop_core::Error> {
    let cursor = ocop_search::catch_up(&state.db, &generation.index, generation.outbox_id()).await?;
    let name = generation.name;
    drop(state.search.swap(generation.index, Some(name.clone())));
    store.remove_unused(&name);
    tracing::info!(search.generation = %name, search.documents = state.search.documents(), "search index generation in service");
    Ok(cursor)
}

/// Where the indexer keeps the index.
#[derive(Debug, Clone, Copy)]
pub enum SearchHome {
    /// Generations on disk; the one in service was built then.
    Disk { built_at: DateTime<Utc> },
    /// Another process writes the on-disk generation: this instance keeps its own in
    /// memory, rebuilt then.
    Memory { built_at: DateTime<Utc> },
}

/// Puts the on-disk index in service: the `CURRENT` generation if this build can use it,
/// caught up from the outbox id it is current to; otherwise (none, another schema version,
/// unreadable) a fresh generation built from the database. Returns the outbox cursor.
///
/// # Errors
/// The database cannot be read or the index written.
pub async fn open_search(state: &AppState) -> anyhow::Result<(i64, SearchHome)> {
    let store = crate::state::search_store(&state.config);
    if let Some(name) = store.current_name()
        && store.in_use(&name)
    {
        tracing::warn!(search.generation = %name, "another process writes the search index in OCOP_DATA_DIR; this one keeps its own in memory");
        let head = ocop_search::outbox_head(&state.db).await?;
        state.search.rebuild(&state.db).await?;
        return Ok((head, SearchHome::Memory { built_at: Utc::now() }));
    }
    let generation = match store.open_current() {
        Ok(generation) => {
            tracing::info!(search.generation = %generation.name, "search index opened from disk");
            generation
        }
        Err(reason) => {
            tracing::info!(reason = %reason, "building a fresh search index generation");
            let generation = store.build(&state.db, &|_, _| {}).await?;
            store.swap(&generation.name)?;
            generation
        }
    };
    let built_at = generation.meta.built_at;
    let cursor = serve_generation(state, &store, generation).await?;
    Ok((cursor, SearchHome::Disk { built_at }))
}

/// Keeps this instance's search index in step: every 200 ms it reads the outbox entries
/// after its own cursor (each instance has its own, so every index hears every change) and
/// re-reads those products. Every two seconds it looks at `search/CURRENT`: a generation
/// built elsewhere (`ocop reindex`) is opened, caught up and swapped in while queries go on;
/// one older than six hours is rebuilt, so expired stars drop out.
pub async fn search_indexer(state: AppState, mut stop: watch::Receiver<bool>, mut cursor: i64, mut home: SearchHome) {
    let store = crate::state::search_store(&state.config);
    let mut tick = tokio::time::interval(Duration::from_millis(200));
    let mut check = tokio::time::interval(GENERATION_CHECK);
    check.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut refused: Option<String> = None;
    loop {
        tokio::select! {
            _ = tick.tick() => {
                let index = state.search.get();
                match ocop_search::follow(&state.db, &index, cursor).await {
                    Ok((next, _)) => cursor = next,
                    Err(e) => tracing::warn!(error = %e, "search refresh from the outbox failed"),
                }
            }
            _ = check.tick() => {
                match home {
                    SearchHome::Memory { built_at } => {
                        if stale(built_at)
                            && let Ok(head) = ocop_search::outbox_head(&state.db).await
                            && state.search.rebuild(&state.db).await.is_ok()
                        {
                            cursor = cursor.max(head);
                            home = SearchHome::Memory { built_at: Utc::now() };
                        }
                    }
                    SearchHome::Disk { built_at } => {
                        let live = state.search.generation();
                        match store.current_name() {
                            Some(name)
                                if live.as_deref() != Some(name.as_str())
                                    && refused.as_deref() != Some(name.as_str())
                                    // Still being written: next time.
                                    && !store.in_use(&name) =>
                            {
                                match store.open(&name) {
                                    Ok(generation) => {
                                        let built = generation.meta.built_at;
                                        match serve_generation(&state, &store, generation).await {
                                            Ok(next) => {
                                                cursor = next;
                                                home = SearchHome::Disk { built_at: built };
                                            }
                                            Err(e) => tracing::warn!(search.generation = %name, error = %e, "new search generation not caught up"),
                                        }
                                    }
                                    Err(reason) => {
                                        tracing::warn!(search.generation = %name, reason = %reason, "search/CURRENT names a generation this build cannot use; keeping the one in service");
                                        refused = Some(name);
                                    }
                                }
                            }
                            _ if stale(built_at) => match rebuild_generation(&state, &store).await {
                                Ok((next, built)) => {
                                    cursor = next;
                                    home = SearchHome::Disk { built_at: built };
                                }
                                Err(e) => tracing::warn!(error = %e, "search index rebuild failed"),
                            },
                            // A generation still read by a query at the swap goes now.
                            _ => if let Some(live) = live {
                                store.remove_unused(&live);
                            },
                        }
                    }
                }
            }
            _ = stop.changed() => break,
        }
    }
}

/// Built long enough ago that certificates may have expired since.
fn stale(built_at: DateTime<Utc>) -> bool {
    Utc::now() - built_at > chrono::Duration::hours(REBUILD_AFTER_HOURS)
}

/// A fresh generation from the database, made current and put in service.
async fn rebuild_generation(
    state: &AppState,
    store: &ocop_search::Store,
) -> Result<(i64, DateTime<Utc>), ocop_core::Error> {
    let generation = store.build(&state.db, &|_, _| {}).await?;
    let built = generation.meta.built_at;
    store.swap(&generation.name)?;
    let cursor = serve_generation(state, store, generation).await?;
    Ok((cursor, built))
}

/// Puts the search index in service, then starts every background worker until `stop`
/// changes.
///
/// # Errors
/// The index can be neither opened nor built.
pub async fn start(state: &AppState, stop: watch::Receiver<bool>) -> anyhow::Result<Vec<JoinHandle<()>>> {
    let (cursor, home) = open_search(state).await?;
    Ok(vec![
        tokio::spawn(purge_sessions(state.clone(), stop.clone())),
        tokio::spawn(certificate_reminders(state.clone(), stop.clone())),
        tokio::spawn(order_clock(state.clone(), stop.clone())),
        tokio::spawn(mail_sender(state.clone(), crate::mailer::Mailer::from_config(&state.config)?, stop.clone())),
        tokio::spawn(search_indexer(state.clone(), stop, cursor, home)),
    ])
}

/// Runs the order clock every `order_clock_secs` until `stop` changes ([`order_clock_once`]).
/// The state is in the database, so a restart loses nothing.
pub async fn order_clock(state: AppState, mut stop: watch::Receiver<bool>) {
    // Checked when the configuration loaded.
    let commission = state.config.payments.commission().unwrap_or_default();
    let mut tick = tokio::time::interval(Duration::from_secs(state.config.orders.order_clock_secs));
    loop {
        tokio::select! {
            _ = tick.tick() => { order_clock_once(&state, &commission).await; }
            _ = stop.changed() => break,
        }
    }
}

/// One tick of the order clock, unless another instance is at it (then `false`): releases
/// the stock of unpaid online orders, gives back the voucher uses of cancelled ones,
/// completes delivered ones whose complaint window is over, expires wholesale requests past
/// their deadline, and posts what became payable (or refunded) to the ledger.
pub async fn order_clock_once(state: &AppState, commission: &ocop_payments::sync::Commission) -> bool {
    once(state, Job::OrderClock, async {
        let now = chrono::Utc::now();
        match ocop_orders::jobs::release_unpaid(&state.db, now).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(orders.released = n, "unpaid orders released their stock"),
            Err(e) => tracing::warn!(error = %e, "releasing unpaid orders failed"),
        }
        match ocop_orders::jobs::give_back_vouchers(&state.db, now).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(vouchers.returned = n, "voucher uses of cancelled orders given back"),
            Err(e) => tracing::warn!(error = %e, "giving back voucher uses failed"),
        }
        match ocop_orders::jobs::complete_delivered(&state.db, now).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(orders.completed = n, "delivered orders completed"),
            Err(e) => tracing::warn!(error = %e, "completing delivered orders failed"),
        }
        match ocop_wholesale::requests::expire_overdue(&state.db, ocop_wholesale::today_vn()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(wholesale.expired = n, "wholesale requests past their deadline expired"),
            Err(e) => tracing::warn!(error = %e, "expiring wholesale requests failed"),
        }
        match ocop_payments::sync::run(&state.db, commission).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(ledger.postings = n, "ledger brought up to date"),
            Err(e) => tracing::warn!(error = %e, "ledger posting failed"),
        }
    })
    .await
    .is_some()
}

/// Sends what the mail outbox holds every half second until `stop` changes.
pub async fn mail_sender(state: AppState, mailer: crate::mailer::Mailer, mut stop: watch::Receiver<bool>) {
    let mut tick = tokio::time::interval(Duration::from_millis(500));
    loop {
        tokio::select! {
            _ = tick.tick() => { send_mail_once(&state, &mailer).await; }
            _ = stop.changed() => break,
        }
    }
}

/// Sends up to 50 messages from the mail outbox (written by transactions that committed),
/// unless another instance is sending now; returns how many were tried.
pub async fn send_mail_once(state: &AppState, mailer: &crate::mailer::Mailer) -> usize {
    once(state, Job::MailSender, async {
        let batch = match ocop_orders::notify::pending_mail(&state.db, 50).await {
            Ok(batch) => batch,
            Err(e) => {
                tracing::warn!(error = %e, "mail outbox unreadable");
                return 0;
            }
        };
        let tried = batch.len();
        for row in batch {
            let outcome = mailer.send(&state.config.mail.mail_from, &row).await;
            if let Err(e) = &outcome {
                // The address stays out of the log (personal data).
                tracing::warn!(mail.id = row.id, error = %e, "mail not sent");
            }
            if let Err(e) = ocop_orders::notify::mail_result(&state.db, row, outcome).await {
                tracing::warn!(error = %e, "mail outcome not recorded");
            }
        }
        tried
    })
    .await
    .unwrap_or(0)
}
