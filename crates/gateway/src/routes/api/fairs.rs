//! Fairs over the API: the list and one fair with its booths (public), creating one and
//! deciding applications (organisers), applying for a booth and setting fair prices (the
//! shop's owner).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use chrono::Utc;
use ocop_core::Sku;
use ocop_fairs::booths::{self, Booth, Decision};
use ocop_fairs::entity::fair_booth;
use ocop_fairs::{FairInput, fair as fairs, prices};
use ocop_orders::queries;
use serde::{Deserialize, Serialize};

use crate::api_json::ApiJson;
use crate::auth::ApiUser;
use crate::error::ApiError;
use crate::routes::Routes;
use crate::state::AppState;
use crate::views::fairs::{FairCard, card};

pub fn routes() -> Routes {
    Routes::new()
        .route("/fairs", get(list).post(create))
        .route("/fairs/{slug}", get(show).put(update))
        .route("/fairs/{slug}/booths", post(apply))
        .route("/fairs/{slug}/booths/{id}/decision", post(decide))
        .route("/fairs/{slug}/prices", put(set_price))
}

/// `GET /api/v1/fairs`: every fair, newest first, with its phase and booth count.
#[utoipa::path(get, path = "/api/v1/fairs", tag = "fairs", responses((status = 200, description = "fairs")))]
pub async fn list(State(state): State<AppState>) -> Result<Json<Vec<FairCard>>, ApiError> {
    let mut out = Vec::new();
    for fair in fairs::all(&state.db).await? {
        out.push(card(&state.db, fair).await?);
    }
    Ok(Json(out))
}

/// `POST /api/v1/fairs` (admins; coordinators for their provinces).
#[utoipa::path(post, path = "/api/v1/fairs", tag = "fairs", security(("bearer" = [])),
    responses((status = 201, description = "created"), (status = 403), (status = 422, description = "names each bad field")))]
pub async fn create(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(input): ApiJson<FairInput>,
) -> Result<Response, ApiError> {
    let fair = fairs::create(&state.db, &user.actor(), &input).await?;
    Ok((StatusCode::CREATED, Json(card(&state.db, fair).await?)).into_response())
}

#[derive(Serialize)]
pub struct FairDetail {
    #[serde(flatten)]
    fair: FairCard,
    booths: Vec<Booth>,
}

/// `GET /api/v1/fairs/{slug}`: the fair and its accepted booths by number.
#[utoipa::path(get, path = "/api/v1/fairs/{slug}", tag = "fairs", responses((status = 200, description = "the fair"), (status = 404)))]
pub async fn show(State(state): State<AppState>, Path(slug): Path<String>) -> Result<Json<FairDetail>, ApiError> {
    let fair = fairs::by_slug(&state.db, &slug).await?;
    let booths = booths::accepted(&state.db, fair.id).await?;
    Ok(Json(FairDetail { fair: card(&state.db, fair).await?, booths }))
}

/// `PUT /api/v1/fairs/{slug}`: the fair's details, as for creating (its slug stays).
#[utoipa::path(put, path = "/api/v1/fairs/{slug}", tag = "fairs", security(("bearer" = [])),
    responses((status = 200, description = "updated"), (status = 403), (status = 404), (status = 422, description = "names each bad field")))]
pub async fn update(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(slug): Path<String>,
    ApiJson(input): ApiJson<FairInput>,
) -> Result<Json<FairCard>, ApiError> {
    let fair = fairs::by_slug(&state.db, &slug).await?;
    let updated = fairs::update(&state.db, &user.actor(), &fair, &input).await?;
    Ok(Json(card(&state.db, updated).await?))
}

#[derive(Debug, Deserialize)]
pub struct ApplyBody {
    /// The applying shop's slug.
    shop: String,
    #[serde(default)]
    note: String,
}

/// `POST /api/v1/fairs/{slug}/booths`: the shop's owner applies for a booth.
#[utoipa::path(post, path = "/api/v1/fairs/{slug}/booths", tag = "fairs", security(("bearer" = [])),
    responses((status = 201, description = "applied"), (status = 409, description = "already_applied, not_invited, fair_ended, shop_not_verified"), (status = 403), (status = 404)))]
pub async fn apply(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(slug): Path<String>,
    ApiJson(body): ApiJson<ApplyBody>,
) -> Result<(StatusCode, Json<fair_booth::Model>), ApiError> {
    let shop = queries::owned_shop(&state.db, &user, &body.shop).await?;
    let fair = fairs::by_slug(&state.db, &slug).await?;
    let booth = booths::apply(&state.db, &fair, &shop, &body.note, Utc::now()).await?;
    Ok((StatusCode::CREATED, Json(booth)))
}

#[derive(Debug, Deserialize)]
pub struct DecisionBody {
    accept: bool,
    /// Where to place it; the lowest free number when absent.
    #[serde(default)]
    booth_number: Option<i32>,
    #[serde(default)]
    note: String,
}

/// `POST /api/v1/fairs/{slug}/booths/{id}/decision` (the fair's organisers).
#[utoipa::path(post, path = "/api/v1/fairs/{slug}/booths/{id}/decision", tag = "fairs", security(("bearer" = [])),
    responses((status = 200, description = "decided"), (status = 409, description = "booth_taken, fair_full, invalid_transition"), (status = 422), (status = 403), (status = 404)))]
pub async fn decide(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((slug, id)): Path<(String, i64)>,
    ApiJson(body): ApiJson<DecisionBody>,
) -> Result<Json<fair_booth::Model>, ApiError> {
    let fair = fairs::by_slug(&state.db, &slug).await?;
    let decision = if body.accept { Decision::Accept { number: body.booth_number } } else { Decision::Reject };
    Ok(Json(booths::decide(&state.db, &user.actor(), &fair, id, &decision, &body.note).await?))
}

#[derive(Debug, Deserialize)]
pub struct PriceBody {
    shop: String,
    sku: String,
    /// The fair price in đồng; `null` clears it.
    price_vnd: Option<i64>,
}

/// `PUT /api/v1/fairs/{slug}/prices`: a fair price for one of the shop's products (the
/// shop's owner or the fair's organisers).
#[utoipa::path(put, path = "/api/v1/fairs/{slug}/prices", tag = "fairs", security(("bearer" = [])),
    responses((status = 204, description = "set"), (status = 409, description = "no_booth, fair_ended"), (status = 422), (status = 403), (status = 404)))]
pub async fn set_price(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(slug): Path<String>,
    ApiJson(body): ApiJson<PriceBody>,
) -> Result<StatusCode, ApiError> {
    let fair = fairs::by_slug(&state.db, &slug).await?;
    let shop = ocop_catalog::shops::by_slug(&state.db, &body.shop).await?;
    prices::set(&state.db, &user, &fair, &shop, &Sku::parse(&body.sku)?, body.price_vnd).await?;
    Ok(StatusCode::NO_CONTENT)
}
