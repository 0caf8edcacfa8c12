//! Cart, checkout and orders over the API. The cart belongs to the bearer token's user, or
//! to a guest cookie; checkout needs a signed-in buyer and honours `Idempotency-Key`.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum_extra::extract::cookie::CookieJar;
use ocop_core::{Error, Sku};
use ocop_orders::checkout::{self, Request};
use ocop_orders::queries::{self, Detail};
use ocop_orders::status::Status;
use ocop_orders::transitions::{self, Action};
use ocop_orders::{cart, pickup};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api_json::ApiJson;
use crate::auth::ApiUser;
use crate::error::ApiError;
use crate::guards::{Api, RequireShopStaff};
use crate::routes::Routes;
use crate::shopper;
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::new()
        .route("/cart", get(show_cart))
        .route("/cart/items", post(add_item).patch(set_item))
        .route("/checkout", post(place))
        .route("/orders", get(my_orders))
        .route("/orders/{code}", get(order))
        .route("/orders/{code}/payment", get(payment))
        .route("/pickup-points", get(pickup_points))
        .route("/shops/{shop}/orders", get(shop_orders))
        .route("/shops/{shop}/orders/{id}/status", post(change_status))
}

#[derive(Deserialize, ToSchema)]
pub struct ItemBody {
    pub sku: String,
    /// Needed only when two shops use the same SKU.
    #[serde(default)]
    pub shop: Option<String>,
    pub quantity: i64,
    /// Bought through this running fair (its fair price applies); the shop must have a booth there.
    #[serde(default)]
    pub fair_id: Option<i64>,
}

/// The cart grouped by shop, with subtotals, a shipping quote per shop, and any line that
/// cannot be ordered as it stands (with the reason).
#[utoipa::path(get, path = "/api/v1/cart", tag = "orders", responses((status = 200, description = "the cart")))]
pub async fn show_cart(
    State(state): State<AppState>,
    user: Option<ApiUser>,
    jar: CookieJar,
) -> Result<Json<cart::View>, ApiError> {
    let user = user.map(|u| u.0);
    let view = match shopper::owner(user.as_ref(), &jar) {
        Some(owner) => cart::view(&state.db, &owner, None).await?,
        None => cart::View::default(),
    };
    Ok(Json(view))
}

/// Adds to the cart; a guest gets a cart cookie.
#[utoipa::path(post, path = "/api/v1/cart/items", tag = "orders", request_body = ItemBody,
    responses((status = 201, description = "added; the cart"), (status = 404), (status = 409, description = "cannot be bought now"), (status = 422)))]
pub async fn add_item(
    State(state): State<AppState>,
    user: Option<ApiUser>,
    jar: CookieJar,
    ApiJson(body): ApiJson<ItemBody>,
) -> Result<Response, ApiError> {
    let user = user.map(|u| u.0);
    let (owner, jar) = shopper::owner_or_new(&state, user.as_ref(), jar);
    let variant = cart::resolve_sku(&state.db, &Sku::parse(&body.sku)?, body.shop.as_deref()).await?;
    cart::add(&state.db, &owner, variant, body.quantity, body.fair_id).await?;
    let view = cart::view(&state.db, &owner, None).await?;
    Ok((StatusCode::CREATED, jar, Json(view)).into_response())
}

/// Sets a line's quantity; 0 removes it.
#[utoipa::path(patch, path = "/api/v1/cart/items", tag = "orders", request_body = ItemBody,
    responses((status = 200, description = "the cart"), (status = 404), (status = 422)))]
pub async fn set_item(
    State(state): State<AppState>,
    user: Option<ApiUser>,
    jar: CookieJar,
    ApiJson(body): ApiJson<ItemBody>,
) -> Result<Json<cart::View>, ApiError> {
    let user = user.map(|u| u.0);
    let owner = shopper::owner(user.as_ref(), &jar).ok_or(Error::NotFound { what: "giỏ hàng" })?;
    if body.quantity < 0 {
        return Err(Error::invalid("quantity", "Số lượng từ 0 trở lên").into());
    }
    let variant = cart::resolve_sku(&state.db, &Sku::parse(&body.sku)?, body.shop.as_deref()).await?;
    cart::set_quantity(&state.db, &owner, variant, body.quantity).await?;
    Ok(Json(cart::view(&state.db, &owner, None).await?))
}

#[derive(Serialize, ToSchema)]
pub struct LineBody {
    pub sku: String,
    pub name: String,
    pub variant: String,
    pub unit_price_vnd: i64,
    pub quantity: i32,
    pub line_total_vnd: i64,
}

