//! Writing a review and its one edit. The review and the product's rating move in one
//! transaction; the unique key on the bought line makes a second review of it a conflict
//! even when two arrive at once.

use chrono::{Duration, Utc};
use ocop_core::Error;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, TransactionSession, TransactionTrait,
};

use crate::entity::review;
use crate::purchase::{self, Bought};
use crate::{EDIT_DAYS, ReviewInput, conflicts, input, rating, status};

fn exists() -> Error {
    Error::Conflict {
        code: conflicts::REVIEW_EXISTS, field: None, message: "Bạn đã đánh giá sản phẩm này rồi".into()
    }
}

/// Writes the shopper's review of a line they bought. Text with a link, a phone number or
/// a banned word is held for an admin; anything else is published at once.
///
/// # Errors
/// Field errors on `stars` and `body`; [`Error::NotFound`] for a line that is not theirs;
/// conflicts [`conflicts::NOT_DELIVERED`] and [`conflicts::REVIEW_EXISTS`].
pub async fn write<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    user_id: i64,
    bought: Bought,
    input: &ReviewInput,
) -> Result<review::Model, Error> {
    let checked = input.check()?;
    let bought = purchase::find(db, user_id, bought).await?;
    let hold = input::hold_reason(&checked.body);
    let now = Utc::now();
    let (order_line_id, pos_sale_line_id) = match bought.bought {
        Bought::OrderLine(id) => (Some(id), None),
        Bought::BoothLine(id) => (None, Some(id)),
    };
    let row = review::ActiveModel {
        product_id: Set(bought.product_id),
        shop_id: Set(bought.shop_id),
        author_id: Set(user_id),
        variant_id: Set(bought.variant_id),
        variant_label: Set(bought.variant_label.chars().take(120).collect()),
        order_line_id: Set(order_line_id),
        pos_sale_line_id: Set(pos_sale_line_id),
        stars: Set(checked.stars),
        body: Set(checked.body),
        status: Set(if hold.is_some() { status::HELD } else { status::PUBLISHED }.to_owned()),
        hold_reason: Set(hold.map(str::to_owned)),
        reports: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        edited_at: Set(None),
        reply: Set(None),
        reply_author_id: Set(None),
        replied_at: Set(None),
        photo_count: Set(0),
        ..Default::default()
    };
    let txn = ocop_core::db::begin_write(db).await?;
    let saved = row.insert(&txn).await.map_err(|e| ocop_core::error::conflict_on_unique(e, exists))?;
    if saved.status == status::PUBLISHED {
        rating::shift(&txn, saved.product_id, saved.shop_id, saved.stars, 1).await?;
    }
    txn.commit().await?;
    Ok(saved)
}

/// The review's one edit, within [`EDIT_DAYS`] of writing it. The new text is screened
/// again; the rating follows the change.
///
/// # Errors
/// Field errors; [`Error::NotFound`] for another account's review; conflicts
/// [`conflicts::EDIT_USED`], [`conflicts::EDIT_WINDOW_CLOSED`], [`conflicts::REVIEW_REMOVED`].
pub async fn edit<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    user_id: i64,
    id: i64,
    input: &ReviewInput,
) -> Result<review::Model, Error> {
    let checked = input.check()?;
    let txn = ocop_core::db::begin_write(db).await?;
    let old = review::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .filter(|r| r.author_id == user_id)
        .ok_or(Error::NotFound { what: "đánh giá" })?;
    let now = Utc::now();
    if old.status == status::REMOVED {
        return Err(Error::Conflict {
            code: conflicts::REVIEW_REMOVED,
            field: None,
            message: "Đánh giá này đã bị gỡ, không sửa được".into(),
        });
    }
    if old.edited_at.is_some() {
        return Err(edit_used());
    }
    if now - old.created_at > Duration::days(EDIT_DAYS) {
        return Err(Error::Conflict {
            code: conflicts::EDIT_WINDOW_CLOSED,
            field: None,
            message: format!("Chỉ sửa được trong {EDIT_DAYS} ngày sau khi viết"),
        });
    }
    let hold = input::hold_reason(&checked.body);
    let new_status = if hold.is_some() { status::HELD } else { status::PUBLISHED };
    // Conditional on the edit being unused: two tabs saving at once make one edit.
    let moved = review::Entity::update_many()
        .col_expr(review::Column::Stars, Expr::value(checked.stars))
        .col_expr(review::Column::Body, Expr::value(checked.body.clone()))
        .col_expr(review::Column::Status, Expr::value(new_status))
        .col_expr(review::Column::HoldReason, Expr::value(hold.map(str::to_owned)))
        .col_expr(review::Column::EditedAt, Expr::value(now))
        .col_expr(review::Column::UpdatedAt, Expr::value(now))
        .filter(review::Column::Id.eq(id))
        .filter(review::Column::EditedAt.is_null())
        .exec(&txn)
        .await?;
    if moved.rows_affected == 0 {
        return Err(edit_used());
    }
    if old.status == status::PUBLISHED {
        rating::shift(&txn, old.product_id, old.shop_id, old.stars, -1).await?;
    }
    if new_status == status::PUBLISHED {
        rating::shift(&txn, old.product_id, old.shop_id, checked.stars, 1).await?;
    }
    let saved = review::Entity::find_by_id(id).one(&txn).await?.ok_or(Error::NotFound { what: "đánh giá" })?;
    txn.commit().await?;
    Ok(saved)
}

fn edit_used() -> Error {
    Error::Conflict {
        code: conflicts::EDIT_USED, field: None, message: "Mỗi đánh giá chỉ được sửa một lần".into()
    }
}
