//! Reading conversations: who may open one and on which side, a thread as one side (or an
//! admin) reads it, each side's list, and the unread counts the header shows.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use ocop_accounts::entity::user;
use ocop_catalog::entity::{product, shop, shop_member};
use ocop_core::{Error, contact};
use ocop_orders::entity::order;
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QueryOrder, QuerySelect, Statement,
};
use serde::Serialize;

use crate::Side;
use crate::entity::{conversation, message};
use crate::write::is_staff;

fn not_found() -> Error {
    Error::NotFound { what: "cuộc trò chuyện" }
}

/// The conversation and the side `user_id` is on; anyone else gets [`Error::NotFound`], as
/// if it did not exist (admins too: they read reported ones through [`crate::reports`]).
///
/// # Errors
/// [`Error::NotFound`]; database errors.
pub async fn open<C: ConnectionTrait>(db: &C, user_id: i64, id: i64) -> Result<(conversation::Model, Side), Error> {
    let found = conversation::Entity::find_by_id(id).one(db).await?.ok_or_else(not_found)?;
    if found.shopper_id == user_id {
        return Ok((found, Side::Shopper));
    }
    if is_staff(db, user_id, found.shop_id).await? {
        return Ok((found, Side::Shop));
    }
    Err(not_found())
}

/// The conversation, when it belongs to `shop_id` and `user_id` works for that shop.
///
/// # Errors
/// [`Error::NotFound`]; database errors.
pub async fn open_for_shop<C: ConnectionTrait>(
    db: &C,
    user_id: i64,
    shop_id: i64,
    id: i64,
) -> Result<conversation::Model, Error> {
    let found = conversation::Entity::find_by_id(id).one(db).await?.ok_or_else(not_found)?;
    if found.shop_id != shop_id || !is_staff(db, user_id, shop_id).await? {
        return Err(not_found());
    }
    Ok(found)
}

/// The shop of `slug` when `user_id` works for it: the shop's inbox is its staff's only.
///
/// # Errors
/// [`Error::NotFound`] for an unknown shop or someone who does not work for it.
pub async fn inbox_shop<C: ConnectionTrait>(db: &C, user_id: i64, slug: &str) -> Result<shop::Model, Error> {
    let found = shop::Entity::find()
        .filter(shop::Column::Slug.eq(slug))
        .one(db)
        .await?
        .ok_or(Error::NotFound { what: "gian hàng" })?;
    if !is_staff(db, user_id, found.id).await? {
        return Err(Error::NotFound { what: "gian hàng" });
    }
    Ok(found)
}

/// Who reads a thread: one side sees the other's masked messages masked; an admin reading
/// a reported conversation sees everything as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    Side(Side),
    Admin,
}

/// A product a message or conversation is about.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ProductLink {
    pub name: String,
    pub slug: String,
}

