//! Products over the API: the public live listing, a shop's own products (others' shops
//! answer 404), and moderation for admins and coordinators.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use ocop_catalog::entity::{product, variant};
use ocop_catalog::input::ProductInput;
use ocop_catalog::products::{self, Listing, VariantChange};
use ocop_catalog::storefront::{self, Found};
use ocop_catalog::{import, shops};
use ocop_core::{Error, Sku};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api_json::ApiJson;
use crate::auth::ApiUser;
use crate::error::ApiError;
use crate::forms::read_multipart;
use crate::guards::{Api, RequireModerator};
use crate::routes::Routes;
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::new()
        .route("/products/{slug}", get(live_product))
        .route("/shops", post(apply))
        .route("/shops/{shop}/products", get(shop_products).post(create))
        .route("/shops/{shop}/products/{sku}", get(shop_product).patch(patch))
        .route("/shops/{shop}/products/{sku}/submit", post(submit))
        .route(
            "/shops/{shop}/products/{sku}/images",
            post(upload_image).layer(axum::extract::DefaultBodyLimit::max(crate::forms::UPLOAD_LIMIT_BYTES)),
        )
        .route(
            "/shops/{shop}/import",
            post(import_products).layer(axum::extract::DefaultBodyLimit::max(crate::forms::UPLOAD_LIMIT_BYTES)),
        )
        .route("/admin/moderation", get(queue))
        .route("/admin/products/{id}/approve", post(approve))
        .route("/admin/products/{id}/reject", post(reject))
        .route("/admin/shops/{id}/verify", post(verify_shop))
        .route("/admin/shops/{id}/reject", post(reject_shop))
}

#[derive(Serialize, ToSchema)]
pub struct VariantBody {
    pub sku: String,
    pub label: String,
    pub price_vnd: i64,
    pub compare_at_vnd: Option<i64>,
    pub stock: i64,
    pub in_stock: bool,
    pub weight_grams: i32,
    pub unit: String,
}

impl From<variant::Model> for VariantBody {
    fn from(v: variant::Model) -> Self {
        Self {
            in_stock: v.stock > 0,
            sku: v.sku,
            label: v.label,
            price_vnd: v.price_vnd,
            compare_at_vnd: v.compare_at_vnd,
            stock: v.stock,
            weight_grams: v.weight_grams,
            unit: v.unit,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ProductBody {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub category: String,
    pub province: String,
    /// draft, submitted, approved or rejected.
    pub status: String,
    pub live: bool,
    pub rejection_reason: Option<String>,
    /// Content waiting for review while the approved version stays live.
    #[schema(value_type = Option<Object>)]
    pub pending: Option<serde_json::Value>,
    pub price_includes_vat: bool,
    pub price_includes_shipping: bool,
    pub perishable: bool,
    pub variants: Vec<VariantBody>,
}

fn body(listing: Listing) -> ProductBody {
    let p: product::Model = listing.product;
    ProductBody {
        id: p.id,
        slug: p.slug,
        name: p.name,
        description: p.description,
        category: p.category,
        province: p.province_code,
        status: p.status,
        live: p.live,
        rejection_reason: p.rejection_reason,
        pending: p.pending,
        price_includes_vat: p.price_includes_vat,
        price_includes_shipping: p.price_includes_shipping,
        perishable: p.perishable,
        variants: listing.variants.into_iter().map(VariantBody::from).collect(),
    }
}

#[derive(Serialize, ToSchema)]
pub struct LiveShop {
    pub slug: String,
    pub name: String,
    pub province: String,
    pub on_vacation: bool,
}

#[derive(Serialize, ToSchema)]
pub struct LiveCertificate {
    pub ocop_stars: i16,
    pub decision_number: String,
    pub decision_date: String,
    pub authority: String,
    pub valid_until: String,
}

#[derive(Serialize, ToSchema)]
pub struct LiveProduct {
    #[serde(flatten)]
    pub product: ProductBody,
    pub shop: LiveShop,
    /// Present only while the certificate is verified and within its 36 months.
    pub certificate: Option<LiveCertificate>,
}

/// A live listing with variants, stock, shop and certificate. An old slug answers 301.
#[utoipa::path(get, path = "/api/v1/products/{slug}", tag = "catalog",
    responses((status = 200, body = LiveProduct), (status = 301, description = "renamed"), (status = 404)))]
pub async fn live_product(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<axum::response::Response, ApiError> {
    use axum::response::IntoResponse;
    match storefront::product(&state.db, &slug).await? {
        Found::MovedTo(new_slug) => {
            Ok(axum::response::Redirect::permanent(&format!("/api/v1/products/{new_slug}")).into_response())
        }
        Found::Page(page) => {
            let page = *page;
            let shop = LiveShop {
                slug: page.shop.slug.clone(),
                name: page.shop.name.clone(),
                province: page.shop.province_code.clone(),
                on_vacation: page.shop.on_vacation,
            };
            let certificate = page.certificate.map(|c| LiveCertificate {
                ocop_stars: c.stars,
                decision_number: c.decision_number,
                decision_date: c.decision_date.to_string(),
                authority: c.authority,
                valid_until: c.expires_on.to_string(),
            });
            let product = body(Listing { product: page.product, variants: page.variants });
            Ok(Json(LiveProduct { product, shop, certificate }).into_response())
        }
    }
}

/// A producer applies to sell; the shop waits for verification.
#[utoipa::path(post, path = "/api/v1/shops", tag = "catalog", security(("bearer" = [])),
    responses((status = 201, description = "applied, pending verification"), (status = 409), (status = 422)))]
