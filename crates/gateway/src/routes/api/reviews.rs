//! Reviews over the API: a product's reviews and rating, what the caller bought and may
//! review, writing and editing a review, claiming a booth receipt, reporting, the shop's
//! answer, and the admins' queue.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post};
use ocop_core::Error;
use ocop_reviews::moderation::{self, Decision};
use ocop_reviews::purchase::{self, Bought, Purchase};
use ocop_reviews::read::{self, Filter};
use ocop_reviews::{Rating, ReviewInput, entity::review, rating, write};
use sea_orm::EntityTrait;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api_json::ApiJson;
use crate::auth::ApiUser;
use crate::error::ApiError;
use crate::guards::{Api, RequireAdmin, RequireShopStaff};
use crate::routes::Routes;
use crate::state::AppState;

pub const PER_PAGE: u64 = 10;

pub fn routes() -> Routes {
    Routes::new()
        .route("/products/{slug}/reviews", get(of_product))
        .route("/me/reviewable", get(reviewable))
        .route("/reviews", post(create))
        .route("/reviews/{id}", patch(edit))
        .route("/reviews/{id}/report", post(report))
        .route("/reviews/{id}/photos", post(add_photos).layer(crate::forms::upload_limit()))
        .route("/reviews/{id}/photos/{photo}", axum::routing::delete(remove_photo))
        .route("/receipts/claim", post(claim))
        .route("/shops/{shop}/reviews", get(of_shop))
        .route("/shops/{shop}/reviews/{id}/reply", post(reply))
        .route("/admin/reviews", get(queue))
        .route("/admin/reviews/{id}/decision", post(decide))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    stars: String,
    variant: String,
    with_photos: bool,
    page: u64,
}

#[derive(Serialize, ToSchema)]
pub struct ProductReviews {
    /// `count`, `average_tenths` (46 = 4.6 stars), `average_text`, `histogram` (1…5 stars), `percent`.
    #[schema(value_type = Object)]
    pub rating: Rating,
    /// Each with `id`, `author` (shortened), `stars`, `body`, `variant_label`, `bought` (online or booth), `created_at`, `edited`, `reply`, `replied_at`.
    #[schema(value_type = Vec<Object>)]
    pub reviews: Vec<read::Shown>,
    pub total: u64,
    pub page: u64,
    pub pages: u64,
}

/// A live product's rating and its published reviews, newest first, 10 a page.
#[utoipa::path(get, path = "/api/v1/products/{slug}/reviews", tag = "reviews",
    params(("slug" = String, Path, description = "the product's slug"), ("stars" = Option<u8>, Query), ("variant" = Option<i64>, Query), ("with_photos" = Option<bool>, Query), ("page" = Option<u64>, Query)),
    responses((status = 200, body = ProductReviews), (status = 404), (status = 422, description = "bad stars or variant")))]
pub async fn of_product(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(q): Query<ListQuery>,
) -> Result<Json<ProductReviews>, ApiError> {
    let mut filter = Filter::parse(&q.stars, &q.variant)?;
    filter.with_photos = q.with_photos;
    let product = ocop_catalog::storefront::live_by_slug(&state.db, &slug).await?;
    let page = read::of_product(&state.db, product.id, filter, q.page.max(1), PER_PAGE).await?;
    let rating = rating::of_product(&state.db, product.id).await?;
    Ok(Json(ProductReviews { rating, reviews: page.reviews, total: page.total, page: page.page, pages: page.pages }))
}

#[derive(Serialize, ToSchema)]
pub struct ReviewableLine {
    /// `{"kind": "order_line" | "booth_line", "id": …}`: what `POST /api/v1/reviews` takes.
    #[schema(value_type = Object)]
    pub bought: Bought,
    #[schema(value_type = Object)]
    pub purchase: Purchase,
    #[schema(value_type = Option<Object>)]
    pub review: Option<review::Model>,
}