/// A message as its reader sees it.
#[derive(Debug, Clone, Serialize)]
pub struct Shown {
    pub id: i64,
    /// Written by the reader's side.
    pub mine: bool,
    pub from_shop: bool,
    /// The shop's name, or the shopper's.
    pub author: String,
    pub body: String,
    /// Contacts in `body` were replaced by `***` for this reader.
    pub masked: bool,
    /// Contacts were found before an order existed (what an admin sees).
    pub had_contacts: bool,
    pub product: Option<ProductLink>,
    pub order_code: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// Messages a thread shows at once.
pub const PAGE: u64 = 100;

/// The newest [`PAGE`] messages before `before` (a message id; all when `None`), oldest
/// first, as `reader` sees them, and whether older ones exist.
///
/// # Errors
/// Database errors.
pub async fn thread<C: ConnectionTrait>(
    db: &C,
    conversation: &conversation::Model,
    reader: Reader,
    before: Option<i64>,
) -> Result<(Vec<Shown>, bool), Error> {
    let mut query = message::Entity::find().filter(message::Column::ConversationId.eq(conversation.id));
    if let Some(before) = before {
        query = query.filter(message::Column::Id.lt(before));
    }
    let mut rows = query.order_by_desc(message::Column::Id).limit(PAGE + 1).all(db).await?;
    let older = rows.len() as u64 > PAGE;
    rows.truncate(usize::try_from(PAGE).unwrap_or(usize::MAX));
    rows.reverse();
    let names = Names::of(db, conversation).await?;
    let products: HashMap<i64, ProductLink> = product::Entity::find()
        .filter(product::Column::Id.is_in(rows.iter().filter_map(|m| m.product_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, ProductLink { name: p.name, slug: p.slug }))
        .collect();
    let orders: HashMap<i64, String> = order::Entity::find()
        .filter(order::Column::Id.is_in(rows.iter().filter_map(|m| m.order_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.code))
        .collect();
    let shown = rows
        .into_iter()
        .map(|m| {
            let mine = matches!(reader, Reader::Side(side) if side.from_shop() == m.from_shop);
            let hide = m.masked && matches!(reader, Reader::Side(_)) && !mine;
            Shown {
                id: m.id,
                mine,
                from_shop: m.from_shop,
                author: names.of_side(m.from_shop),
                body: if hide { contact::mask(&m.body) } else { m.body },
                masked: hide,
                had_contacts: m.masked,
                product: m.product_id.and_then(|id| products.get(&id).cloned()),
                order_code: m.order_id.and_then(|id| orders.get(&id).cloned()),
                created_at: m.created_at,
            }
        })
        .collect();
    Ok((shown, older))
}

/// The two names of a conversation.
struct Names {
    shop: String,
    shopper: String,
}

impl Names {
    async fn of<C: ConnectionTrait>(db: &C, conversation: &conversation::Model) -> Result<Self, Error> {
        let shop = shop::Entity::find_by_id(conversation.shop_id).one(db).await?.map(|s| s.name).unwrap_or_default();
        let shopper =
            user::Entity::find_by_id(conversation.shopper_id).one(db).await?.map(|u| u.name).unwrap_or_default();
        Ok(Self { shop, shopper })
    }

    fn of_side(&self, from_shop: bool) -> String {
        if from_shop { self.shop.clone() } else { self.shopper.clone() }
    }
}

/// The side opened the conversation: its unread counter goes to zero.
///
/// # Errors
/// Database errors.
pub async fn mark_read<C: ConnectionTrait>(db: &C, conversation_id: i64, side: Side) -> Result<(), Error> {
    let column = match side {
        Side::Shopper => conversation::Column::ShopperUnread,
        Side::Shop => conversation::Column::ShopUnread,
    };
    conversation::Entity::update_many()
        .col_expr(column, Expr::value(0))
        .filter(conversation::Column::Id.eq(conversation_id))
        .filter(column.ne(0))
        .exec(db)
        .await?;
    Ok(())
}

/// A conversation in a list.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub id: i64,
    pub shop_name: String,
    pub shop_slug: String,
    pub shopper_name: String,
    /// Unread for the side listing it.
    pub unread: i32,
    pub last_message_at: DateTime<Utc>,
    /// The last message as the lister reads it, cut to 120 characters.
    pub preview: String,
    pub last_from_me: bool,
    pub product: Option<ProductLink>,
    pub reported: bool,
    pub report_reason: Option<String>,
}

/// Conversations a list shows at most.
pub const LISTED: u64 = 100;

/// The shopper's conversations, the latest first.
///
/// # Errors
/// Database errors.
pub async fn of_shopper<C: ConnectionTrait>(db: &C, shopper_id: i64) -> Result<Vec<Summary>, Error> {
    let rows = conversation::Entity::find()
        .filter(conversation::Column::ShopperId.eq(shopper_id))
        .order_by_desc(conversation::Column::LastMessageAt)
        .order_by_desc(conversation::Column::Id)
        .limit(LISTED)
        .all(db)
        .await?;
    summaries(db, rows, Reader::Side(Side::Shopper)).await
}

/// The shop's conversations, the latest first; only those with unread messages when `unread_only`.
///
/// # Errors
/// Database errors.
pub async fn of_shop<C: ConnectionTrait>(db: &C, shop_id: i64, unread_only: bool) -> Result<Vec<Summary>, Error> {
    let mut query = conversation::Entity::find().filter(conversation::Column::ShopId.eq(shop_id));
    if unread_only {
        query = query.filter(conversation::Column::ShopUnread.gt(0));
    }
    let rows = query
        .order_by_desc(conversation::Column::LastMessageAt)
        .order_by_desc(conversation::Column::Id)
        .limit(LISTED)
        .all(db)
        .await?;
    summaries(db, rows, Reader::Side(Side::Shop)).await
}

/// Lines for a list, with a few queries for the whole page.
pub(crate) async fn summaries<C: ConnectionTrait>(
    db: &C,
    rows: Vec<conversation::Model>,
    reader: Reader,
) -> Result<Vec<Summary>, Error> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = rows.iter().map(|c| c.id).collect();
    let newest = Query::select()
        .expr(sea_orm::sea_query::Func::max(Expr::col(message::Column::Id)))
        .from(message::Entity)
        .and_where(message::Column::ConversationId.is_in(ids))
        .group_by_col(message::Column::ConversationId)
        .to_owned();
    let last: HashMap<i64, message::Model> = message::Entity::find()
        .filter(message::Column::Id.in_subquery(newest))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.conversation_id, m))
        .collect();
    let shops: HashMap<i64, (String, String)> = shop::Entity::find()
        .filter(shop::Column::Id.is_in(rows.iter().map(|c| c.shop_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, (s.name, s.slug)))
        .collect();
    let people: HashMap<i64, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(rows.iter().map(|c| c.shopper_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let products: HashMap<i64, ProductLink> = product::Entity::find()
        .filter(product::Column::Id.is_in(rows.iter().filter_map(|c| c.product_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, ProductLink { name: p.name, slug: p.slug }))
        .collect();
    Ok(rows
        .into_iter()
        .map(|c| {
            let (shop_name, shop_slug) = shops.get(&c.shop_id).cloned().unwrap_or_default();
            let (preview, last_from_me) = match last.get(&c.id) {
                Some(m) => {
                    let mine = matches!(reader, Reader::Side(side) if side.from_shop() == m.from_shop);
                    let hide = m.masked && matches!(reader, Reader::Side(_)) && !mine;
                    let text = if hide { contact::mask(&m.body) } else { m.body.clone() };
                    (cut(&text, 120), mine)
                }
                None => (String::new(), false),
            };
            let unread = match reader {
                Reader::Side(Side::Shopper) => c.shopper_unread,
                Reader::Side(Side::Shop) => c.shop_unread,
                Reader::Admin => 0,
            };
            Summary {
                id: c.id,
                shop_name,
                shop_slug,
                shopper_name: people.get(&c.shopper_id).cloned().unwrap_or_default(),
                unread,
                last_message_at: c.last_message_at,
                preview,
                last_from_me,
                product: c.product_id.and_then(|id| products.get(&id).cloned()),
                reported: c.reported_at.is_some(),
                report_reason: c.report_reason,
            }
        })
        .collect())
}

fn cut(text: &str, max: usize) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        return one_line;
    }
    let mut out: String = one_line.chars().take(max - 1).collect();
    out.push('…');
    out
}

/// Unread messages for a person: as a shopper, and for the shops they work for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Unread {
    pub as_shopper: i64,
    pub as_shop: i64,
}