#[derive(Serialize, ToSchema)]
pub struct EventBody {
    pub status: String,
    pub note: String,
    pub at: chrono::DateTime<chrono::Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct ShopOrderBody {
    pub id: i64,
    pub shop: String,
    pub shop_name: String,
    pub status: String,
    pub subtotal_vnd: i64,
    pub shipping_vnd: i64,
    /// What vouchers took off this shop's goods and shipping.
    pub discount_vnd: i64,
    /// What the buyer pays for this part: subtotal + shipping − discount.
    pub total_vnd: i64,
    pub carrier: Option<String>,
    pub tracking_code: Option<String>,
    /// The fair it was bought through, if any.
    pub fair: Option<FairRef>,
    pub lines: Vec<LineBody>,
    pub timeline: Vec<EventBody>,
}

#[derive(Serialize, ToSchema)]
pub struct FairRef {
    pub name: String,
    pub slug: String,
}

#[derive(Serialize, ToSchema)]
pub struct OrderBody {
    pub code: String,
    pub payment_method: String,
    pub payment_status: String,
    pub subtotal_vnd: i64,
    pub shipping_vnd: i64,
    /// What vouchers took off, in all.
    pub discount_vnd: i64,
    pub total_vnd: i64,
    pub pay_by: Option<chrono::DateTime<chrono::Utc>>,
    pub recipient: String,
    pub province: String,
    pub pickup_point: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub shop_orders: Vec<ShopOrderBody>,
}

impl From<Detail> for OrderBody {
    fn from(d: Detail) -> Self {
        Self {
            code: d.order.code,
            payment_method: d.order.payment_method,
            payment_status: d.order.payment_status,
            subtotal_vnd: d.order.subtotal_vnd,
            shipping_vnd: d.order.shipping_vnd,
            discount_vnd: d.order.discount_vnd,
            total_vnd: d.order.total_vnd,
            pay_by: d.order.pay_by,
            recipient: d.order.recipient,
            province: d.order.province_code,
            pickup_point: d.pickup.map(|p| p.slug),
            created_at: d.order.created_at,
            shop_orders: d
                .parts
                .into_iter()
                .map(|p| ShopOrderBody {
                    id: p.shop_order.id,
                    shop: p.shop_slug,
                    shop_name: p.shop_name,
                    status: p.shop_order.status,
                    subtotal_vnd: p.shop_order.subtotal_vnd,
                    shipping_vnd: p.shop_order.shipping_vnd,
                    discount_vnd: p.shop_order.goods_discount_vnd + p.shop_order.shipping_discount_vnd,
                    total_vnd: p.shop_order.total_vnd,
                    carrier: p.shop_order.carrier,
                    tracking_code: p.shop_order.tracking_code,
                    fair: p.fair.map(|(name, slug)| FairRef { name, slug }),
                    lines: p
                        .lines
                        .into_iter()
                        .map(|l| LineBody {
                            sku: l.sku,
                            name: l.product_name,
                            variant: l.variant_label,
                            unit_price_vnd: l.unit_price_vnd,
                            quantity: l.quantity,
                            line_total_vnd: l.line_total_vnd,
                        })
                        .collect(),
                    timeline: p
                        .timeline
                        .into_iter()
                        .map(|e| EventBody { status: e.status, note: e.note, at: e.at })
                        .collect(),
                })
                .collect(),
        }
    }
}

fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>, Error> {
    match headers.get("idempotency-key") {
        None => Ok(None),
        Some(v) => v
            .to_str()
            .map(|s| Some(s.to_owned()))
            .map_err(|_| Error::invalid("idempotency_key", "Idempotency-Key phải là ASCII")),
    }
}

/// Places the order for the caller's cart. Only the payment method and the address (or
/// pickup point) are read from the body; every price is the server's. The same
/// `Idempotency-Key` again answers with the same order (200, `Idempotent-Replayed: true`).
#[utoipa::path(post, path = "/api/v1/checkout", tag = "orders", security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "makes a retry return the same order")),
    responses((status = 201, body = OrderBody), (status = 200, body = OrderBody, description = "replayed"),
        (status = 409, description = "out_of_stock naming the SKU, price_changed, idempotency_key_reused"), (status = 422)))]