/// What the caller bought (delivered online lines, claimed booth receipts), newest first, each with its review if written.
#[utoipa::path(get, path = "/api/v1/me/reviewable", tag = "reviews", security(("bearer" = [])),
    responses((status = 200, body = [ReviewableLine]), (status = 401)))]
pub async fn reviewable(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> Result<Json<Vec<ReviewableLine>>, ApiError> {
    let lines = purchase::reviewable(&state.db, user.id).await?;
    Ok(Json(
        lines
            .into_iter()
            .map(|(purchase, review)| ReviewableLine { bought: purchase.bought, purchase, review })
            .collect(),
    ))
}

/// `POST /api/v1/reviews`: one of the two line ids, stars and text.
#[derive(Deserialize, Default, ToSchema)]
#[serde(default)]
pub struct NewReview {
    /// A line of the caller's delivered online order.
    order_line_id: Option<i64>,
    /// A line of a booth receipt the caller claimed.
    booth_line_id: Option<i64>,
    /// 1 to 5.
    #[schema(value_type = u8)]
    stars: ocop_reviews::input::Stars,
    /// Up to 2,000 characters; links, phone numbers and banned words send it to an admin first.
    body: String,
}

/// Writes a review of a line the caller bought; `status` says whether it shows now (`published`) or waits (`held`).
#[utoipa::path(post, path = "/api/v1/reviews", tag = "reviews", security(("bearer" = [])), request_body = NewReview,
    responses((status = 201, description = "the review"), (status = 401), (status = 404, description = "not a line the caller bought"),
        (status = 409, description = "review_exists or not_delivered"), (status = 422, description = "names each bad field")))]
pub async fn create(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(body): ApiJson<NewReview>,
) -> Result<Response, ApiError> {
    let bought = match (body.order_line_id, body.booth_line_id) {
        (Some(id), None) => Bought::OrderLine(id),
        (None, Some(id)) => Bought::BoothLine(id),
        _ => return Err(Error::invalid("order_line_id", "Gửi đúng một trong order_line_id hoặc booth_line_id").into()),
    };
    let input = ReviewInput { stars: body.stars, body: body.body };
    let saved = write::write(&state.db, user.id, bought, &input).await?;
    Ok((StatusCode::CREATED, Json(saved)).into_response())
}

/// The review's one edit, within 30 days.
#[utoipa::path(patch, path = "/api/v1/reviews/{id}", tag = "reviews", security(("bearer" = [])), request_body = NewReview,
    params(("id" = i64, Path, description = "the review")),
    responses((status = 200, description = "the review"), (status = 401), (status = 404, description = "not the caller's review"),
        (status = 409, description = "edit_used, edit_window_closed or review_removed"), (status = 422)))]
pub async fn edit(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<ReviewInput>,
) -> Result<Json<review::Model>, ApiError> {
    Ok(Json(write::edit(&state.db, user.id, id, &body).await?))
}

#[derive(Deserialize, Default, ToSchema)]
#[serde(default)]
pub struct ReasonBody {
    reason: String,
}

/// Reports a published review to the admins, once per account.
#[utoipa::path(post, path = "/api/v1/reviews/{id}/report", tag = "reviews", security(("bearer" = [])), request_body = ReasonBody,
    params(("id" = i64, Path, description = "the review")),
    responses((status = 204, description = "reported"), (status = 401), (status = 404), (status = 409, description = "already_reported"), (status = 422)))]
pub async fn report(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<ReasonBody>,
) -> Result<StatusCode, ApiError> {
    moderation::report(&state.db, user.id, id, &body.reason).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, Default, ToSchema)]
#[serde(default)]
pub struct ClaimBody {
    /// The booth receipt's code, `BH-YYMMDD-XXXX`.
    code: String,
}

