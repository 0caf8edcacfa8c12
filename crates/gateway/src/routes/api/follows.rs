//! Followed shops and saved products over the API, for the signed-in caller.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, put};
use ocop_follows::{saved, shops as follows};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::ApiUser;
use crate::error::ApiError;
use crate::routes::Routes;
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::new()
        .route("/me/following", get(following))
        .route("/me/following/{shop}", put(follow).delete(unfollow))
        .route("/me/saved", get(saved_list))
        .route("/me/saved/{slug}", put(save).delete(unsave))
}

#[derive(Serialize, ToSchema)]
pub struct FollowedShop {
    pub slug: String,
    pub name: String,
    pub province_code: String,
    pub followers: u64,
}

/// The open shops the caller follows, most recently followed first.
#[utoipa::path(get, path = "/api/v1/me/following", tag = "follows", security(("bearer" = [])),
    responses((status = 200, body = [FollowedShop]), (status = 401)))]
pub async fn following(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> Result<Json<Vec<FollowedShop>>, ApiError> {
    let shops = follows::followed(&state.db, user.id).await?;
    let ids: Vec<i64> = shops.iter().map(|s| s.id).collect();
    let counts = follows::followers_of(&state.db, &ids).await?;
    let out = shops
        .into_iter()
        .map(|shop| FollowedShop {
            followers: counts.get(&shop.id).copied().unwrap_or(0),
            slug: shop.slug,
            name: shop.name,
            province_code: shop.province_code,
        })
        .collect();
    Ok(Json(out))
}

/// Follows a shop (again: nothing changes).
#[utoipa::path(put, path = "/api/v1/me/following/{shop}", tag = "follows", security(("bearer" = [])),
    params(("shop" = String, Path, description = "the shop's slug")),
    responses((status = 204, description = "followed"), (status = 401), (status = 404, description = "no such open shop"),
        (status = 409, description = "too_many_followed")))]
pub async fn follow(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(slug): Path<String>,
) -> Result<StatusCode, ApiError> {
    let shop = ocop_catalog::shops::by_slug(&state.db, &slug).await?;
    follows::follow(&state.db, user.id, shop.id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Stops following a shop (not following: nothing changes).
#[utoipa::path(delete, path = "/api/v1/me/following/{shop}", tag = "follows", security(("bearer" = [])),
    params(("shop" = String, Path, description = "the shop's slug")),
    responses((status = 204, description = "not followed"), (status = 401), (status = 404, description = "no such shop")))]
pub async fn unfollow(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(slug): Path<String>,
) -> Result<StatusCode, ApiError> {
    let shop = ocop_catalog::shops::by_slug(&state.db, &slug).await?;
    follows::unfollow(&state.db, user.id, shop.id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct SavedProducts {
    /// Live listings, most recently saved first: `slug`, `name`, `price_vnd`, `shop_slug`, `in_stock`, …
    #[schema(value_type = Vec<Object>)]
    pub products: Vec<ocop_catalog::storefront::Card>,
    /// Saved products no longer on sale.
    pub gone: usize,
}

/// The caller's saved products still on sale.
#[utoipa::path(get, path = "/api/v1/me/saved", tag = "follows", security(("bearer" = [])),
    responses((status = 200, body = SavedProducts), (status = 401)))]
pub async fn saved_list(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> Result<Json<SavedProducts>, ApiError> {
    let (listings, gone) = saved::list(&state.db, user.id).await?;
    Ok(Json(SavedProducts { products: listings.into_iter().map(Into::into).collect(), gone }))
}

/// Saves a live product for later (again: nothing changes).
#[utoipa::path(put, path = "/api/v1/me/saved/{slug}", tag = "follows", security(("bearer" = [])),
    params(("slug" = String, Path, description = "the product's slug")),
    responses((status = 204, description = "saved"), (status = 401), (status = 404, description = "not on sale"),
        (status = 409, description = "too_many_saved")))]
pub async fn save(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(slug): Path<String>,
) -> Result<StatusCode, ApiError> {
    let product = ocop_catalog::storefront::live_by_slug(&state.db, &slug).await?;
    saved::save(&state.db, user.id, product.id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Takes a product off the saved list.
#[utoipa::path(delete, path = "/api/v1/me/saved/{slug}", tag = "follows", security(("bearer" = [])),
    params(("slug" = String, Path, description = "the product's slug")),
    responses((status = 204, description = "not saved"), (status = 401), (status = 404, description = "no such product")))]
pub async fn unsave(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(slug): Path<String>,
) -> Result<StatusCode, ApiError> {
    let found = ocop_catalog::entity::product::Entity::find()
        .filter(ocop_catalog::entity::product::Column::Slug.eq(slug))
        .one(&state.db)
        .await?
        .ok_or(ocop_core::Error::NotFound { what: "sản phẩm" })?;
    saved::unsave(&state.db, user.id, found.id).await?;
    Ok(StatusCode::NO_CONTENT)
}
