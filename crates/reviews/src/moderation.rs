//! After a review is written: the shop's one public answer, reports from shoppers and
//! shops, and the admins' queue (held reviews and reported ones) with its two decisions.

use chrono::Utc;
use ocop_core::{Actor, Error};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionSession,
    TransactionTrait,
};

use crate::entity::{review, review_report};
use crate::input::{MAX_REASON, MAX_REPLY, text};
use crate::{conflicts, rating, status};

fn not_found() -> Error {
    Error::NotFound { what: "đánh giá" }
}

/// The shop's one public answer to a review of its goods. An answer carries no links or
/// phone numbers: it is refused with the field named rather than held.
///
/// # Errors
/// Field errors on `reply`; [`Error::NotFound`] for a review of another shop or one not
/// published;
/// [`conflicts::REPLY_EXISTS`].
pub async fn reply<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    shop_id: i64,
    id: i64,
    raw: &str,
) -> Result<review::Model, Error> {
    let answer = text(raw);
    if answer.is_empty() {
        return Err(Error::invalid("reply", "Vui lòng viết câu trả lời"));
    }
    if answer.chars().count() > MAX_REPLY {
        return Err(Error::invalid("reply", format!("Tối đa {MAX_REPLY} ký tự")));
    }
    if crate::input::hold_reason(&answer).is_some() {
        return Err(Error::invalid(
            "reply",
            "Câu trả lời công khai không được chứa đường link, số điện thoại hay từ ngữ không phù hợp",
        ));
    }
    let found = review::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|r| r.shop_id == shop_id && r.status == status::PUBLISHED)
        .ok_or_else(not_found)?;
    let now = Utc::now();
    let moved = review::Entity::update_many()
        .col_expr(review::Column::Reply, Expr::value(answer))
        .col_expr(review::Column::ReplyAuthorId, Expr::value(actor.user_id))
        .col_expr(review::Column::RepliedAt, Expr::value(now))
        .filter(review::Column::Id.eq(found.id))
        .filter(review::Column::Reply.is_null())
        .exec(db)
        .await?;
    if moved.rows_affected == 0 {
        return Err(Error::Conflict {
            code: conflicts::REPLY_EXISTS,
            field: Some("reply"),
            message: "Cửa hàng đã trả lời đánh giá này".into(),
        });
    }
    review::Entity::find_by_id(id).one(db).await?.ok_or_else(not_found)
}