/// Says a booth receipt is the caller's, so its lines can be reviewed (by them alone).
#[utoipa::path(post, path = "/api/v1/receipts/claim", tag = "reviews", security(("bearer" = [])), request_body = ClaimBody,
    responses((status = 200, description = "the lines of the receipt, reviewable"), (status = 401), (status = 404, description = "unknown code"),
        (status = 409, description = "receipt_claimed or too_many_claims")))]
pub async fn claim(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(body): ApiJson<ClaimBody>,
) -> Result<Json<Vec<ReviewableLine>>, ApiError> {
    if body.code.trim().is_empty() {
        return Err(Error::invalid("code", "Nhập mã hoá đơn, ví dụ BH-261203-AB12").into());
    }
    let sale = purchase::claim_receipt(&state.db, user.id, &body.code).await?;
    let lines = purchase::reviewable(&state.db, user.id).await?;
    Ok(Json(
        lines
            .into_iter()
            .filter(|(p, _)| p.reference == sale.receipt_code)
            .map(|(purchase, review)| ReviewableLine { bought: purchase.bought, purchase, review })
            .collect(),
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ShopQuery {
    /// `true`: only those without an answer.
    unanswered: bool,
}

/// The shop's published reviews, newest first, 100 at most; for its staff (a held one comes once an admin publishes it).
#[utoipa::path(get, path = "/api/v1/shops/{shop}/reviews", tag = "reviews", security(("bearer" = [])),
    params(("shop" = String, Path, description = "the shop's slug"), ("unanswered" = Option<bool>, Query)),
    responses((status = 200, description = "the shop's reviews"), (status = 404, description = "unknown shop, or not yours")))]
pub async fn of_shop(
    State(state): State<AppState>,
    RequireShopStaff { shop, .. }: RequireShopStaff<Api>,
    Query(q): Query<ShopQuery>,
) -> Result<Json<Vec<read::ForShop>>, ApiError> {
    Ok(Json(read::of_shop(&state.db, shop.id, q.unanswered, 100).await?))
}

#[derive(Deserialize, Default, ToSchema)]
#[serde(default)]
pub struct ReplyBody {
    /// Up to 1,000 characters, public; no links or phone numbers.
    reply: String,
}

/// The shop's one public answer to a review of its goods.
#[utoipa::path(post, path = "/api/v1/shops/{shop}/reviews/{id}/reply", tag = "reviews", security(("bearer" = [])), request_body = ReplyBody,
    params(("shop" = String, Path, description = "the shop's slug"), ("id" = i64, Path, description = "the review")),
    responses((status = 200, description = "the review with its answer"), (status = 404), (status = 409, description = "reply_exists"), (status = 422)))]
pub async fn reply(
    State(state): State<AppState>,
    RequireShopStaff { user, shop, .. }: RequireShopStaff<Api>,
    Path((_shop, id)): Path<(String, i64)>,
    ApiJson(body): ApiJson<ReplyBody>,
) -> Result<Json<review::Model>, ApiError> {
    Ok(Json(moderation::reply(&state.db, &user.actor(), shop.id, id, &body.reply).await?))
}

/// Held and reported reviews, oldest first (admins).
#[utoipa::path(get, path = "/api/v1/admin/reviews", tag = "moderation", security(("bearer" = [])),
    responses((status = 200, description = "reviews waiting for a decision"), (status = 401), (status = 403)))]
pub async fn queue(
    State(state): State<AppState>,
    RequireAdmin { .. }: RequireAdmin<Api>,
) -> Result<Json<Vec<moderation::Waiting>>, ApiError> {
    Ok(Json(moderation::queue(&state.db, 100).await?))
}

#[derive(Deserialize, Default, ToSchema)]
#[serde(default)]
pub struct DecisionBody {
    /// `publish` or `remove`.
    decision: String,
}