pub async fn apply(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(app): ApiJson<shops::Application>,
) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    let shop = shops::apply(&state.db, &user, &app).await?;
    Ok((StatusCode::CREATED, Json(serde_json::json!({"slug": shop.slug, "name": shop.name, "status": shop.status}))))
}

/// Every product of a shop the caller works for.
#[utoipa::path(get, path = "/api/v1/shops/{shop}/products", tag = "catalog", security(("bearer" = [])),
    responses((status = 200, body = [ProductBody]), (status = 404, description = "unknown shop, or not yours")))]
pub async fn shop_products(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(shop): Path<String>,
) -> Result<Json<Vec<ProductBody>>, ApiError> {
    Ok(Json(products::of_shop(&state.db, &user, &shop).await?.into_iter().map(body).collect()))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CreateQuery {
    /// `?draft=true` keeps a draft instead of sending it to moderation.
    pub draft: bool,
}

/// Creates a product with its variants in a shop the caller works for. Prices are whole
/// đồng; a duplicate SKU in the shop is 409.
#[utoipa::path(post, path = "/api/v1/shops/{shop}/products", tag = "catalog", security(("bearer" = [])),
    responses((status = 201, body = ProductBody), (status = 404), (status = 409), (status = 422)))]
pub async fn create(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(shop): Path<String>,
    axum::extract::Query(q): axum::extract::Query<CreateQuery>,
    ApiJson(new): ApiJson<ProductInput>,
) -> Result<(StatusCode, Json<ProductBody>), ApiError> {
    let listing = products::create(&state.db, &user, &shop, &new, !q.draft).await?;
    Ok((StatusCode::CREATED, Json(body(listing))))
}

/// One product of a shop the caller works for, by any of its SKUs.
#[utoipa::path(get, path = "/api/v1/shops/{shop}/products/{sku}", tag = "catalog", security(("bearer" = [])),
    responses((status = 200, body = ProductBody), (status = 404), (status = 422, description = "not a SKU")))]
pub async fn shop_product(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((shop, sku)): Path<(String, String)>,
) -> Result<Json<ProductBody>, ApiError> {
    Ok(Json(body(products::by_sku(&state.db, &user, &shop, &Sku::parse(&sku)?).await?)))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default, deny_unknown_fields)]
pub struct ProductPatch {
    /// This SKU's price: live at once.
    pub price_vnd: Option<i64>,
    #[schema(value_type = Option<i64>)]
    pub compare_at_vnd: Option<Option<i64>>,
    /// This SKU's stock: live at once.
    pub stock: Option<i64>,
    /// New content: reviewed before it replaces the live version.
    #[schema(value_type = Option<Object>)]
    pub content: Option<ProductInput>,
}

/// Changes price and stock (live at once) and/or content (reviewed first).
#[utoipa::path(patch, path = "/api/v1/shops/{shop}/products/{sku}", tag = "catalog", security(("bearer" = [])),
    responses((status = 200, body = ProductBody), (status = 404), (status = 422)))]
pub async fn patch(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((shop, sku)): Path<(String, String)>,
    ApiJson(change): ApiJson<ProductPatch>,
) -> Result<Json<ProductBody>, ApiError> {
    let sku = Sku::parse(&sku)?;
    let mut listing = products::by_sku(&state.db, &user, &shop, &sku).await?;
    if change.price_vnd.is_some() || change.stock.is_some() || change.compare_at_vnd.is_some() {
        let variant_change =
            VariantChange { price_vnd: change.price_vnd, compare_at_vnd: change.compare_at_vnd, stock: change.stock };
        listing = products::change_variant(&state.db, &user, &shop, &sku, &variant_change).await?;
    }
    if let Some(content) = &change.content {
        listing = products::edit(&state.db, &user, &shop, &sku, content).await?;
    }
    Ok(Json(body(listing)))
}

/// Sends a draft or rejected product to moderation.
#[utoipa::path(post, path = "/api/v1/shops/{shop}/products/{sku}/submit", tag = "catalog", security(("bearer" = [])),
    responses((status = 200, body = ProductBody), (status = 404), (status = 422, description = "not a SKU")))]
pub async fn submit(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((shop, sku)): Path<(String, String)>,
) -> Result<Json<ProductBody>, ApiError> {
    Ok(Json(body(products::submit(&state.db, &user, &shop, &Sku::parse(&sku)?).await?)))
}

