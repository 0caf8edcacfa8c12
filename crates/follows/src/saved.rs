//! Products saved for later.

use chrono::Utc;
use ocop_catalog::listing::{self, LiveListing};
use ocop_core::Error;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set};

use crate::entity::saved_product;
use crate::{MAX_SAVED, conflicts};

/// Saves a live product; saving it again changes nothing. Returns whether this call saved it.
///
/// # Errors
/// [`Error::NotFound`] for a product not on sale; [`conflicts::TOO_MANY_SAVED`].
pub async fn save<C: ConnectionTrait>(db: &C, user_id: i64, product_id: i64) -> Result<bool, Error> {
    if listing::by_ids(db, &[product_id]).await?.is_empty() {
        return Err(Error::NotFound { what: "sản phẩm" });
    }
    if is_saved(db, user_id, product_id).await? {
        return Ok(false);
    }
    if saved_product::Entity::find().filter(saved_product::Column::UserId.eq(user_id)).count(db).await? >= MAX_SAVED {
        return Err(Error::Conflict {
            code: conflicts::TOO_MANY_SAVED,
            field: None,
            message: format!("Bạn đã lưu {MAX_SAVED} sản phẩm; bỏ lưu bớt để lưu thêm"),
        });
    }
    let row =
        saved_product::ActiveModel { user_id: Set(user_id), product_id: Set(product_id), created_at: Set(Utc::now()) };
    let inserted = saved_product::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([saved_product::Column::UserId, saved_product::Column::ProductId])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(inserted > 0)
}

/// Takes a product off the list; returns whether it was on it.
///
/// # Errors
/// Database errors.
pub async fn unsave<C: ConnectionTrait>(db: &C, user_id: i64, product_id: i64) -> Result<bool, Error> {
    let gone = saved_product::Entity::delete_many()
        .filter(saved_product::Column::UserId.eq(user_id))
        .filter(saved_product::Column::ProductId.eq(product_id))
        .exec(db)
        .await?;
    Ok(gone.rows_affected > 0)
}

/// # Errors
/// Database errors.
pub async fn is_saved<C: ConnectionTrait>(db: &C, user_id: i64, product_id: i64) -> Result<bool, Error> {
    Ok(saved_product::Entity::find_by_id((user_id, product_id)).one(db).await?.is_some())
}

/// The shopper's saved products still on sale, most recently saved first, and how many
/// saved ones are no longer on sale (taken down, or the shop closed).
///
/// # Errors
/// Database errors.
pub async fn list<C: ConnectionTrait>(db: &C, user_id: i64) -> Result<(Vec<LiveListing>, usize), Error> {
    let rows = saved_product::Entity::find()
        .filter(saved_product::Column::UserId.eq(user_id))
        .order_by_desc(saved_product::Column::CreatedAt)
        .all(db)
        .await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.product_id).collect();
    let mut live: std::collections::HashMap<i64, LiveListing> =
        listing::by_ids(db, &ids).await?.into_iter().map(|l| (l.id, l)).collect();
    let shown: Vec<LiveListing> = ids.iter().filter_map(|id| live.remove(id)).collect();
    let gone = ids.len() - shown.len();
    Ok((shown, gone))
}