/// An admin publishes (or keeps) a review, or removes it; the product's rating follows.
#[utoipa::path(post, path = "/api/v1/admin/reviews/{id}/decision", tag = "moderation", security(("bearer" = [])), request_body = DecisionBody,
    params(("id" = i64, Path, description = "the review")),
    responses((status = 200, description = "the review"), (status = 401), (status = 403), (status = 404), (status = 409, description = "review_changed"), (status = 422)))]
pub async fn decide(
    State(state): State<AppState>,
    RequireAdmin { user, .. }: RequireAdmin<Api>,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<DecisionBody>,
) -> Result<Json<review::Model>, ApiError> {
    let decision = Decision::parse(&body.decision)?;
    Ok(Json(moderation::decide(&state.db, &user.actor(), id, decision).await?))
}

/// The review's photos after a change.
#[derive(Serialize, ToSchema)]
pub struct ReviewPhotos {
    /// Each with `id`, `large` and `thumb` (media keys under `/media/`), `width`, `height`.
    #[schema(value_type = Vec<Object>)]
    pub photos: Vec<ocop_reviews::photos::Photo>,
}

async fn photos_of(state: &AppState, id: i64) -> Result<ReviewPhotos, Error> {
    let photos = ocop_reviews::photos::of_reviews(&state.db, [id]).await?.remove(&id).unwrap_or_default();
    Ok(ReviewPhotos { photos })
}

/// Adds photos to the caller's review (multipart, one or more `photo` fields: JPEG, PNG or
/// WebP, 10 MB each, 16 MB a request), up to 5 in all, within 30 days of writing it. They
/// are re-encoded without metadata, like listing images.
#[utoipa::path(post, path = "/api/v1/reviews/{id}/photos", tag = "reviews", security(("bearer" = [])),
    params(("id" = i64, Path, description = "the review")),
    request_body(content_type = "multipart/form-data", description = "`photo` fields"),
    responses((status = 201, body = ReviewPhotos), (status = 400, description = "not a multipart body"), (status = 401),
        (status = 404, description = "not the caller's review"), (status = 409, description = "edit_window_closed or review_removed"),
        (status = 413), (status = 422, description = "names `photos`: none sent, more than 5, or not an image")))]
pub async fn add_photos(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    req: axum::extract::Request,
) -> Result<Response, ApiError> {
    // The caller's review first: anyone else is answered 404 before the body is read.
    review::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .filter(|r| r.author_id == user.id)
        .ok_or(Error::NotFound { what: "đánh giá" })?;
    let files = match crate::forms::read_any_form(req).await {
        Ok(mut upload) => upload.take_all("photo"),
        Err(e) => return Ok(e.api_response()),
    };
    if files.iter().all(Vec::is_empty) {
        return Err(Error::invalid("photos", "Gửi ít nhất một ảnh trong trường photo").into());
    }
    let prepared = ocop_reviews::photos::prepare(files).await?;
    ocop_reviews::photos::attach(&state.db, state.media.as_ref(), user.id, id, prepared).await?;
    Ok((StatusCode::CREATED, Json(photos_of(&state, id).await?)).into_response())
}

/// Takes one photo off the caller's review, within 30 days of writing it.
#[utoipa::path(delete, path = "/api/v1/reviews/{id}/photos/{photo}", tag = "reviews", security(("bearer" = [])),
    params(("id" = i64, Path, description = "the review"), ("photo" = i64, Path, description = "the photo")),
    responses((status = 200, body = ReviewPhotos), (status = 401), (status = 404, description = "not the caller's review, or no such photo on it"),
        (status = 409, description = "edit_window_closed or review_removed")))]
pub async fn remove_photo(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((id, photo)): Path<(i64, i64)>,
) -> Result<Json<ReviewPhotos>, ApiError> {
    let gone = ocop_reviews::photos::remove(&state.db, user.id, id, &[photo]).await?;
    if gone == 0 {
        return Err(Error::NotFound { what: "ảnh" }.into());
    }
    Ok(Json(photos_of(&state, id).await?))
}
