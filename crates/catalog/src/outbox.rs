//! Events other parts must learn of (a listing went live, a listing went away), written in
//! the same transaction as the change; workers drain them.

use chrono::Utc;
use ocop_core::Error;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
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
