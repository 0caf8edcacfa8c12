//! Booth and point-of-sale selling over the API: a shop's staff device sends each sale with
//! its own id, as often as its connection needs; the first copy is recorded, a repeat is
//! answered with it.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use ocop_orders::queries;
use ocop_pos::{Recorded, SaleInput};

use super::ApiJson;
use crate::auth::ApiUser;
use crate::error::ApiError;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/shops/{shop}/pos/sales", post(record).get(recent))
}

/// The answer for a recorded sale: 201 the first time, 200 with `Idempotent-Replayed: true`
/// after.
pub fn recorded_response(recorded: &Recorded) -> Response {
    let (status, replayed) = match recorded {
        Recorded::New(_) => (StatusCode::CREATED, false),
        Recorded::Replayed(_) => (StatusCode::OK, true),
    };
    let mut response = (status, Json(recorded.sale())).into_response();
    if replayed {
        response.headers_mut().insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    response
}

/// `POST /api/v1/shops/{shop}/pos/sales`.
#[utoipa::path(post, path = "/api/v1/shops/{shop}/pos/sales", tag = "pos", security(("bearer" = [])),
    responses((status = 201, description = "recorded"), (status = 200, description = "this client_sale_id was recorded before: the first copy"),
        (status = 409, description = "out_of_stock: nothing recorded"), (status = 422), (status = 404)))]
pub async fn record(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(shop): Path<String>,
    ApiJson(input): ApiJson<SaleInput>,
) -> Result<Response, ApiError> {
    let shop = queries::staff_shop(&state.db, &user, &shop).await?;
    let recorded = ocop_pos::record(&state.db, &user, &shop, &input).await?;
    Ok(recorded_response(&recorded))
}

/// `GET /api/v1/shops/{shop}/pos/sales`: the latest 100.
#[utoipa::path(get, path = "/api/v1/shops/{shop}/pos/sales", tag = "pos", security(("bearer" = [])),
    responses((status = 200, description = "the shop's latest booth sales"), (status = 404)))]
pub async fn recent(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(shop): Path<String>,
) -> Result<Json<Vec<ocop_pos::entity::pos_sale::Model>>, ApiError> {
    let shop = queries::staff_shop(&state.db, &user, &shop).await?;
    Ok(Json(ocop_pos::sale::of_shop(&state.db, shop.id, 100).await?))
}