/// Imports a CSV or JSON Lines body (up to 16 MiB; 413 says how to split a larger file)
/// into a shop the caller works for. All-or-nothing: 422 with the row-by-row report when
/// any row is bad.
#[utoipa::path(post, path = "/api/v1/shops/{shop}/import", tag = "catalog", security(("bearer" = [])),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 200, description = "the report"), (status = 413, description = "over 16 MiB: the message says how to split"), (status = 422, description = "the report, nothing written")))]
pub async fn import_products(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(shop): Path<String>,
    bytes: axum::body::Bytes,
) -> Result<(StatusCode, Json<import::Report>), ApiError> {
    let options = import::Options { shop: Some(shop), approve: false, create_shops: false };
    let report = import::run(&state.db, &user, &bytes, &options).await?;
    let status = if report.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok((status, Json(report)))
}

/// Products waiting for review, oldest first.
#[utoipa::path(get, path = "/api/v1/admin/moderation", tag = "moderation", security(("bearer" = [])),
    responses((status = 200, body = [ProductBody]), (status = 403)))]
pub async fn queue(
    State(state): State<AppState>,
    _moderator: RequireModerator<Api>,
) -> Result<Json<Vec<ProductBody>>, ApiError> {
    let waiting = products::queue(&state.db).await?;
    let mut out = Vec::with_capacity(waiting.len());
    for p in waiting {
        out.push(body(products::get(&state.db, p.id).await?));
    }
    Ok(Json(out))
}

/// Approves a submission: it goes live.
#[utoipa::path(post, path = "/api/v1/admin/products/{id}/approve", tag = "moderation", security(("bearer" = [])),
    responses((status = 200, body = ProductBody), (status = 403), (status = 409)))]
pub async fn approve(
    State(state): State<AppState>,
    RequireModerator { user, .. }: RequireModerator<Api>,
    Path(id): Path<i64>,
) -> Result<Json<ProductBody>, ApiError> {
    Ok(Json(body(products::approve(&state.db, &user.actor(), id).await?)))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct Reason {
    pub reason: String,
}

/// Rejects a submission with a required reason the vendor sees.
#[utoipa::path(post, path = "/api/v1/admin/products/{id}/reject", tag = "moderation", security(("bearer" = [])),
    request_body = Reason, responses((status = 200, body = ProductBody), (status = 403), (status = 422)))]
pub async fn reject(
    State(state): State<AppState>,
    RequireModerator { user, .. }: RequireModerator<Api>,
    Path(id): Path<i64>,
    ApiJson(r): ApiJson<Reason>,
) -> Result<Json<ProductBody>, ApiError> {
    Ok(Json(body(products::reject(&state.db, &user.actor(), id, &r.reason).await?)))
}

/// Verifies a shop (admins, or the coordinator of its province).
#[utoipa::path(post, path = "/api/v1/admin/shops/{id}/verify", tag = "moderation", security(("bearer" = [])),
    responses((status = 200), (status = 403)))]
pub async fn verify_shop(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let shop = shops::decide(&state.db, &user.actor(), id, true, "").await?;
    Ok(Json(serde_json::json!({"slug": shop.slug, "status": shop.status})))
}

/// Rejects a shop application with a reason the applicant sees.
#[utoipa::path(post, path = "/api/v1/admin/shops/{id}/reject", tag = "moderation", security(("bearer" = [])),
    request_body = Reason, responses((status = 200), (status = 403), (status = 422)))]
pub async fn reject_shop(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    ApiJson(r): ApiJson<Reason>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let shop = shops::decide(&state.db, &user.actor(), id, false, &r.reason).await?;
    Ok(Json(serde_json::json!({"slug": shop.slug, "status": shop.status, "reason": shop.rejection_reason})))
}

#[derive(Serialize, ToSchema)]
pub struct ImageBody {
    pub id: i64,
    pub url: String,
    pub thumb_url: String,
    pub width: i32,
    pub height: i32,
    /// False until the product's next review approves it (for a live product).
    pub approved: bool,
}

/// Adds an image (multipart field `image`: JPEG, PNG or WebP, at most 10 MB). It is
/// re-encoded without metadata in two sizes; up to 8 per product.
#[utoipa::path(post, path = "/api/v1/shops/{shop}/products/{sku}/images", tag = "catalog", security(("bearer" = [])),
    request_body(content_type = "multipart/form-data"),
    responses((status = 201, body = ImageBody), (status = 404), (status = 422)))]
pub async fn upload_image(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((shop, sku)): Path<(String, String)>,
    multipart: axum::extract::Multipart,
) -> Result<(StatusCode, Json<ImageBody>), ApiError> {
    let sku = Sku::parse(&sku)?;
    // A broken upload is a field error here, as the API document says (422).
    let bytes = read_multipart(multipart).await.map_err(|e| e.invalid("image"))?.take("image");
    if bytes.is_empty() {
        return Err(Error::invalid("image", "Gửi ảnh trong trường multipart `image`").into());
    }
    let image = ocop_catalog::images::add(&state.db, state.media.as_ref(), &user, &shop, &sku, bytes).await?;
    Ok((
        StatusCode::CREATED,
        Json(ImageBody {
            id: image.id,
            url: format!("/media/{}", image.large_key),
            thumb_url: format!("/media/{}", image.thumb_key),
            width: image.width,
            height: image.height,
            approved: image.approved,
        }),
    ))
}
