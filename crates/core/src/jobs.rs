//! Background jobs that must run once across gateway instances.
//!
//! Several gateways on one PostgreSQL each run the same workers. Each job's work is
//! idempotent when run again later (it reads state, changes what is due, marks it done), but
//! two instances running it at the same moment would both see the same due rows: both send
//! the same e-mail, both insert the same shop notice. So every run of a job takes a
//! PostgreSQL advisory lock of its own first, scoped to a transaction held open for the
//! run: an instance that finds the lock taken skips this tick, and a process that dies
//! mid-run drops its connection and with it the lock. SQLite serves one instance, so it
//! runs the work directly.

use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, DbErr, Statement};

/// Each background job that changes shared state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    /// Releases unpaid orders, completes delivered ones, expires wholesale requests, posts
    /// to the ledger.
    OrderClock,
    /// Sends what the mail outbox holds.
    MailSender,
    /// Certificate expiry notices to shops.
    CertificateReminders,
    /// Deletes expired database sessions.
    SessionPurge,
}

impl Job {
    pub const ALL: [Self; 4] = [Self::OrderClock, Self::MailSender, Self::CertificateReminders, Self::SessionPurge];

    /// The advisory lock key: "OCOP" in the high half, so it cannot meet another
    /// application's keys on a shared server by accident.
    pub fn lock_key(self) -> i64 {
        const OCOP: i64 = 0x4F43_4F50 << 32;
        OCOP | match self {
            Self::OrderClock => 1,
            Self::MailSender => 2,
            Self::CertificateReminders => 3,
            Self::SessionPurge => 4,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::OrderClock => "order_clock",
            Self::MailSender => "mail_sender",
            Self::CertificateReminders => "certificate_reminders",
            Self::SessionPurge => "session_purge",
        }
    }
}

/// Runs `work` as `job`'s only run across instances: `None` when another instance is
/// running it now (the work is left to that one and to the next tick).
///
/// # Errors
/// The database cannot be reached to take or release the lock.
pub async fn exclusive<T>(
    db: &DatabaseConnection,
    job: Job,
    work: impl Future<Output = T>,
) -> Result<Option<T>, DbErr> {
    if db.get_database_backend() != DatabaseBackend::Postgres {
        return Ok(Some(work.await));
    }
    // The lock lives as long as this transaction; the work uses other connections.
    let txn = crate::db::begin_write(db).await?;
    let row = txn
        .query_one_raw(Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            "SELECT pg_try_advisory_xact_lock($1) AS taken",
            [job.lock_key().into()],
        ))
        .await?;
    let taken = match row {
        Some(row) => row.try_get::<bool>("", "taken")?,
        None => false,
    };
    if !taken {
        txn.rollback().await?;
        tracing::debug!(job = job.name(), "another instance runs this job now");
        return Ok(None);
    }
    let out = work.await;
    txn.commit().await?;
    Ok(Some(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_job_has_its_own_key_in_the_ocop_range() {
        let mut keys: Vec<i64> = Job::ALL.iter().map(|j| j.lock_key()).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), Job::ALL.len());
        assert!(keys.iter().all(|k| k >> 32 == 0x4F43_4F50));
    }
}
