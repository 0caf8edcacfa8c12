//! The supply–demand board over the API: list, post and read wholesale requests, make an
//! offer, accept one, close a request, write in an offer's thread. Offer prices are `null`
//! for anyone but the buyer, the offering shop's people and admins.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use ocop_wholesale::input::{OfferInput, RequestInput};
use ocop_wholesale::requests::{self, Detail, Filter, Row};
use ocop_wholesale::{offers, today_vn};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api_json::ApiJson;
use crate::auth::ApiUser;
use crate::error::ApiError;
use crate::routes::Routes;
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::new()
        .route("/wholesale-requests", get(list).post(create))
        .route("/wholesale-requests/{id}", get(show))
        .route("/wholesale-requests/{id}/close", post(close))
        .route("/wholesale-requests/{id}/offers", post(make_offer))
        .route("/wholesale-requests/{id}/offers/{offer}/accept", post(accept))
        .route("/wholesale-requests/{id}/offers/{offer}/messages", post(write))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    /// An OCOP group by code or name.
    group: String,
    /// A current or former province name, or a code.
    province: String,
    /// open (the default), matched, closed, expired or all.
    status: String,
    page: u64,
}

#[derive(Serialize, ToSchema)]
pub struct ListBody {
    pub total: u64,
    /// Each with `request`, `status`, `group_name_vi`, `province_name`, `offer_count`.
    #[schema(value_type = Vec<Object>)]
    pub requests: Vec<Row>,
}

/// Requests, newest first, 20 a page: open ones unless `status` says otherwise (`all` for every one).
#[utoipa::path(get, path = "/api/v1/wholesale-requests", tag = "wholesale",
    params(("group" = Option<String>, Query), ("province" = Option<String>, Query), ("status" = Option<String>, Query), ("page" = Option<u64>, Query)),
    responses((status = 200, body = ListBody), (status = 422, description = "unknown status")))]
pub async fn list(State(state): State<AppState>, Query(q): Query<ListQuery>) -> Result<Json<ListBody>, ApiError> {
    let mut filter = Filter::parse(&q.group, &q.province, &q.status);
    match q.status.trim() {
        "" => filter.status = Some(ocop_wholesale::status::RequestStatus::Open),
        "all" => filter.status = None,
        _ if filter.status.is_none() => {
            return Err(
                ocop_core::Error::invalid("status", "Trạng thái là open, matched, closed, expired hoặc all").into()
            );
        }
        _ => {}
    }
    if !q.group.trim().is_empty() && filter.group.is_none() {
        return Err(ocop_core::Error::invalid("group", "Nhóm sản phẩm OCOP không hợp lệ").into());
    }
    if !q.province.trim().is_empty() && filter.province.is_none() {
        return Err(ocop_core::Error::invalid("province", "Không nhận ra tỉnh/thành phố").into());
    }
    let (requests, total) = requests::list(&state.db, &filter, today_vn(), q.page.max(1), 20).await?;
    Ok(Json(ListBody { total, requests }))
}

/// Documents the body of `POST /api/v1/wholesale-requests`; numbers may also be sent as
/// text the Vietnamese way (`"15.000.000 ₫"`).
#[derive(ToSchema)]
#[expect(dead_code, reason = "documentation only")]
pub struct NewRequestDoc {
    organisation: String,
    /// distributor, supermarket, restaurant, trade_centre or other.
    buyer_kind: Option<String>,
    product: String,
    /// An OCOP group code or name.
    category: String,
    quantity: i64,
    /// kg, tấn, tạ, lít, thùng, hộp, chai, gói, túi, bao, hũ, cái, bộ, lượt khách.
    unit: String,
    /// A current or former province name.
    province: String,
    /// YYYY-MM-DD (or DD/MM/YYYY), after today.
    deadline: String,
    budget_vnd: Option<i64>,
    note: Option<String>,
}

/// Posts a request as the caller; the shops that fit are told (bell and e-mail).
#[utoipa::path(post, path = "/api/v1/wholesale-requests", tag = "wholesale", security(("bearer" = [])), request_body = NewRequestDoc,
    responses((status = 201, description = "the request as its buyer sees it, with `notified_shops`"), (status = 401), (status = 422, description = "names each bad field")))]
pub async fn create(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(input): ApiJson<RequestInput>,
) -> Result<Response, ApiError> {
    let created = requests::create(&state.db, &user, &input, today_vn()).await?;
    let detail = requests::detail(&state.db, Some(&user), created.request.id, today_vn()).await?;
    Ok((StatusCode::CREATED, Json(detail)).into_response())
}

