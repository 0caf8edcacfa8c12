//! Browser sessions: a random cookie value whose SHA-256 keys the record. Stored in Redis
//! when configured (shared by every gateway instance), otherwise in the database.

use chrono::{Duration, Utc};
use ocop_core::Error;

use crate::redis_store::RedisStore;
use redis::AsyncCommands;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use crate::entity::session;
use crate::secret;

#[derive(Clone)]
pub enum SessionStore {
    Database { db: DatabaseConnection, ttl: Duration },
    Redis { redis: RedisStore, prefix: String, ttl: Duration },
}

impl SessionStore {
    fn ttl(&self) -> Duration {
        match self {
            SessionStore::Database { ttl, .. } | SessionStore::Redis { ttl, .. } => *ttl,
        }
    }

    /// Starts a session and returns the cookie value (shown once, never stored).
    ///
    /// # Errors
    /// The store cannot be written.
    pub async fn create(&self, user_id: i64) -> Result<String, Error> {
        let token = secret::generate("");
        let id = secret::digest(&token);
        let now = Utc::now();
        match self {
            SessionStore::Database { db, ttl } => {
                let model = session::ActiveModel {
                    id: Set(id),
                    user_id: Set(user_id),
                    created_at: Set(now),
                    expires_at: Set(now + *ttl),
                };
                session::Entity::insert(model).exec_without_returning(db).await?;
            }
            SessionStore::Redis { redis, prefix, ttl } => {
                let secs = u64::try_from(ttl.num_seconds()).unwrap_or(1).max(1);
                let user_key = format!("{prefix}user_sessions:{user_id}");
                let mut pipe = redis::pipe();
                pipe.atomic()
                    .set_ex(format!("{prefix}session:{id}"), user_id, secs)
                    .sadd(&user_key, &id)
                    .expire(&user_key, i64::try_from(secs).unwrap_or(i64::MAX));
                redis.run(|mut conn| async move { pipe.query_async::<()>(&mut conn).await }).await?;
            }
        }
        Ok(token)
    }

    /// The user behind a cookie value, if the session exists and has not expired.
    ///
    /// # Errors
    /// The store cannot be read.
    pub async fn user_id(&self, token: &str) -> Result<Option<i64>, Error> {
        let id = secret::digest(token);
        match self {
            SessionStore::Database { db, .. } => {
                let found = session::Entity::find_by_id(id).one(db).await?;
                Ok(found.filter(|s| s.expires_at > Utc::now()).map(|s| s.user_id))
            }
            SessionStore::Redis { redis, prefix, .. } => {
                let key = format!("{prefix}session:{id}");
                redis.run(|mut conn| async move { conn.get(key).await }).await
            }
        }
    }

    /// Ends one session (log out).
    ///
    /// # Errors
    /// The store cannot be written.
    pub async fn destroy(&self, token: &str) -> Result<(), Error> {
        let id = secret::digest(token);
        match self {
            SessionStore::Database { db, .. } => {
                session::Entity::delete_by_id(id).exec(db).await?;
            }
            SessionStore::Redis { redis, prefix, .. } => {
                let key = format!("{prefix}session:{id}");
                redis.run(|mut conn| async move { conn.del::<_, ()>(key).await }).await?;
            }
        }
        Ok(())
    }

    /// Ends every session of a user but `keep` (after a password change).
    ///
    /// # Errors
    /// The store cannot be written.
    pub async fn destroy_others(&self, user_id: i64, keep: Option<&str>) -> Result<(), Error> {
        let keep = keep.map(secret::digest);
        match self {
            SessionStore::Database { db, .. } => {
                let mut delete = session::Entity::delete_many().filter(session::Column::UserId.eq(user_id));
                if let Some(keep) = keep {
                    delete = delete.filter(session::Column::Id.ne(keep));
                }
                delete.exec(db).await?;
            }
            SessionStore::Redis { redis, prefix, .. } => {
                let user_key = format!("{prefix}user_sessions:{user_id}");
                let members = user_key.clone();
                let ids: Vec<String> = redis.run(|mut conn| async move { conn.smembers(members).await }).await?;
                let ending: Vec<&String> = ids.iter().filter(|id| Some(*id) != keep.as_ref()).collect();
                if ending.is_empty() {
                    return Ok(());
                }
                let mut pipe = redis::pipe();
                for id in ending {
                    pipe.del(format!("{prefix}session:{id}")).srem(&user_key, id);
                }
                redis.run(|mut conn| async move { pipe.query_async::<()>(&mut conn).await }).await?;
            }
        }
        Ok(())
    }

    /// Deletes expired database sessions; Redis expires its own keys.
    ///
    /// # Errors
    /// The database cannot be written.
    pub async fn purge_expired(&self) -> Result<u64, Error> {
        match self {
            SessionStore::Database { db, .. } => {
                let res =
                    session::Entity::delete_many().filter(session::Column::ExpiresAt.lt(Utc::now())).exec(db).await?;
                Ok(res.rows_affected)
            }
            SessionStore::Redis { .. } => Ok(0),
        }
    }

    /// How long a session lasts, for the cookie's Max-Age.
    pub fn max_age_seconds(&self) -> i64 {
        self.ttl().num_seconds()
    }
}
