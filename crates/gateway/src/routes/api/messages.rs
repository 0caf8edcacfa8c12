//! Conversations between a shopper and a shop over the API, for the signed-in caller on
//! either side. A shop's inbox is its staff's only (admins read reported conversations on
//! their pages).

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::{DateTime, Utc};
use ocop_messages::entity::message;
use ocop_messages::read::{self, Reader};
use ocop_messages::{Shown, Side, Summary, Unread, reports, write};
use sea_orm::EntityTrait;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api_json::ApiJson;
use crate::auth::ApiUser;
use crate::error::ApiError;
use crate::guards::{Api, RequireShopInbox};
use crate::routes::Routes;
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::new()
        .route("/me/conversations", get(mine))
        .route("/me/conversations/unread", get(unread))
        .route("/shops/{shop}/conversations", get(inbox).post(start))
        .route("/conversations/{id}", get(thread))
        .route("/conversations/{id}/messages", post(send))
        .route("/conversations/{id}/report", post(report))
}

/// A message to send: 1 to 2,000 characters; optionally about a product (its slug) or one
/// of the shopper's orders (its code) with the shop.
#[derive(Deserialize, Default, ToSchema)]
#[serde(default)]
pub struct NewMessage {
    body: String,
    product: String,
    order: String,
}

/// A message as its writer sees it.
#[derive(Serialize, ToSchema)]
pub struct Sent {
    pub id: i64,
    pub conversation_id: i64,
    pub from_shop: bool,
    pub body: String,
    /// The other side reads the links and phone numbers in `body` as `***` (no order yet).
    pub masked_for_other_side: bool,
    pub created_at: DateTime<Utc>,
}

impl From<message::Model> for Sent {
    fn from(m: message::Model) -> Self {
        Self {
            id: m.id,
            conversation_id: m.conversation_id,
            from_shop: m.from_shop,
            body: m.body,
            masked_for_other_side: m.masked,
            created_at: m.created_at,
        }
    }
}

/// The caller's conversations with shops, the latest first (100 at most).
#[utoipa::path(get, path = "/api/v1/me/conversations", tag = "messages", security(("bearer" = [])),
    responses((status = 200, description = "`id`, `shop_name`, `shop_slug`, `unread`, `last_message_at`, `preview`, `last_from_me`, `product`", body = [Object]), (status = 401)))]
pub async fn mine(State(state): State<AppState>, ApiUser(user): ApiUser) -> Result<Json<Vec<Summary>>, ApiError> {
    Ok(Json(read::of_shopper(&state.db, user.id).await?))
}

/// Unread messages: as a shopper, and in the inboxes of the shops the caller works for.
#[utoipa::path(get, path = "/api/v1/me/conversations/unread", tag = "messages", security(("bearer" = [])),
    responses((status = 200, description = "`as_shopper`, `as_shop`", body = Object), (status = 401)))]
pub async fn unread(State(state): State<AppState>, ApiUser(user): ApiUser) -> Result<Json<Unread>, ApiError> {
    Ok(Json(read::unread(&state.db, user.id).await?))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct InboxQuery {
    unread: bool,
}

/// The shop's conversations, the latest first (100 at most); `?unread=true` for those with
/// unread messages. The shop's staff only.
#[utoipa::path(get, path = "/api/v1/shops/{shop}/conversations", tag = "messages", security(("bearer" = [])),
    params(("shop" = String, Path, description = "the shop's slug"), ("unread" = Option<bool>, Query)),
    responses((status = 200, body = [Object]), (status = 401), (status = 404, description = "unknown shop, or the caller does not work for it")))]
pub async fn inbox(
    State(state): State<AppState>,
    RequireShopInbox { shop, .. }: RequireShopInbox<Api>,
    Query(q): Query<InboxQuery>,
) -> Result<Json<Vec<Summary>>, ApiError> {
    Ok(Json(read::of_shop(&state.db, shop.id, q.unread).await?))
}

#[derive(Serialize, ToSchema)]
pub struct Started {
    pub conversation_id: i64,
    pub message: Sent,
}

/// Writes to a shop: into the caller's conversation with it, opened on first use.
#[utoipa::path(post, path = "/api/v1/shops/{shop}/conversations", tag = "messages", security(("bearer" = [])), request_body = NewMessage,
    params(("shop" = String, Path, description = "the shop's slug")),
    responses((status = 201, body = Started), (status = 401), (status = 404, description = "no open shop of that slug"),
        (status = 409, description = "own_shop, too_many_conversations"), (status = 422, description = "names `body`, `product` or `order`")))]