/// One request with its offers; prices and threads only for the buyer, the offering shop and admins.
#[utoipa::path(get, path = "/api/v1/wholesale-requests/{id}", tag = "wholesale",
    responses((status = 200, description = "the request and its offers"), (status = 404)))]
pub async fn show(
    State(state): State<AppState>,
    user: Option<ApiUser>,
    Path(id): Path<i64>,
) -> Result<Json<Detail>, ApiError> {
    let user = user.map(|u| u.0);
    Ok(Json(requests::detail(&state.db, user.as_ref(), id, today_vn()).await?))
}

/// The buyer closes an open request; pending offers are declined.
#[utoipa::path(post, path = "/api/v1/wholesale-requests/{id}/close", tag = "wholesale", security(("bearer" = [])),
    responses((status = 200, description = "closed"), (status = 403), (status = 404), (status = 409, description = "request_not_open, request_expired")))]
pub async fn close(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<Detail>, ApiError> {
    requests::close(&state.db, &user, id, today_vn()).await?;
    Ok(Json(requests::detail(&state.db, Some(&user), id, today_vn()).await?))
}

/// Documents the body of an offer; numbers may also be sent as text (`"28.000"`).
#[derive(ToSchema)]
#[expect(dead_code, reason = "documentation only")]
pub struct OfferDoc {
    /// The offering shop's slug; optional for someone who works for one shop.
    shop: Option<String>,
    price_per_unit_vnd: i64,
    /// At most what the buyer asked for.
    quantity: i64,
    lead_time_days: i64,
    message: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct OfferBody {
    pub id: i64,
    pub request_id: i64,
    pub shop: String,
    pub status: String,
    pub price_per_unit_vnd: i64,
    pub quantity: i64,
    pub total_vnd: i64,
    pub lead_time_days: i32,
}

/// A shop answers a request (one offer per shop; talk on in the thread).
#[utoipa::path(post, path = "/api/v1/wholesale-requests/{id}/offers", tag = "wholesale", security(("bearer" = [])), request_body = OfferDoc,
    responses((status = 201, body = OfferBody), (status = 404), (status = 409, description = "offer_exists, request_not_open, request_expired"), (status = 422)))]
pub async fn make_offer(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<OfferInput>,
) -> Result<Response, ApiError> {
    let made = offers::make(&state.db, &user, id, &input, today_vn()).await?;
    let slug = <ocop_catalog::entity::shop::Entity as sea_orm::EntityTrait>::find_by_id(made.shop_id)
        .one(&state.db)
        .await?
        .map_or_else(String::new, |s| s.slug);
    let body = OfferBody {
        id: made.id,
        request_id: made.request_id,
        shop: slug,
        status: made.status,
        price_per_unit_vnd: made.price_per_unit_vnd,
        quantity: made.quantity,
        total_vnd: made.price_per_unit_vnd.saturating_mul(made.quantity),
        lead_time_days: made.lead_time_days,
    };
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// The buyer accepts an offer: the request is matched, the other offers declined. Of two
/// accepts at once exactly one succeeds; the other answers 409.
#[utoipa::path(post, path = "/api/v1/wholesale-requests/{id}/offers/{offer}/accept", tag = "wholesale", security(("bearer" = [])),
    responses((status = 200, description = "matched"), (status = 403), (status = 404), (status = 409, description = "request_not_open, request_expired, offer_not_pending")))]
pub async fn accept(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((id, offer)): Path<(i64, i64)>,
) -> Result<Json<Detail>, ApiError> {
    offers::accept(&state.db, &user, id, offer, today_vn()).await?;
    Ok(Json(requests::detail(&state.db, Some(&user), id, today_vn()).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct MessageBody {
    pub body: String,
}

/// Writes in an offer's thread (the buyer or the offering shop).
#[utoipa::path(post, path = "/api/v1/wholesale-requests/{id}/offers/{offer}/messages", tag = "wholesale", security(("bearer" = [])), request_body = MessageBody,
    responses((status = 201, description = "written"), (status = 403), (status = 404), (status = 422)))]
pub async fn write(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((id, offer)): Path<(i64, i64)>,
    ApiJson(body): ApiJson<MessageBody>,
) -> Result<Response, ApiError> {
    let m = offers::post_message(&state.db, &user, id, offer, &body.body).await?;
    Ok((StatusCode::CREATED, Json(serde_json::json!({"id": m.id, "side": m.side, "body": m.body}))).into_response())
}