impl Unread {
    pub fn total(self) -> i64 {
        self.as_shopper + self.as_shop
    }
}

#[derive(FromQueryResult)]
struct UnreadRow {
    as_shopper: Option<i64>,
    as_shop: Option<i64>,
}

/// Both unread counts in one statement (every signed-in page asks).
///
/// # Errors
/// Database errors.
pub async fn unread<C: ConnectionTrait>(db: &C, user_id: i64) -> Result<Unread, Error> {
    let sql = "SELECT \
        CAST(SUM(CASE WHEN shopper_id = $1 THEN shopper_unread ELSE 0 END) AS BIGINT) AS as_shopper, \
        CAST(SUM(CASE WHEN shopper_id <> $1 THEN shop_unread ELSE 0 END) AS BIGINT) AS as_shop \
        FROM conversations WHERE (shopper_id = $1 AND shopper_unread > 0) \
        OR (shop_unread > 0 AND shop_id IN (SELECT shop_id FROM shop_members WHERE user_id = $1))";
    let row =
        UnreadRow::find_by_statement(Statement::from_sql_and_values(db.get_database_backend(), sql, [user_id.into()]))
            .one(db)
            .await?;
    Ok(row.map_or_else(Unread::default, |r| Unread {
        as_shopper: r.as_shopper.unwrap_or(0),
        as_shop: r.as_shop.unwrap_or(0),
    }))
}

/// Unread messages in one shop's inbox.
///
/// # Errors
/// Database errors.
pub async fn unread_of_shop<C: ConnectionTrait>(db: &C, shop_id: i64) -> Result<i64, Error> {
    let row = UnreadRow::find_by_statement(Statement::from_sql_and_values(
        db.get_database_backend(),
        "SELECT CAST(0 AS BIGINT) AS as_shopper, CAST(SUM(shop_unread) AS BIGINT) AS as_shop FROM conversations \
         WHERE shop_id = $1 AND shop_unread > 0",
        [shop_id.into()],
    ))
    .one(db)
    .await?;
    Ok(row.and_then(|r| r.as_shop).unwrap_or(0))
}

/// Conversations the response rate is taken over.
pub const RESPONSE_OVER: u64 = 100;

/// For the shop's latest conversations a shopper started: when the shopper first wrote and
/// when the shop first answered (if it did). The shop page's response rate and time.
///
/// # Errors
/// Database errors.
pub async fn reply_times<C: ConnectionTrait>(
    db: &C,
    shop_id: i64,
) -> Result<Vec<(DateTime<Utc>, Option<DateTime<Utc>>)>, Error> {
    Ok(conversation::Entity::find()
        .filter(conversation::Column::ShopId.eq(shop_id))
        .filter(conversation::Column::FirstAskedAt.is_not_null())
        .order_by_desc(conversation::Column::FirstAskedAt)
        .limit(RESPONSE_OVER)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|c| c.first_asked_at.map(|asked| (asked, c.first_answered_at)))
        .collect())
}

/// Shops `user_id` works for, for links to their inboxes.
///
/// # Errors
/// Database errors.
pub async fn staff_shops<C: ConnectionTrait>(db: &C, user_id: i64) -> Result<Vec<i64>, Error> {
    Ok(shop_member::Entity::find()
        .filter(shop_member::Column::UserId.eq(user_id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.shop_id)
        .collect())
}
