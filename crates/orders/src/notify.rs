//! What people are told about their orders: a line under the bell in the account and shop
//! pages, and an e-mail. Both are written in the transaction that made the change, so a
//! rolled-back order tells no one; the mail worker sends after commit.

use chrono::Utc;
use ocop_accounts::entity::user;
use ocop_catalog::entity::shop_member;
use ocop_core::Error;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    Set, Statement,
};

use crate::entity::{mail, notification};

/// One message for one person, on the bell and by mail.
pub struct Message<'a> {
    pub title: String,
    pub body: String,
    /// Where the bell entry leads (an order page).
    pub link: &'a str,
}

/// Tells `user_id` both ways.
///
/// # Errors
/// The database cannot be written.
pub async fn tell<C: ConnectionTrait>(db: &C, user_id: i64, message: &Message<'_>) -> Result<(), Error> {
    let now = Utc::now();
    notification::ActiveModel {
        user_id: Set(user_id),
        title: Set(truncate(&message.title, 200)),
        link: Set(truncate(message.link, 300)),
        read_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    if let Some(person) = user::Entity::find_by_id(user_id).one(db).await? {
        mail::ActiveModel {
            to_email: Set(person.email),
            subject: Set(truncate(&message.title, 200)),
            body: Set(format!("Chào {},\n\n{}\n\n— Chợ OCOP", person.name, message.body)),
            attempts: Set(0),
            last_error: Set(None),
            created_at: Set(now),
            sent_at: Set(None),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// Tells every member of a shop.
///
/// # Errors
/// The database cannot be written.
pub async fn tell_shop<C: ConnectionTrait>(db: &C, shop_id: i64, message: &Message<'_>) -> Result<(), Error> {
    let members = shop_member::Entity::find().filter(shop_member::Column::ShopId.eq(shop_id)).all(db).await?;
    for member in members {
        tell(db, member.user_id, message).await?;
    }
    Ok(())
}

fn truncate(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

/// The newest entries of a person's bell.
///
/// # Errors
/// The database cannot be read.
pub async fn recent<C: ConnectionTrait>(db: &C, user_id: i64, limit: u64) -> Result<Vec<notification::Model>, Error> {
    Ok(notification::Entity::find()
        .filter(notification::Column::UserId.eq(user_id))
        .order_by_desc(notification::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}

/// The number on the bell.
///
/// # Errors
/// The database cannot be read.
pub async fn unread<C: ConnectionTrait>(db: &C, user_id: i64) -> Result<u64, Error> {
    Ok(notification::Entity::find()
        .filter(notification::Column::UserId.eq(user_id))
        .filter(notification::Column::ReadAt.is_null())
        .count(db)
        .await?)
}

/// Marks everything on the bell as read.
///
/// # Errors
/// The database cannot be written.
pub async fn mark_all_read<C: ConnectionTrait>(db: &C, user_id: i64) -> Result<(), Error> {
    db.execute_raw(Statement::from_sql_and_values(
        db.get_database_backend(),
        "UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL",
        [Utc::now().into(), user_id.into()],
    ))
    .await?;
    Ok(())
}

/// Mail waiting to be sent, oldest first; each gets a few tries before it is left for a person.
///
/// # Errors
/// The database cannot be read.
pub async fn pending_mail<C: ConnectionTrait>(db: &C, limit: u64) -> Result<Vec<mail::Model>, Error> {
    Ok(mail::Entity::find()
        .filter(mail::Column::SentAt.is_null())
        .filter(mail::Column::Attempts.lt(MAX_MAIL_ATTEMPTS))
        .order_by_asc(mail::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}

pub const MAX_MAIL_ATTEMPTS: i32 = 5;

/// Records the outcome of one sending attempt.
///
/// # Errors
/// The database cannot be written.
pub async fn mail_result<C: ConnectionTrait>(
    db: &C,
    row: mail::Model,
    outcome: Result<(), String>,
) -> Result<(), Error> {
    let attempts = row.attempts + 1;
    let mut active: mail::ActiveModel = row.into();
    active.attempts = Set(attempts);
    match outcome {
        Ok(()) => active.sent_at = Set(Some(Utc::now())),
        Err(e) => active.last_error = Set(Some(truncate(&e, 500))),
    }
    active.update(db).await?;
    Ok(())
}
