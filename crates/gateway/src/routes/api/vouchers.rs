//! Vouchers over the API: issuing (a shop's owner for the shop, an admin for the
//! marketplace or a province), listing what runs, saving one, and what fits the cart.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum_extra::extract::cookie::CookieJar;
use chrono::Utc;
use ocop_core::Error;
use ocop_orders::cart;
use ocop_orders::offers::{self, CartVouchers};
use ocop_promotions::entity::voucher;
use ocop_promotions::vouchers::{self, Card, Input};
use ocop_promotions::{Issuer, wallet};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::api_json::ApiJson;
use crate::auth::ApiUser;
use crate::error::ApiError;
use crate::guards::{Api, RequireAdmin, RequireShopOwner};
use crate::routes::Routes;
use crate::shopper;
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::new()
        .route("/vouchers", get(running))
        .route("/vouchers/{code}/claim", post(claim))
        .route("/me/vouchers", get(mine))
        .route("/cart/vouchers", get(for_cart))
        .route("/shops/{shop}/vouchers", get(shop_list).post(shop_create))
        .route("/shops/{shop}/vouchers/{id}/pause", post(shop_pause))
        .route("/admin/vouchers", get(admin_list).post(admin_create))
        .route("/admin/vouchers/{id}/pause", post(admin_pause))
}

#[derive(Deserialize, Default, IntoParams)]
#[serde(default)]
pub struct RunningQuery {
    /// A shop's slug: its own vouchers and its province's; without it, the marketplace's.
    shop: Option<String>,
}

/// Vouchers running now (or within a week) that shoppers can see: a shop's and its
/// province's, or the marketplace's.
#[utoipa::path(get, path = "/api/v1/vouchers", tag = "promotions", params(RunningQuery),
    responses((status = 200, description = "voucher cards"), (status = 404, description = "no such open shop")))]
pub async fn running(
    State(state): State<AppState>,
    Query(q): Query<RunningQuery>,
) -> Result<Json<Vec<Card>>, ApiError> {
    let now = Utc::now();
    let rows = match q.shop.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(slug) => {
            let shop = ocop_catalog::shops::by_slug(&state.db, slug).await?;
            vouchers::shown_on_shop(&state.db, shop.id, &shop.province_code, now).await?
        }
        None => vouchers::running_for(&state.db, &[], &[], now)
            .await?
            .into_iter()
            .filter(|v| v.issuer == "marketplace")
            .collect(),
    };
    Ok(Json(rows.iter().map(|v| Card::of(v, now)).collect()))
}

/// Saves a voucher to the caller's wallet (saving it again changes nothing: 200).
#[utoipa::path(post, path = "/api/v1/vouchers/{code}/claim", tag = "promotions", security(("bearer" = [])),
    params(("code" = String, Path, description = "the voucher's code")),
    responses((status = 201, description = "saved"), (status = 200, description = "already saved"), (status = 401),
        (status = 404), (status = 409, description = "voucher_used_up, voucher_not_running")))]
pub async fn claim(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(code): Path<String>,
) -> Result<StatusCode, ApiError> {
    Ok(if wallet::claim(&state.db, user.id, &code).await? { StatusCode::CREATED } else { StatusCode::OK })
}

#[derive(serde::Serialize, ToSchema)]
pub struct Saved {
    #[schema(value_type = Object)]
    pub voucher: Card,
    pub uses: i32,
}

/// The caller's saved vouchers that have not ended, with how often they used each.
#[utoipa::path(get, path = "/api/v1/me/vouchers", tag = "promotions", security(("bearer" = [])),
    responses((status = 200, body = [Saved]), (status = 401)))]
pub async fn mine(State(state): State<AppState>, ApiUser(user): ApiUser) -> Result<Json<Vec<Saved>>, ApiError> {
    let now = Utc::now();
    let rows = wallet::saved(&state.db, user.id).await?;
    Ok(Json(rows.into_iter().map(|(v, uses)| Saved { voucher: Card::of(&v, now), uses }).collect()))
}

/// The vouchers the caller may use on their cart, what each saves, and the best set
/// (`best_codes`: send them as `voucher_codes` to `/api/v1/checkout`).
#[utoipa::path(get, path = "/api/v1/cart/vouchers", tag = "promotions", security(("bearer" = [])),
    responses((status = 200, description = "usable, to_save, best_codes, best_saving_vnd"), (status = 401)))]
pub async fn for_cart(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    jar: CookieJar,
) -> Result<Json<CartVouchers>, ApiError> {
    let owner = shopper::owner(Some(&user), &jar).ok_or(Error::NotFound { what: "giỏ hàng" })?;
    let view = cart::view(&state.db, &owner, None).await?;
    Ok(Json(offers::for_cart(&state.db, Some(user.id), &view).await?))
}

