//! Questions and answers on products over the API.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use ocop_reviews::entity::{answer, question};
use ocop_reviews::questions::{self, Asked};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api_json::ApiJson;
use crate::auth::ApiUser;
use crate::error::ApiError;
use crate::guards::{Api, RequireShopStaff};
use crate::routes::Routes;
use crate::state::AppState;

/// Questions a product page or a call lists at most.
pub const SHOWN: u64 = 50;

pub fn routes() -> Routes {
    Routes::new()
        .route("/products/{slug}/questions", get(of_product).post(ask))
        .route("/questions/{id}/answers", post(answer))
        .route("/shops/{shop}/questions", get(of_shop))
}

#[derive(Serialize, ToSchema)]
pub struct ProductQuestions {
    /// Newest first, each with `id`, `author`, `body`, `created_at` and `answers` (the shop's first: `author`, `answered_as` `shop`|`buyer`, `body`, `created_at`).
    #[schema(value_type = Vec<Object>)]
    pub questions: Vec<Asked>,
    pub total: u64,
}

/// A live product's questions and their answers, newest first (50 at most).
#[utoipa::path(get, path = "/api/v1/products/{slug}/questions", tag = "reviews",
    params(("slug" = String, Path, description = "the product's slug")),
    responses((status = 200, body = ProductQuestions), (status = 404)))]
pub async fn of_product(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<ProductQuestions>, ApiError> {
    let product = ocop_catalog::storefront::live_by_slug(&state.db, &slug).await?;
    let (questions, total) = questions::of_product(&state.db, product.id, SHOWN).await?;
    Ok(Json(ProductQuestions { questions, total }))
}

/// A question or an answer: 5 to 500 (answers 1,000) characters, no links or phone numbers.
#[derive(Deserialize, Default, ToSchema)]
#[serde(default)]
pub struct TextBody {
    body: String,
}

/// Asks a public question about a live product.
#[utoipa::path(post, path = "/api/v1/products/{slug}/questions", tag = "reviews", security(("bearer" = [])), request_body = TextBody,
    params(("slug" = String, Path, description = "the product's slug")),
    responses((status = 201, description = "the question"), (status = 401), (status = 404),
        (status = 409, description = "too_many_questions"), (status = 422, description = "names `body`")))]
pub async fn ask(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(slug): Path<String>,
    ApiJson(body): ApiJson<TextBody>,
) -> Result<Response, ApiError> {
    let product = ocop_catalog::storefront::live_by_slug(&state.db, &slug).await?;
    let asked: question::Model = questions::ask(&state.db, user.id, product.id, &body.body).await?;
    Ok((StatusCode::CREATED, Json(asked)).into_response())
}

/// Answers a question: the shop's staff, or a shopper who bought the product; once each.
#[utoipa::path(post, path = "/api/v1/questions/{id}/answers", tag = "reviews", security(("bearer" = [])), request_body = TextBody,
    params(("id" = i64, Path, description = "the question")),
    responses((status = 201, description = "the answer"), (status = 401),
        (status = 404, description = "no such question, or the caller neither sells nor bought the product"),
        (status = 409, description = "answer_exists"), (status = 422, description = "names `body`")))]
pub async fn answer(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<TextBody>,
) -> Result<Response, ApiError> {
    let saved: answer::Model = questions::answer(&state.db, user.id, id, &body.body).await?;
    Ok((StatusCode::CREATED, Json(saved)).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ShopQuery {
    unanswered: bool,
}

#[derive(Serialize, ToSchema)]
pub struct ShopQuestion {
    #[schema(value_type = Object)]
    pub question: Asked,
    pub product_name: String,
    pub product_slug: String,
}

/// The shop's questions, newest first, 100 at most; `?unanswered=true` for those waiting.
#[utoipa::path(get, path = "/api/v1/shops/{shop}/questions", tag = "reviews", security(("bearer" = [])),
    params(("shop" = String, Path, description = "the shop's slug"), ("unanswered" = Option<bool>, Query)),
    responses((status = 200, body = [ShopQuestion]), (status = 404, description = "unknown shop, or not yours")))]
pub async fn of_shop(
    State(state): State<AppState>,
    RequireShopStaff { shop, .. }: RequireShopStaff<Api>,
    Query(q): Query<ShopQuery>,
) -> Result<Json<Vec<ShopQuestion>>, ApiError> {
    let rows = questions::of_shop(&state.db, shop.id, q.unanswered, 100).await?;
    Ok(Json(
        rows.into_iter()
            .map(|(question, product_name, product_slug)| ShopQuestion { question, product_name, product_slug })
            .collect(),
    ))
}
