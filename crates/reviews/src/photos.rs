//! Photos on a review: up to five, added by its author within the 30 days a review stays
//! editable, checked and re-encoded by the listing image pipeline (JPEG, PNG or WebP in,
//! JPEG without metadata out, in two sizes). A held review's photos wait with it; a report
//! or an admin's removal covers them with the review.

use std::collections::HashMap;

use chrono::Utc;
use ocop_catalog::images::{self, Processed};
use ocop_catalog::media::MediaStore;
use ocop_core::Error;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
    TransactionSession, TransactionTrait,
};
use serde::Serialize;

use crate::entity::{review, review_photo};
use crate::{EDIT_DAYS, conflicts, status};

/// Photos one review carries at most.
pub const MAX_PER_REVIEW: usize = 5;

/// A photo as pages show it: media keys of both sizes.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Photo {
    pub id: i64,
    pub large: String,
    pub thumb: String,
    pub width: i32,
    pub height: i32,
}

impl From<review_photo::Model> for Photo {
    fn from(p: review_photo::Model) -> Self {
        Self { id: p.id, large: p.large_key, thumb: p.thumb_key, width: p.width, height: p.height }
    }
}

fn too_many() -> Error {
    Error::invalid("photos", format!("Tối đa {MAX_PER_REVIEW} ảnh cho mỗi đánh giá"))
}