/// A shop's vouchers, newest first (its owner, or an admin).
#[utoipa::path(get, path = "/api/v1/shops/{shop}/vouchers", tag = "promotions", security(("bearer" = [])),
    params(("shop" = String, Path, description = "the shop's slug")),
    responses((status = 200, body = [Object]), (status = 403, description = "staff, not the owner"), (status = 404)))]
pub async fn shop_list(
    State(state): State<AppState>,
    RequireShopOwner { shop, .. }: RequireShopOwner<Api>,
) -> Result<Json<Vec<voucher::Model>>, ApiError> {
    Ok(Json(vouchers::of_shop(&state.db, shop.id).await?))
}

/// Issues a voucher for the shop's own goods; the shop pays for its discounts.
#[utoipa::path(post, path = "/api/v1/shops/{shop}/vouchers", tag = "promotions", security(("bearer" = [])),
    params(("shop" = String, Path, description = "the shop's slug")), request_body(content = Object),
    responses((status = 201, body = Object), (status = 403), (status = 404),
        (status = 409, description = "voucher_code_taken"), (status = 422, description = "names each bad field")))]
pub async fn shop_create(
    State(state): State<AppState>,
    RequireShopOwner { user, shop, .. }: RequireShopOwner<Api>,
    ApiJson(input): ApiJson<Input>,
) -> Result<(StatusCode, Json<voucher::Model>), ApiError> {
    let saved = vouchers::create(&state.db, &Issuer::Shop(shop.id), &input, user.id).await?;
    Ok((StatusCode::CREATED, Json(saved)))
}

#[derive(Deserialize, ToSchema)]
pub struct PauseBody {
    /// true pauses, false resumes.
    pub paused: bool,
}

/// Pauses or resumes one of the shop's vouchers.
#[utoipa::path(post, path = "/api/v1/shops/{shop}/vouchers/{id}/pause", tag = "promotions", security(("bearer" = [])),
    params(("shop" = String, Path, description = "the shop's slug"), ("id" = i64, Path, description = "the voucher")),
    request_body = PauseBody, responses((status = 200, body = Object), (status = 403), (status = 404)))]
pub async fn shop_pause(
    State(state): State<AppState>,
    RequireShopOwner { shop, .. }: RequireShopOwner<Api>,
    Path((_shop, id)): Path<(String, i64)>,
    ApiJson(body): ApiJson<PauseBody>,
) -> Result<Json<voucher::Model>, ApiError> {
    Ok(Json(vouchers::set_paused(&state.db, Some(shop.id), id, body.paused).await?))
}

/// The marketplace's and the provinces' vouchers, newest first.
#[utoipa::path(get, path = "/api/v1/admin/vouchers", tag = "promotions", security(("bearer" = [])),
    responses((status = 200, body = [Object]), (status = 401), (status = 403)))]
pub async fn admin_list(
    State(state): State<AppState>,
    _admin: RequireAdmin<Api>,
) -> Result<Json<Vec<voucher::Model>>, ApiError> {
    Ok(Json(vouchers::of_platform(&state.db).await?))
}

/// Issues a marketplace voucher, or a province's with `province` (for goods of shops in
/// that province); the marketplace pays for its discounts.
#[utoipa::path(post, path = "/api/v1/admin/vouchers", tag = "promotions", security(("bearer" = [])),
    request_body(content = Object), responses((status = 201, body = Object), (status = 401), (status = 403),
        (status = 409, description = "voucher_code_taken"), (status = 422, description = "names each bad field")))]
pub async fn admin_create(
    State(state): State<AppState>,
    RequireAdmin { user, .. }: RequireAdmin<Api>,
    ApiJson(input): ApiJson<Input>,
) -> Result<(StatusCode, Json<voucher::Model>), ApiError> {
    let issuer = vouchers::platform_issuer(&input)?;
    let saved = vouchers::create(&state.db, &issuer, &input, user.id).await?;
    Ok((StatusCode::CREATED, Json(saved)))
}

/// Pauses or resumes a marketplace or province voucher.
#[utoipa::path(post, path = "/api/v1/admin/vouchers/{id}/pause", tag = "promotions", security(("bearer" = [])),
    params(("id" = i64, Path, description = "the voucher")), request_body = PauseBody,
    responses((status = 200, body = Object), (status = 401), (status = 403), (status = 404)))]
pub async fn admin_pause(
    State(state): State<AppState>,
    _admin: RequireAdmin<Api>,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<PauseBody>,
) -> Result<Json<voucher::Model>, ApiError> {
    Ok(Json(vouchers::set_paused(&state.db, None, id, body.paused).await?))
}
