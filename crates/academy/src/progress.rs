//! Progress marks: an account says it learnt a lesson (or takes the mark back). Marking
//! twice is one mark; only published lessons take marks.

use std::collections::HashSet;

use chrono::Utc;
use ocop_core::Error;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::PUBLISHED;
use crate::entity::{lesson, progress};

/// Marks the lesson learnt (`done`) or not for this account; returns whether the mark
/// changed.
///
/// # Errors
/// [`Error::NotFound`] for a lesson that is not published.
pub async fn mark<C: ConnectionTrait>(db: &C, user_id: i64, lesson_id: i64, done: bool) -> Result<bool, Error> {
    let published = lesson::Entity::find_by_id(lesson_id).one(db).await?.is_some_and(|l| l.status == PUBLISHED);
    if !published {
        return Err(Error::NotFound { what: "bài học" });
    }
    if !done {
        let gone = progress::Entity::delete_by_id((user_id, lesson_id)).exec(db).await?;
        return Ok(gone.rows_affected > 0);
    }
    let row = progress::ActiveModel {
        user_id: sea_orm::Set(user_id),
        lesson_id: sea_orm::Set(lesson_id),
        done_at: sea_orm::Set(Utc::now()),
    };
    // Two clicks at once: the key keeps one mark.
    let inserted = progress::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([progress::Column::UserId, progress::Column::LessonId]).do_nothing().to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(inserted > 0)
}

/// Which of these lessons the account marked learnt.
///
/// # Errors
/// Database errors.
pub async fn done_among<C: ConnectionTrait>(db: &C, user_id: i64, lesson_ids: &[i64]) -> Result<HashSet<i64>, Error> {
    if lesson_ids.is_empty() {
        return Ok(HashSet::new());
    }
    Ok(progress::Entity::find()
        .filter(progress::Column::UserId.eq(user_id))
        .filter(progress::Column::LessonId.is_in(lesson_ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|p| p.lesson_id)
        .collect())
}

/// Whether the account marked this lesson learnt.
///
/// # Errors
/// Database errors.
pub async fn is_done<C: ConnectionTrait>(db: &C, user_id: i64, lesson_id: i64) -> Result<bool, Error> {
    Ok(progress::Entity::find_by_id((user_id, lesson_id)).one(db).await?.is_some())
}