pub async fn start(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(slug): Path<String>,
    ApiJson(input): ApiJson<NewMessage>,
) -> Result<Response, ApiError> {
    let shop = ocop_catalog::shops::by_slug(&state.db, &slug).await?;
    let (about, _, _) = write::resolve(&state.db, user.id, &input.product, &input.order).await?;
    let (conversation, sent) = write::start(&state.db, user.id, shop.id, about, &input.body).await?;
    Ok((StatusCode::CREATED, Json(Started { conversation_id: conversation.id, message: sent.into() })).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ThreadQuery {
    before: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct Thread {
    pub id: i64,
    /// `shopper` or `shop`: the caller's side.
    pub side: &'static str,
    pub shop_slug: String,
    pub reported: bool,
    /// Oldest first, each with `id`, `mine`, `from_shop`, `author`, `body`, `masked`, `product`, `order_code`, `created_at`.
    #[schema(value_type = Vec<Object>)]
    pub messages: Vec<Shown>,
    /// More messages before the first: ask again with `?before=` its id.
    pub older: bool,
}

/// A conversation's newest 100 messages (before `before`), as the caller's side reads them;
/// the newest page marks them read.
#[utoipa::path(get, path = "/api/v1/conversations/{id}", tag = "messages", security(("bearer" = [])),
    params(("id" = i64, Path, description = "the conversation"), ("before" = Option<i64>, Query, description = "a message id")),
    responses((status = 200, body = Thread), (status = 401), (status = 404, description = "no such conversation, or not the caller's")))]
pub async fn thread(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Query(q): Query<ThreadQuery>,
) -> Result<Json<Thread>, ApiError> {
    let (conversation, side) = read::open(&state.db, user.id, id).await?;
    let (messages, older) = read::thread(&state.db, &conversation, Reader::Side(side), q.before).await?;
    if q.before.is_none() {
        read::mark_read(&state.db, id, side).await?;
    }
    let shop_slug = ocop_catalog::entity::shop::Entity::find_by_id(conversation.shop_id)
        .one(&state.db)
        .await?
        .map(|s| s.slug)
        .unwrap_or_default();
    Ok(Json(Thread {
        id,
        side: if side == Side::Shop { "shop" } else { "shopper" },
        shop_slug,
        reported: conversation.reported_at.is_some(),
        messages,
        older,
    }))
}

/// Writes into a conversation, on the caller's side.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/messages", tag = "messages", security(("bearer" = [])), request_body = NewMessage,
    params(("id" = i64, Path, description = "the conversation")),
    responses((status = 201, body = Sent), (status = 401), (status = 404, description = "no such conversation, or not the caller's"),
        (status = 422, description = "names `body`, `product` or `order`")))]
pub async fn send(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<NewMessage>,
) -> Result<Response, ApiError> {
    let (conversation, side) = read::open(&state.db, user.id, id).await?;
    let (about, _, _) = write::resolve(&state.db, conversation.shopper_id, &input.product, &input.order).await?;
    let sent = write::send(&state.db, &conversation, side, user.id, about, &input.body).await?;
    Ok((StatusCode::CREATED, Json(Sent::from(sent))).into_response())
}

#[derive(Deserialize, Default, ToSchema)]
#[serde(default)]
pub struct ReportInput {
    reason: String,
}

#[derive(Serialize, ToSchema)]
pub struct Reported {
    pub id: i64,
    pub reported_at: Option<DateTime<Utc>>,
}

/// Reports the conversation to the admins (either side, with a reason of 5–500 characters);
/// only then may an admin read it.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/report", tag = "messages", security(("bearer" = [])), request_body = ReportInput,
    params(("id" = i64, Path, description = "the conversation")),
    responses((status = 200, body = Reported), (status = 401), (status = 404, description = "no such conversation, or not the caller's"),
        (status = 409, description = "conversation_reported"), (status = 422, description = "names `reason`")))]
pub async fn report(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<ReportInput>,
) -> Result<Json<Reported>, ApiError> {
    let saved = reports::report(&state.db, user.id, id, &input.reason).await?;
    Ok(Json(Reported { id: saved.id, reported_at: saved.reported_at }))
}