pub async fn place(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    headers: HeaderMap,
    ApiJson(request): ApiJson<Request>,
) -> Result<Response, ApiError> {
    let key = idempotency_key(&headers)?;
    let settings = shopper::checkout_settings(&state);
    let placed = checkout::place(&state.db, &user, &request, key.as_deref(), &settings).await?;
    let detail = queries::by_code(&state.db, &user, &placed.order.code).await?;
    let body = Json(OrderBody::from(detail));
    Ok(if placed.created {
        (StatusCode::CREATED, body).into_response()
    } else {
        let mut response = (StatusCode::OK, body).into_response();
        response.headers_mut().insert("idempotent-replayed", HeaderValue::from_static("true"));
        response
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PageQuery {
    page: u64,
    status: String,
}

/// The caller's orders, newest first, 20 a page.
#[utoipa::path(get, path = "/api/v1/orders", tag = "orders", security(("bearer" = [])), responses((status = 200, body = [OrderBody])))]
pub async fn my_orders(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Query(q): Query<PageQuery>,
) -> Result<Json<Vec<OrderBody>>, ApiError> {
    let orders = queries::of_buyer(&state.db, user.id, q.page.max(1), 20).await?;
    Ok(Json(orders.into_iter().map(OrderBody::from).collect()))
}

/// One order with each shop's part and timeline; another buyer's order is 404.
#[utoipa::path(get, path = "/api/v1/orders/{code}", tag = "orders", security(("bearer" = [])), responses((status = 200, body = OrderBody), (status = 404)))]
pub async fn order(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(code): Path<String>,
) -> Result<Json<OrderBody>, ApiError> {
    Ok(Json(queries::by_code(&state.db, &user, &code).await?.into()))
}

/// What the buyer needs to pay: for VietQR `{"method":"vietqr","payload":"000201…","amount_vnd",…}`
/// (with the QR as SVG, the account and the amount in words); 409 when the order is not
/// waiting for payment.
#[utoipa::path(get, path = "/api/v1/orders/{code}/payment", tag = "orders", security(("bearer" = [])),
    responses((status = 200, description = "the payment instruction"), (status = 404), (status = 409),
        (status = 502, description = "the provider (MoMo, Stripe) did not answer")))]
pub async fn payment(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    axum::extract::ConnectInfo(peer): axum::extract::ConnectInfo<std::net::SocketAddr>,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Result<Json<ocop_payments::Instruction>, ApiError> {
    let detail = queries::by_code(&state.db, &user, &code).await?;
    let ip = crate::auth::client_ip(&state, &headers, peer);
    Ok(Json(shopper::payment_instruction(&state, &detail.order, &ip).await?))
}

#[derive(Serialize, ToSchema)]
pub struct PickupBody {
    pub slug: String,
    pub name: String,
    pub province: String,
    pub address: String,
    pub opening_hours: String,
}

/// Open pickup points.
#[utoipa::path(get, path = "/api/v1/pickup-points", tag = "orders", responses((status = 200, body = [PickupBody])))]
pub async fn pickup_points(State(state): State<AppState>) -> Result<Json<Vec<PickupBody>>, ApiError> {
    let points = pickup::active(&state.db).await?;
    Ok(Json(
        points
            .into_iter()
            .map(|p| PickupBody {
                slug: p.slug,
                name: p.name,
                province: p.province_code,
                address: p.address,
                opening_hours: p.opening_hours,
            })
            .collect(),
    ))
}

#[derive(Serialize, ToSchema)]
pub struct ShopOrderRow {
    pub id: i64,
    pub code: String,
    pub status: String,
    pub total_vnd: i64,
    pub item_count: i64,
    pub recipient: String,
    pub province: String,
    pub payment_method: String,
    pub placed_at: chrono::DateTime<chrono::Utc>,
}

/// A shop's orders (members and admins only), newest first, optionally of one status.
#[utoipa::path(get, path = "/api/v1/shops/{shop}/orders", tag = "orders", security(("bearer" = [])),
    params(("shop" = String, Path, description = "the shop's slug")),
    responses((status = 200, body = [ShopOrderRow]), (status = 404, description = "unknown shop, or not yours")))]
pub async fn shop_orders(
    State(state): State<AppState>,
    RequireShopStaff { shop, .. }: RequireShopStaff<Api>,
    Query(q): Query<PageQuery>,
) -> Result<Json<Vec<ShopOrderRow>>, ApiError> {
    let shop_id = shop.id;
    let status = match q.status.trim() {
        "" => None,
        raw => Some(Status::parse(raw).ok_or_else(|| Error::invalid("status", "Trạng thái không hợp lệ"))?),
    };
    let (rows, _) = queries::of_shop(&state.db, shop_id, status, q.page.max(1), 50).await?;
    Ok(Json(
        rows.into_iter()
            .map(|r| ShopOrderRow {
                id: r.shop_order.id,
                code: r.code,
                status: r.shop_order.status,
                total_vnd: r.shop_order.total_vnd,
                item_count: r.item_count,
                recipient: r.recipient,
                province: r.province_code,
                payment_method: r.payment_method,
                placed_at: r.placed_at,
            })
            .collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct StatusBody {
    /// packed, shipped, delivered or cancelled.
    pub status: String,
    #[serde(default)]
    pub carrier: String,
    #[serde(default)]
    pub tracking_code: String,
    #[serde(default)]
    pub reason: String,
}

/// Moves one of the shop's orders a step; no skipping, no going back.
#[utoipa::path(post, path = "/api/v1/shops/{shop}/orders/{id}/status", tag = "orders", security(("bearer" = [])), request_body = StatusBody,
    responses((status = 200, description = "moved"), (status = 404), (status = 409, description = "invalid_transition"), (status = 422)))]
pub async fn change_status(
    State(state): State<AppState>,
    RequireShopStaff { user, shop, .. }: RequireShopStaff<Api>,
    Path((_shop, id)): Path<(String, i64)>,
    ApiJson(body): ApiJson<StatusBody>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let shop_id = shop.id;
    queries::for_shop(&state.db, shop_id, id).await?;
    let action = Action::parse(&body.status, &body.carrier, &body.tracking_code, &body.reason)?;
    let moved = transitions::act(&state.db, &user, id, action).await?;
    Ok(Json(serde_json::json!({ "id": moved.id, "status": moved.status })))
}
