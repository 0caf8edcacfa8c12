//! A side reports a conversation (harassment, a scam, a push to pay outside the platform);
//! only then may an admin read it, and each reading is in the audit log. The admin closes
//! the report when done.

use chrono::Utc;
use ocop_core::{Actor, Error};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};

use crate::entity::conversation;
use crate::read::{self, Reader, Shown, Summary};
use crate::{Side, conflicts};

pub const MAX_REASON: usize = 500;

/// `user_id` (either side) reports the conversation with a reason.
///
/// # Errors
/// A field error on `reason`; [`Error::NotFound`] for someone outside the conversation;
/// [`conflicts::CONVERSATION_REPORTED`] while an earlier report waits.
pub async fn report<C: ConnectionTrait>(
    db: &C,
    user_id: i64,
    id: i64,
    raw_reason: &str,
) -> Result<conversation::Model, Error> {
    let (found, side) = read::open(db, user_id, id).await?;
    let reason = ocop_core::text::clean_block(raw_reason);
    if reason.chars().count() < 5 {
        return Err(Error::invalid("reason", "Vui lòng cho biết lý do (ít nhất 5 ký tự)"));
    }
    if reason.chars().count() > MAX_REASON {
        return Err(Error::invalid("reason", format!("Tối đa {MAX_REASON} ký tự")));
    }
    if found.reported_at.is_some() {
        return Err(Error::Conflict {
            code: conflicts::CONVERSATION_REPORTED,
            field: None,
            message: "Cuộc trò chuyện này đã được báo cáo và đang chờ quản trị viên xem xét".into(),
        });
    }
    let mut row: conversation::ActiveModel = found.into();
    row.reported_at = Set(Some(Utc::now()));
    row.reported_by = Set(Some(user_id));
    row.report_reason = Set(Some(reason.clone()));
    let saved = row.update(db).await?;
    ocop_catalog::audit::record(
        db,
        ocop_catalog::audit::Entry {
            actor_id: Some(user_id),
            action: "conversation.report",
            entity: "conversation",
            entity_id: id,
            before: None,
            after: Some(serde_json::json!({"side": if side == Side::Shop { "shop" } else { "shopper" }})),
            reason: Some(&reason),
        },
    )
    .await?;
    Ok(saved)
}

/// Reported conversations, the oldest report first.
///
/// # Errors
/// Database errors.
pub async fn reported<C: ConnectionTrait>(db: &C, limit: u64) -> Result<Vec<Summary>, Error> {
    let rows = conversation::Entity::find()
        .filter(conversation::Column::ReportedAt.is_not_null())
        .order_by_asc(conversation::Column::ReportedAt)
        .limit(limit)
        .all(db)
        .await?;
    read::summaries(db, rows, Reader::Admin).await
}

/// An admin reads a reported conversation (as written, nothing masked); recorded in the
/// audit log. One that is not reported is [`Error::NotFound`] to admins.
///
/// # Errors
/// [`Error::NotFound`]; database errors.
pub async fn read_reported<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    id: i64,
    before: Option<i64>,
) -> Result<(conversation::Model, Vec<Shown>, bool), Error> {
    let found = conversation::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|c| c.reported_at.is_some())
        .ok_or(Error::NotFound { what: "cuộc trò chuyện bị báo cáo" })?;
    let (messages, older) = read::thread(db, &found, Reader::Admin, before).await?;
    ocop_catalog::audit::record(
        db,
        ocop_catalog::audit::Entry {
            actor_id: Some(actor.user_id),
            action: "conversation.read",
            entity: "conversation",
            entity_id: id,
            before: None,
            after: None,
            reason: found.report_reason.as_deref(),
        },
    )
    .await?;
    Ok((found, messages, older))
}

/// An admin closes the report, with what was done.
///
/// # Errors
/// A field error on `note`; [`Error::NotFound`] for a conversation not reported.
pub async fn close<C: ConnectionTrait>(db: &C, actor: &Actor, id: i64, raw_note: &str) -> Result<(), Error> {
    let note = ocop_core::text::clean_block(raw_note);
    if note.chars().count() > MAX_REASON {
        return Err(Error::invalid("note", format!("Tối đa {MAX_REASON} ký tự")));
    }
    let found = conversation::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|c| c.reported_at.is_some())
        .ok_or(Error::NotFound { what: "cuộc trò chuyện bị báo cáo" })?;
    let before = serde_json::json!({"reported_at": found.reported_at, "reason": found.report_reason});
    let moved = conversation::Entity::update_many()
        .col_expr(
            conversation::Column::ReportedAt,
            sea_orm::sea_query::Expr::value(Option::<chrono::DateTime<Utc>>::None),
        )
        .col_expr(conversation::Column::ReportedBy, sea_orm::sea_query::Expr::value(Option::<i64>::None))
        .col_expr(conversation::Column::ReportReason, sea_orm::sea_query::Expr::value(Option::<String>::None))
        .filter(conversation::Column::Id.eq(id))
        .filter(conversation::Column::ReportedAt.is_not_null())
        .exec(db)
        .await?;
    if moved.rows_affected == 0 {
        return Err(Error::NotFound { what: "cuộc trò chuyện bị báo cáo" });
    }
    ocop_catalog::audit::record(
        db,
        ocop_catalog::audit::Entry {
            actor_id: Some(actor.user_id),
            action: "conversation.close_report",
            entity: "conversation",
            entity_id: id,
            before: Some(before),
            after: None,
            reason: (!note.is_empty()).then_some(note.as_str()),
        },
    )
    .await?;
    Ok(())
}

/// Reported conversations waiting for an admin (the admin desk's tile).
///
/// # Errors
/// Database errors.
pub async fn waiting_count<C: ConnectionTrait>(db: &C) -> Result<u64, Error> {
    use sea_orm::PaginatorTrait;
    Ok(conversation::Entity::find().filter(conversation::Column::ReportedAt.is_not_null()).count(db).await?)
}