/// Reports a published review to the admins, once per person; the author cannot report
/// their own. The review stays shown until an admin decides.
///
/// # Errors
/// Field errors on `reason`; [`Error::NotFound`]; [`conflicts::ALREADY_REPORTED`].
pub async fn report<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    reporter_id: i64,
    id: i64,
    raw_reason: &str,
) -> Result<(), Error> {
    let reason = text(raw_reason);
    if reason.is_empty() {
        return Err(Error::invalid("reason", "Vui lòng cho biết lý do"));
    }
    if reason.chars().count() > MAX_REASON {
        return Err(Error::invalid("reason", format!("Tối đa {MAX_REASON} ký tự")));
    }
    let found = review::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|r| r.status == status::PUBLISHED && r.author_id != reporter_id)
        .ok_or_else(not_found)?;
    let txn = ocop_core::db::begin_write(db).await?;
    let row = review_report::ActiveModel {
        review_id: Set(found.id),
        reporter_id: Set(reporter_id),
        reason: Set(reason),
        created_at: Set(Utc::now()),
    };
    review_report::Entity::insert(row).exec_without_returning(&txn).await.map_err(|e| {
        ocop_core::error::conflict_on_unique(e, || Error::Conflict {
            code: conflicts::ALREADY_REPORTED,
            field: None,
            message: "Bạn đã báo cáo đánh giá này".into(),
        })
    })?;
    review::Entity::update_many()
        .col_expr(review::Column::Reports, Expr::col(review::Column::Reports).add(1))
        .filter(review::Column::Id.eq(found.id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// A review waiting for an admin, with what was said about it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Waiting {
    pub review: review::Model,
    pub product_name: String,
    pub product_slug: String,
    pub reasons: Vec<String>,
    /// What the admin judges along with the text.
    pub photos: Vec<crate::photos::Photo>,
}

/// Held reviews and reported published ones, oldest first.
///
/// # Errors
/// Database errors.
pub async fn queue<C: ConnectionTrait>(db: &C, limit: u64) -> Result<Vec<Waiting>, Error> {
    let rows = review::Entity::find()
        .filter(
            review::Column::Status
                .eq(status::HELD)
                .or(review::Column::Status.eq(status::PUBLISHED).and(review::Column::Reports.gt(0))),
        )
        .order_by_asc(review::Column::UpdatedAt)
        .order_by_asc(review::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    let mut photos = crate::photos::of_reviews(db, rows.iter().map(|r| r.id)).await?;
    let mut out = Vec::with_capacity(rows.len());
    for review in rows {
        let product = ocop_catalog::entity::product::Entity::find_by_id(review.product_id).one(db).await?;
        let reasons = review_report::Entity::find()
            .filter(review_report::Column::ReviewId.eq(review.id))
            .order_by_asc(review_report::Column::CreatedAt)
            .all(db)
            .await?
            .into_iter()
            .map(|r| r.reason)
            .collect();
        let (product_name, product_slug) = product.map(|p| (p.name, p.slug)).unwrap_or_default();
        let photos = photos.remove(&review.id).unwrap_or_default();
        out.push(Waiting { review, product_name, product_slug, reasons, photos });
    }
    Ok(out)
}

/// How many reviews wait for an admin (the admin's first screen counts them).
///
/// # Errors
/// Database errors.
pub async fn waiting_count<C: ConnectionTrait>(db: &C) -> Result<u64, Error> {
    use sea_orm::PaginatorTrait;
    Ok(review::Entity::find()
        .filter(
            review::Column::Status
                .eq(status::HELD)
                .or(review::Column::Status.eq(status::PUBLISHED).and(review::Column::Reports.gt(0))),
        )
        .count(db)
        .await?)
}

/// An admin's decision on a review in the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Shown (again); its reports are dealt with.
    Publish,
    /// Taken off every page and out of the rating.
    Remove,
}

impl Decision {
    /// `publish` or `remove`, as a form or the API sends it.
    ///
    /// # Errors
    /// A field error naming `decision`.
    pub fn parse(raw: &str) -> Result<Self, Error> {
        match raw.trim() {
            "publish" => Ok(Self::Publish),
            "remove" => Ok(Self::Remove),
            _ => Err(Error::invalid("decision", "Chọn publish (hiện) hoặc remove (gỡ)")),
        }
    }
}

/// Applies an admin's decision; the rating follows in the same transaction.
///
/// # Errors
/// [`Error::NotFound`]; a conflict when the review changed meanwhile.
pub async fn decide<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    id: i64,
    decision: Decision,
) -> Result<review::Model, Error> {
    let txn = ocop_core::db::begin_write(db).await?;
    let old = review::Entity::find_by_id(id).one(&txn).await?.ok_or_else(not_found)?;
    let new_status = match decision {
        Decision::Publish => status::PUBLISHED,
        Decision::Remove => status::REMOVED,
    };
    // Conditional on the status read: two admins deciding at once move the rating once.
    let moved = review::Entity::update_many()
        .col_expr(review::Column::Status, Expr::value(new_status))
        .col_expr(review::Column::Reports, Expr::value(0))
        .col_expr(review::Column::HoldReason, Expr::value(Option::<String>::None))
        .col_expr(review::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(review::Column::Id.eq(id))
        .filter(review::Column::Status.eq(old.status.clone()))
        .exec(&txn)
        .await?;
    if moved.rows_affected == 0 {
        return Err(Error::Conflict {
            code: conflicts::REVIEW_CHANGED,
            field: None,
            message: "Đánh giá vừa được người khác xử lý, hãy tải lại trang".into(),
        });
    }
    let was = old.status == status::PUBLISHED;
    let is = new_status == status::PUBLISHED;
    if was && !is {
        rating::shift(&txn, old.product_id, old.shop_id, old.stars, -1).await?;
    } else if is && !was {
        rating::shift(&txn, old.product_id, old.shop_id, old.stars, 1).await?;
    }
    ocop_catalog::audit::record(
        &txn,
        ocop_catalog::audit::Entry {
            actor_id: Some(actor.user_id),
            action: if is { "review.publish" } else { "review.remove" },
            entity: "review",
            entity_id: id,
            before: Some(serde_json::json!({"status": old.status, "reports": old.reports})),
            after: Some(serde_json::json!({"status": new_status})),
            reason: None,
        },
    )
    .await?;
    let saved = review::Entity::find_by_id(id).one(&txn).await?.ok_or_else(not_found)?;
    txn.commit().await?;
    Ok(saved)
}
