//! Events other parts must learn of (a listing went live, a listing went away), written in
//! the same transaction as the change; workers drain them.

use chrono::Utc;
use ocop_core::Error;
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, Set};
use serde_json::Value;

use crate::entity::outbox;

pub const PRODUCT_CHANGED: &str = "product_changed";

/// # Errors
/// The database cannot be written.
pub async fn enqueue<C: ConnectionTrait>(db: &C, topic: &str, payload: Value) -> Result<(), Error> {
    outbox::ActiveModel {
        topic: Set(topic.to_owned()),
        payload: Set(payload),
        created_at: Set(Utc::now()),
        processed_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// [`enqueue`] for many payloads of one topic, in as few statements as the database takes.
///
/// # Errors
/// The database refuses the rows.
pub async fn enqueue_many<C: ConnectionTrait>(db: &C, topic: &str, payloads: Vec<Value>) -> Result<(), Error> {
    let now = Utc::now();
    let rows: Vec<outbox::ActiveModel> = payloads
        .into_iter()
        .map(|payload| outbox::ActiveModel {
            topic: Set(topic.to_owned()),
            payload: Set(payload),
            created_at: Set(now),
            processed_at: Set(None),
            ..Default::default()
        })
        .collect();
    for chunk in rows.chunks(1_000) {
        outbox::Entity::insert_many(chunk.to_vec()).exec_without_returning(db).await?;
    }
    Ok(())
}
