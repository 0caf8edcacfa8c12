//! Following shops.

use chrono::Utc;
use ocop_catalog::entity::shop;
use ocop_catalog::shops::STATUS_VERIFIED;
use ocop_core::Error;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set};

use crate::entity::shop_follow;
use crate::{MAX_FOLLOWED, conflicts};

/// Follows a verified shop; following it again changes nothing. Returns whether this call
/// started following.
///
/// # Errors
/// [`Error::NotFound`] for a shop that is not open; [`conflicts::TOO_MANY_FOLLOWED`].
pub async fn follow<C: ConnectionTrait>(db: &C, user_id: i64, shop_id: i64) -> Result<bool, Error> {
    let open = shop::Entity::find_by_id(shop_id).one(db).await?.is_some_and(|s| s.status == STATUS_VERIFIED);
    if !open {
        return Err(Error::NotFound { what: "cửa hàng" });
    }
    if is_following(db, user_id, shop_id).await? {
        return Ok(false);
    }
    if shop_follow::Entity::find().filter(shop_follow::Column::UserId.eq(user_id)).count(db).await? >= MAX_FOLLOWED {
        return Err(Error::Conflict {
            code: conflicts::TOO_MANY_FOLLOWED,
            field: None,
            message: format!("Bạn đã theo dõi {MAX_FOLLOWED} cửa hàng; bỏ theo dõi bớt để theo dõi thêm"),
        });
    }
    let row = shop_follow::ActiveModel { user_id: Set(user_id), shop_id: Set(shop_id), created_at: Set(Utc::now()) };
    // Two clicks at once: the key keeps one row, the other insert does nothing.
    let inserted = shop_follow::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([shop_follow::Column::UserId, shop_follow::Column::ShopId]).do_nothing().to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(inserted > 0)
}

/// Stops following; returns whether the shopper was following.
///
/// # Errors
/// Database errors.
pub async fn unfollow<C: ConnectionTrait>(db: &C, user_id: i64, shop_id: i64) -> Result<bool, Error> {
    let gone = shop_follow::Entity::delete_many()
        .filter(shop_follow::Column::UserId.eq(user_id))
        .filter(shop_follow::Column::ShopId.eq(shop_id))
        .exec(db)
        .await?;
    Ok(gone.rows_affected > 0)
}

/// # Errors
/// Database errors.
pub async fn is_following<C: ConnectionTrait>(db: &C, user_id: i64, shop_id: i64) -> Result<bool, Error> {
    Ok(shop_follow::Entity::find_by_id((user_id, shop_id)).one(db).await?.is_some())
}

/// How many shoppers follow the shop.
///
/// # Errors
/// Database errors.
pub async fn followers<C: ConnectionTrait>(db: &C, shop_id: i64) -> Result<u64, Error> {
    Ok(shop_follow::Entity::find().filter(shop_follow::Column::ShopId.eq(shop_id)).count(db).await?)
}

/// Followers of each of these shops, counted by the database in one statement (a page of
/// followed shops must not ask once per shop). Shops without followers are absent.
///
/// # Errors
/// Database errors.
pub async fn followers_of<C: ConnectionTrait>(
    db: &C,
    shop_ids: &[i64],
) -> Result<std::collections::HashMap<i64, u64>, Error> {
    use sea_orm::sea_query::{Expr, ExprTrait as _};
    if shop_ids.is_empty() {
        return Ok(std::collections::HashMap::new());
    }
    let rows: Vec<(i64, i64)> = shop_follow::Entity::find()
        .select_only()
        .column(shop_follow::Column::ShopId)
        .column_as(Expr::col(shop_follow::Column::UserId).count(), "n")
        .filter(shop_follow::Column::ShopId.is_in(shop_ids.iter().copied()))
        .group_by(shop_follow::Column::ShopId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|(id, n)| (id, u64::try_from(n).unwrap_or(0))).collect())
}

/// The open shops the shopper follows, most recently followed first.
///
/// # Errors
/// Database errors.
pub async fn followed<C: ConnectionTrait>(db: &C, user_id: i64) -> Result<Vec<shop::Model>, Error> {
    let rows = shop_follow::Entity::find()
        .filter(shop_follow::Column::UserId.eq(user_id))
        .order_by_desc(shop_follow::Column::CreatedAt)
        .all(db)
        .await?;
    let mut shops: std::collections::HashMap<i64, shop::Model> = shop::Entity::find()
        .filter(shop::Column::Id.is_in(rows.iter().map(|r| r.shop_id)))
        .filter(shop::Column::Status.eq(STATUS_VERIFIED))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    Ok(rows.iter().filter_map(|r| shops.remove(&r.shop_id)).collect())
}
