//! Accounts over the API: register, log in (a bearer token), log out, who am I, password.

use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use ocop_accounts::{NewUser, Role, tokens, users};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api_json::ApiJson;
use crate::auth::{ApiUser, bearer, client_ip};
use crate::error::ApiError;
use crate::routes::Routes;
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::new()
        .route("/auth/register", post(register))
        .route("/auth/login", post(login))
        .route("/auth/logout", post(logout))
        .route("/me", get(me))
        .route("/me/password", post(change_password))
}

#[derive(Deserialize, ToSchema)]
pub struct RegisterRequest {
    pub email: String,
    pub password: String,
    pub name: String,
    /// Optional Vietnamese phone number.
    pub phone: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct UserBody {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub phone: Option<String>,
    /// shopper, vendor, coordinator or admin.
    pub role: String,
    pub created_at: String,
}

impl From<ocop_accounts::User> for UserBody {
    fn from(u: ocop_accounts::User) -> Self {
        Self {
            id: u.id,
            email: u.email,
            name: u.name,
            phone: u.phone,
            role: u.role.as_str().to_owned(),
            created_at: u.created_at.to_rfc3339(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct TokenBody {
    /// Send as `Authorization: Bearer <token>`.
    pub token: String,
    pub user: UserBody,
}

async fn issue_token(state: &AppState, user: ocop_accounts::User) -> Result<TokenBody, ApiError> {
    let ttl = chrono::Duration::days(state.config.auth.api_token_ttl_days);
    let token = tokens::issue(&state.db, user.id, "api", ttl).await?;
    Ok(TokenBody { token, user: user.into() })
}

/// Creates a shopper account and returns a token for it.
#[utoipa::path(post, path = "/api/v1/auth/register", tag = "accounts", request_body = RegisterRequest,
    responses((status = 201, body = TokenBody), (status = 409, description = "email or phone taken"),
              (status = 422, description = "a field is invalid")))]
pub async fn register(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<RegisterRequest>,
) -> Result<(StatusCode, Json<TokenBody>), ApiError> {
    let new =
        NewUser { email: body.email, name: body.name, password: body.password, phone: body.phone, role: Role::Shopper };
    let user = users::register(&state.db, new).await?;
    Ok((StatusCode::CREATED, Json(issue_token(&state, user).await?)))
}

#[derive(Deserialize, ToSchema)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

/// Exchanges an e-mail and password for a bearer token. At most 10 failures per account and
/// per IP in 15 minutes, then 429 with Retry-After.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "accounts", request_body = LoginRequest,
    responses((status = 200, body = TokenBody), (status = 401, description = "bad credentials"),
              (status = 429, description = "too many failures")))]
pub async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<LoginRequest>,
) -> Result<Json<TokenBody>, ApiError> {
    let user =
        crate::auth::checked_login(&state, &body.email, &body.password, &client_ip(&state, &headers, peer)).await?;
    Ok(Json(issue_token(&state, user).await?))
}

/// Revokes the token used for this request.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "accounts", security(("bearer" = [])),
    responses((status = 204), (status = 401)))]
pub async fn logout(State(state): State<AppState>, _user: ApiUser, headers: HeaderMap) -> Result<StatusCode, ApiError> {
    if let Some(token) = bearer(&headers) {
        tokens::revoke(&state.db, token).await?;
    }
    Ok(StatusCode::NO_CONTENT)
}

/// The caller's account.
#[utoipa::path(get, path = "/api/v1/me", tag = "accounts", security(("bearer" = [])),
    responses((status = 200, body = UserBody), (status = 401)))]
pub async fn me(ApiUser(user): ApiUser) -> Json<UserBody> {
    Json(user.into())
}

#[derive(Deserialize, ToSchema)]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}

/// Changes the password; every other token and session of the account ends.
#[utoipa::path(post, path = "/api/v1/me/password", tag = "accounts", security(("bearer" = [])), request_body = PasswordChange,
    responses((status = 204), (status = 401), (status = 422)))]
pub async fn change_password(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(body): ApiJson<PasswordChange>,
) -> Result<StatusCode, ApiError> {
    users::change_password(&state.db, user.id, &body.current_password, &body.new_password).await?;
    tokens::revoke_all(&state.db, user.id).await?;
    state.sessions.destroy_others(user.id, None).await?;
    Ok(StatusCode::NO_CONTENT)
}
