//! Booth and point-of-sale selling over the API: a shop's staff device sends each sale with
//! its own id, as often as its connection needs; the first copy is recorded, a repeat is
//! answered with it.

use axum::Json;
use axum::extract::State;
use axum::response::Response;
use axum::routing::post;
use ocop_core::Error;
use ocop_orders::queries;
use ocop_pos::SaleInput;

use crate::api_json::{ApiJson, recorded_response};
use crate::auth::ApiUser;
use crate::error::ApiError;
use crate::guards::{Api, RequireShopStaff};
use crate::routes::Routes;
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::new().route("/shops/{shop}/pos/sales", post(record).get(recent)).route("/pos/sales", post(record_any))
}

/// `POST /api/v1/shops/{shop}/pos/sales`.
#[utoipa::path(post, path = "/api/v1/shops/{shop}/pos/sales", tag = "pos", security(("bearer" = [])),
    params(("shop" = String, Path, description = "the shop's slug")),
    responses((status = 201, description = "recorded"), (status = 200, description = "this client_sale_id was recorded before: the first copy"),
        (status = 409, description = "out_of_stock: nothing recorded"), (status = 422), (status = 404)))]
pub async fn record(
    State(state): State<AppState>,
    RequireShopStaff { user, shop, .. }: RequireShopStaff<Api>,
    ApiJson(input): ApiJson<SaleInput>,
) -> Result<Response, ApiError> {
    let recorded = ocop_pos::record(&state.db, &user, &shop, &input).await?;
    Ok(recorded_response(&recorded))
}

/// `GET /api/v1/shops/{shop}/pos/sales`: the latest 100.
#[utoipa::path(get, path = "/api/v1/shops/{shop}/pos/sales", tag = "pos", security(("bearer" = [])),
    params(("shop" = String, Path, description = "the shop's slug")),
    responses((status = 200, description = "the shop's latest booth sales"), (status = 404)))]
pub async fn recent(
    State(state): State<AppState>,
    RequireShopStaff { shop, .. }: RequireShopStaff<Api>,
) -> Result<Json<Vec<ocop_pos::entity::pos_sale::Model>>, ApiError> {
    Ok(Json(ocop_pos::sale::of_shop(&state.db, shop.id, 100).await?))
}

/// A booth sale as `POST /api/v1/pos/sales` takes it: the shop from the body, or the
/// seller's own shop (the one with a booth at `fair`, or the only one they work for).
#[derive(Debug, serde::Deserialize)]
pub struct SaleBody {
    #[serde(default)]
    shop: Option<String>,
    /// The fair's slug (or id) when sold at its booth.
    #[serde(default)]
    fair: Option<String>,
    /// Where, when not at a fair ("Sun World Hạ Long").
    #[serde(default)]
    point_of_sale: Option<String>,
    #[serde(flatten)]
    sale: SaleInput,
}

/// `POST /api/v1/pos/sales`: as the per-shop route, with the shop worked out.
#[utoipa::path(post, path = "/api/v1/pos/sales", tag = "pos", security(("bearer" = [])),
    responses((status = 201, description = "recorded"), (status = 200, description = "this client_sale_id was recorded before: the first copy"),
        (status = 409, description = "out_of_stock or fair_not_live: nothing recorded"), (status = 422, description = "names the field (shop, fair, lines, …)")))]
pub async fn record_any(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(body): ApiJson<SaleBody>,
) -> Result<Response, ApiError> {
    let db = &state.db;
    let fair = match body.fair.as_deref().map(str::trim).filter(|f| !f.is_empty()) {
        None => None,
        Some(f) => Some(
            match f.parse::<i64>() {
                Ok(id) => ocop_fairs::fair::by_id(db, id).await,
                Err(_) => ocop_fairs::fair::by_slug(db, f).await,
            }
            .map_err(|_| Error::invalid("fair", "Không có hội chợ này"))?,
        ),
    };
    let shop = match body.shop.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(slug) => queries::staff_shop(db, &user, slug).await?,
        None => {
            let mine = ocop_catalog::shops::mine(db, user.id).await?;
            let mut at_fair = Vec::new();
            if let Some(fair) = &fair {
                for s in &mine {
                    if ocop_fairs::booths::of_shop(db, fair.id, s.id).await?.is_some_and(|b| b.status == "accepted") {
                        at_fair.push(s.clone());
                    }
                }
            }
            let candidates = if at_fair.is_empty() { mine } else { at_fair };
            match <[_; 1]>::try_from(candidates) {
                Ok([only]) => only,
                Err(_) => return Err(Error::invalid("shop", "Ghi rõ gian hàng (shop) bán giao dịch này").into()),
            }
        }
    };
    let mut input = body.sale;
    input.fair_id = fair.as_ref().map(|f| f.id).or(input.fair_id);
    if input.place.trim().is_empty() {
        input.place = match (&fair, body.point_of_sale) {
            (_, Some(point)) if !point.trim().is_empty() => point,
            (Some(f), _) => match ocop_fairs::booths::of_shop(db, f.id, shop.id).await?.and_then(|b| b.booth_number) {
                Some(n) => format!("Gian {n} · {}", f.name),
                None => f.name.clone(),
            },
            _ => String::new(),
        };
    }
    let recorded = ocop_pos::record(db, &user, &shop, &input).await?;
    Ok(recorded_response(&recorded))
}