/// Checks and re-encodes uploads before anything is written (empty files, an unused file
/// field, are skipped).
///
/// # Errors
/// A field error on `photos`: more than five, or one that is not a JPEG, PNG or WebP image
/// of a sane size (the message says which, by its number).
pub async fn prepare(files: Vec<Vec<u8>>) -> Result<Vec<Processed>, Error> {
    let files: Vec<Vec<u8>> = files.into_iter().filter(|f| !f.is_empty()).collect();
    if files.len() > MAX_PER_REVIEW {
        return Err(too_many());
    }
    let mut out = Vec::with_capacity(files.len());
    for (i, bytes) in files.into_iter().enumerate() {
        let processed = tokio::task::spawn_blocking(move || images::process(&bytes)).await.map_err(Error::internal)?;
        match processed {
            Ok(p) => out.push(p),
            Err(Error::Invalid(fields)) => {
                let why = fields.get("image").unwrap_or("Ảnh không hợp lệ").to_owned();
                return Err(Error::invalid("photos", format!("Ảnh thứ {}: {why}", i + 1)));
            }
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

/// The author's review, open for photos: not removed, within 30 days of writing.
async fn open_for_photos<C: ConnectionTrait>(db: &C, user_id: i64, review_id: i64) -> Result<review::Model, Error> {
    let found = review::Entity::find_by_id(review_id)
        .one(db)
        .await?
        .filter(|r| r.author_id == user_id)
        .ok_or(Error::NotFound { what: "đánh giá" })?;
    if found.status == status::REMOVED {
        return Err(Error::Conflict {
            code: conflicts::REVIEW_REMOVED,
            field: None,
            message: "Đánh giá đã bị gỡ".into(),
        });
    }
    if Utc::now() - found.created_at > chrono::Duration::days(EDIT_DAYS) {
        return Err(Error::Conflict {
            code: conflicts::EDIT_WINDOW_CLOSED,
            field: Some("photos"),
            message: format!("Chỉ thêm hoặc bỏ ảnh trong {EDIT_DAYS} ngày sau khi viết đánh giá"),
        });
    }
    Ok(found)
}

/// Adds prepared photos to the author's review, after those it has.
///
/// # Errors
/// [`Error::NotFound`] for a review that is not the user's; [`conflicts::REVIEW_REMOVED`],
/// [`conflicts::EDIT_WINDOW_CLOSED`]; a field error on `photos` past five.
pub async fn attach<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    store: &dyn MediaStore,
    user_id: i64,
    review_id: i64,
    prepared: Vec<Processed>,
) -> Result<Vec<Photo>, Error> {
    let found = open_for_photos(db, user_id, review_id).await?;
    if prepared.is_empty() {
        return Ok(Vec::new());
    }
    let had = review_photo::Entity::find().filter(review_photo::Column::ReviewId.eq(found.id)).count(db).await?;
    if usize::try_from(had).unwrap_or(usize::MAX).saturating_add(prepared.len()) > MAX_PER_REVIEW {
        return Err(too_many());
    }
    let mut rows = Vec::with_capacity(prepared.len());
    for (i, p) in prepared.iter().enumerate() {
        let (large, thumb) = images::store_under(store, "reviews", p).await?;
        rows.push(review_photo::ActiveModel {
            review_id: Set(found.id),
            position: Set(i32::try_from(had).unwrap_or(0) + i32::try_from(i).unwrap_or(0)),
            large_key: Set(large),
            thumb_key: Set(thumb),
            width: Set(i32::try_from(p.width).unwrap_or(0)),
            height: Set(i32::try_from(p.height).unwrap_or(0)),
            created_at: Set(Utc::now()),
            ..Default::default()
        });
    }
    let txn = ocop_core::db::begin_write(db).await?;
    let mut saved = Vec::with_capacity(rows.len());
    for row in rows {
        saved.push(Photo::from(row.insert(&txn).await?));
    }
    recount(&txn, found.id).await?;
    // Two uploads at once may both have passed the check above: the count decides.
    let now = review_photo::Entity::find().filter(review_photo::Column::ReviewId.eq(found.id)).count(&txn).await?;
    if usize::try_from(now).unwrap_or(usize::MAX) > MAX_PER_REVIEW {
        return Err(too_many());
    }
    txn.commit().await?;
    Ok(saved)
}

/// Takes photos off the author's review (ids of other reviews are ignored).
///
/// # Errors
/// As [`attach`], without the count.
pub async fn remove<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    user_id: i64,
    review_id: i64,
    photo_ids: &[i64],
) -> Result<u64, Error> {
    let found = open_for_photos(db, user_id, review_id).await?;
    if photo_ids.is_empty() {
        return Ok(0);
    }
    let txn = ocop_core::db::begin_write(db).await?;
    let gone = review_photo::Entity::delete_many()
        .filter(review_photo::Column::ReviewId.eq(found.id))
        .filter(review_photo::Column::Id.is_in(photo_ids.iter().copied()))
        .exec(&txn)
        .await?
        .rows_affected;
    recount(&txn, found.id).await?;
    txn.commit().await?;
    Ok(gone)
}

async fn recount<C: ConnectionTrait>(db: &C, review_id: i64) -> Result<(), Error> {
    let count = review_photo::Entity::find().filter(review_photo::Column::ReviewId.eq(review_id)).count(db).await?;
    review::Entity::update_many()
        .col_expr(review::Column::PhotoCount, Expr::value(i32::try_from(count).unwrap_or(i32::MAX)))
        .filter(review::Column::Id.eq(review_id))
        .exec(db)
        .await?;
    Ok(())
}

/// The photos of these reviews, in order, by review id.
///
/// # Errors
/// Database errors.
pub async fn of_reviews<C: ConnectionTrait>(
    db: &C,
    review_ids: impl IntoIterator<Item = i64>,
) -> Result<HashMap<i64, Vec<Photo>>, Error> {
    let ids: Vec<i64> = review_ids.into_iter().collect();
    let mut out: HashMap<i64, Vec<Photo>> = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let rows = review_photo::Entity::find()
        .filter(review_photo::Column::ReviewId.is_in(ids))
        .order_by_asc(review_photo::Column::Position)
        .order_by_asc(review_photo::Column::Id)
        .all(db)
        .await?;
    for row in rows {
        out.entry(row.review_id).or_default().push(Photo::from(row));
    }
    Ok(out)
}

/// How many of a product's published reviews carry photos (the filter's count).
///
/// # Errors
/// Database errors.
pub async fn reviews_with_photos<C: ConnectionTrait>(db: &C, product_id: i64) -> Result<u64, Error> {
    Ok(review::Entity::find()
        .filter(review::Column::ProductId.eq(product_id))
        .filter(review::Column::Status.eq(status::PUBLISHED))
        .filter(review::Column::PhotoCount.gt(0))
        .count(db)
        .await?)
}
