//! API bearer tokens: `ocop_…`, shown once at login, stored as SHA-256.

use chrono::{Duration, Utc};
use ocop_core::Error;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::entity::{api_token, user};
use crate::{User, secret};

pub const TOKEN_PREFIX: &str = "ocop_";

/// Issues a token for `user_id`, valid for `ttl`.
///
/// # Errors
/// The database cannot be written.
pub async fn issue<C: ConnectionTrait>(db: &C, user_id: i64, name: &str, ttl: Duration) -> Result<String, Error> {
    let token = secret::generate(TOKEN_PREFIX);
    let now = Utc::now();
    api_token::ActiveModel {
        user_id: Set(user_id),
        token_hash: Set(secret::digest(&token)),
        name: Set(name.chars().take(80).collect()),
        created_at: Set(now),
        expires_at: Set(now + ttl),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// The user a bearer token belongs to.
///
/// # Errors
/// [`Error::Unauthenticated`] for an unknown, revoked or expired token.
pub async fn authenticate<C: ConnectionTrait>(db: &C, token: &str) -> Result<User, Error> {
    if !token.starts_with(TOKEN_PREFIX) {
        return Err(Error::Unauthenticated);
    }
    let found = api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(secret::digest(token)))
        .one(db)
        .await?
        .filter(|t| t.expires_at > Utc::now())
        .ok_or(Error::Unauthenticated)?;
    let owner = user::Entity::find_by_id(found.user_id).one(db).await?.ok_or(Error::Unauthenticated)?;
    owner.try_into()
}

/// Revokes one token (API log out).
///
/// # Errors
/// The database cannot be written.
pub async fn revoke<C: ConnectionTrait>(db: &C, token: &str) -> Result<bool, Error> {
    let res = api_token::Entity::delete_many()
        .filter(api_token::Column::TokenHash.eq(secret::digest(token)))
        .exec(db)
        .await?;
    Ok(res.rows_affected > 0)
}

/// Revokes every token of a user (after a password change).
///
/// # Errors
/// The database cannot be written.
pub async fn revoke_all<C: ConnectionTrait>(db: &C, user_id: i64) -> Result<u64, Error> {
    let res = api_token::Entity::delete_many().filter(api_token::Column::UserId.eq(user_id)).exec(db).await?;
    Ok(res.rows_affected)
}
