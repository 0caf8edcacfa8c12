//! The append-only audit log: who did what, when, before → after.

use chrono::Utc;
use ocop_core::Error;
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, QueryOrder, QuerySelect, Set};
use serde_json::Value;

use crate::entity::audit;

/// What happened, to what, by whom.
pub struct Entry<'a> {
    pub actor_id: Option<i64>,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: i64,
    pub before: Option<Value>,
    pub after: Option<Value>,
    pub reason: Option<&'a str>,
}

/// One entry. Called inside the transaction of the change it describes.
///
/// # Errors
/// The database cannot be written.
pub async fn record<C: ConnectionTrait>(db: &C, entry: Entry<'_>) -> Result<(), Error> {
    row(entry, Utc::now()).insert(db).await?;
    Ok(())
}

fn row(entry: Entry<'_>, at: chrono::DateTime<Utc>) -> audit::ActiveModel {
    audit::ActiveModel {
        actor_id: Set(entry.actor_id),
        action: Set(entry.action.to_owned()),
        entity: Set(entry.entity.to_owned()),
        entity_id: Set(entry.entity_id),
        before: Set(entry.before),
        after: Set(entry.after),
        reason: Set(entry.reason.map(str::to_owned)),
        created_at: Set(at),
        ..Default::default()
    }
}

/// Records `entries` in as few statements as the database takes.
///
/// # Errors
/// The database refuses the rows.
pub async fn record_many<C: ConnectionTrait>(db: &C, entries: Vec<Entry<'_>>) -> Result<(), Error> {
    let now = Utc::now();
    let rows: Vec<audit::ActiveModel> = entries.into_iter().map(|entry| row(entry, now)).collect();
    for chunk in rows.chunks(500) {
        audit::Entity::insert_many(chunk.to_vec()).exec_without_returning(db).await?;
    }
    Ok(())
}

/// Newest first.
///
/// # Errors
/// The database cannot be read.
pub async fn recent<C: ConnectionTrait>(db: &C, limit: u64, offset: u64) -> Result<Vec<audit::Model>, Error> {
    Ok(audit::Entity::find().order_by_desc(audit::Column::Id).limit(limit).offset(offset).all(db).await?)
}
