//! Reading orders: the buyer's history and one order with its timeline, a shop's orders to
//! fulfil, and the admin's search by code or phone. Nobody sees an order that is not theirs.

use chrono::{DateTime, Duration, Utc};
use ocop_accounts::{Role, User};
use ocop_catalog::entity::{shop, shop_member};
use ocop_core::{Error, phone};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;

use crate::entity::{order, order_event, order_line, pickup_point, refund_request, shop_order};
use crate::status::{Actor, Status};

/// Complaint windows: fresh food 24 hours, everything else 7 days.
pub fn complaint_window(perishable: bool) -> Duration {
    if perishable { Duration::hours(24) } else { Duration::days(7) }
}

/// A shop's part of an order with what was bought and what happened to it.
#[derive(Debug, Clone, Serialize)]
pub struct ShopPart {
    pub shop_order: shop_order::Model,
    pub shop_slug: String,
    pub shop_name: String,
    /// The seller's details, which a buyer is owed in a dispute.
    pub shop_phone: String,
    pub shop_address: String,
    /// The fair it was bought through: (name, slug).
    pub fair: Option<(String, String)>,
    pub lines: Vec<order_line::Model>,
    pub timeline: Vec<TimelineEntry>,
    pub refund: Option<refund_request::Model>,
    /// Until when the buyer may ask for a refund (once delivered).
    pub complaint_until: Option<DateTime<Utc>>,
    pub shopper_may_cancel: bool,
    pub shopper_may_complain: bool,
    pub shopper_may_confirm: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct TimelineEntry {
    pub status: String,
    pub note: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Detail {
    pub order: order::Model,
    pub pickup: Option<pickup_point::Model>,
    pub parts: Vec<ShopPart>,
}

async fn part<C: ConnectionTrait>(db: &C, so: shop_order::Model, now: DateTime<Utc>) -> Result<ShopPart, Error> {
    let shop = shop::Entity::find_by_id(so.shop_id).one(db).await?.ok_or(Error::NotFound { what: "gian hàng" })?;
    let lines = order_line::Entity::find()
        .filter(order_line::Column::ShopOrderId.eq(so.id))
        .order_by_asc(order_line::Column::Id)
        .all(db)
        .await?;
    let timeline = order_event::Entity::find()
        .filter(order_event::Column::ShopOrderId.eq(so.id))
        .order_by_asc(order_event::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|e| TimelineEntry { status: e.status, note: e.note, at: e.created_at })
        .collect();
    let refund = refund_request::Entity::find().filter(refund_request::Column::ShopOrderId.eq(so.id)).one(db).await?;
    let status = Status::parse(&so.status);
    let fair = match so.fair_id {
        Some(id) => fair_named(db, id).await?,
        None => None,
    };
    let complaint_until = so.delivered_at.map(|at| at + complaint_window(so.perishable));
    let in_window = complaint_until.is_some_and(|until| now <= until);
    Ok(ShopPart {
        shop_slug: shop.slug,
        shop_name: shop.name,
        shop_phone: shop.phone,
        shop_address: format!("{}, {}, {}", shop.street, shop.commune, province_name(&shop.province_code)),
        fair,
        lines,
        timeline,
        shopper_may_cancel: status.is_some_and(|s| s.may_cancel(Actor::Shopper)),
        shopper_may_complain: status == Some(Status::Delivered) && in_window && refund.is_none(),
        shopper_may_confirm: status == Some(Status::Delivered),
        refund,
        complaint_until,
        shop_order: so,
    })
}

/// A fair's name and slug (the fairs table belongs to ocop-fairs, which builds on orders).
async fn fair_named<C: ConnectionTrait>(db: &C, id: i64) -> Result<Option<(String, String)>, Error> {
    use sea_orm::FromQueryResult;
    #[derive(FromQueryResult)]
    struct Named {
        name: String,
        slug: String,
    }
    let found = Named::find_by_statement(sea_orm::Statement::from_sql_and_values(
        db.get_database_backend(),
        "SELECT name, slug FROM fairs WHERE id = $1",
        [id.into()],
    ))
    .one(db)
    .await?;
    Ok(found.map(|f| (f.name, f.slug)))
}

fn province_name(code: &str) -> String {
    ocop_core::provinces::by_code_exact(code).map_or_else(|| code.to_owned(), |p| p.name.to_owned())
}

pub(crate) async fn detail_of<C: ConnectionTrait>(
    db: &C,
    order: order::Model,
    only_shop: Option<i64>,
) -> Result<Detail, Error> {
    let mut query = shop_order::Entity::find().filter(shop_order::Column::OrderId.eq(order.id));
    if let Some(shop_id) = only_shop {
        query = query.filter(shop_order::Column::ShopId.eq(shop_id));
    }
    let now = Utc::now();
    let mut parts = Vec::new();
    for so in query.order_by_asc(shop_order::Column::Id).all(db).await? {
        parts.push(part(db, so, now).await?);
    }
    let pickup = match order.pickup_point_id {
        Some(id) => pickup_point::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    Ok(Detail { order, pickup, parts })
}

/// One order by its code, for its buyer or an admin; anyone else is told it does not exist.
///
/// # Errors
/// [`Error::NotFound`] when there is no such order or it is not the caller's.
pub async fn by_code<C: ConnectionTrait>(db: &C, viewer: &User, code: &str) -> Result<Detail, Error> {
    let code = code.trim().to_ascii_uppercase();
    let order = order::Entity::find()
        .filter(order::Column::Code.eq(code))
        .one(db)
        .await?
        .filter(|o| o.user_id == viewer.id || viewer.role == Role::Admin)
        .ok_or(Error::NotFound { what: "đơn hàng" })?;
    detail_of(db, order, None).await
}

/// The buyer's orders, newest first, with their shop parts.
///
/// # Errors
/// The database cannot be read.
pub async fn of_buyer<C: ConnectionTrait>(
    db: &C,
    user_id: i64,
    page: u64,
    per_page: u64,
) -> Result<Vec<Detail>, Error> {
    let orders = order::Entity::find()
        .filter(order::Column::UserId.eq(user_id))
        .order_by_desc(order::Column::Id)
        .offset(page.saturating_sub(1) * per_page)
        .limit(per_page)
        .all(db)
        .await?;
    let mut out = Vec::with_capacity(orders.len());
    for order in orders {
        out.push(detail_of(db, order, None).await?);
    }
    Ok(out)
}

/// Whether `actor` works for the shop (or is an admin).
///
/// # Errors
/// The database cannot be read.
pub async fn works_for<C: ConnectionTrait>(db: &C, actor: &ocop_core::Actor, shop_id: i64) -> Result<bool, Error> {
    if actor.is_admin() {
        return Ok(true);
    }
    Ok(shop_member::Entity::find_by_id((shop_id, actor.user_id)).one(db).await?.is_some())
}

/// A shop order and the customer order it belongs to.
///
/// # Errors
/// [`Error::NotFound`] for an unknown shop order.
pub async fn shop_order_with_order<C: ConnectionTrait>(
    db: &C,
    shop_order_id: i64,
) -> Result<(shop_order::Model, order::Model), Error> {
    let so =
        shop_order::Entity::find_by_id(shop_order_id).one(db).await?.ok_or(Error::NotFound { what: "đơn hàng" })?;
    let order = order::Entity::find_by_id(so.order_id).one(db).await?.ok_or(Error::NotFound { what: "đơn hàng" })?;
    Ok((so, order))
}

/// A shop whose orders `user` may see and move: its members and admins (a province's
/// coordinator verifies shops but does not read buyers' addresses).
///
/// # Errors
/// [`Error::NotFound`] for an unknown shop or one the user does not work for.
pub async fn staff_shop<C: ConnectionTrait>(db: &C, user: &User, slug: &str) -> Result<shop::Model, Error> {
    let shop = ocop_catalog::shops::for_member(db, user, slug).await?;
    if works_for(db, &user.actor(), shop.id).await? { Ok(shop) } else { Err(Error::NotFound { what: "gian hàng" }) }
}

/// The shop `slug` when `user` owns it (or is an admin): for what only an owner decides
/// (fairs, prices, staff, where the money goes). Staff get [`Error::Forbidden`].
///
/// # Errors
/// [`Error::NotFound`] as [`staff_shop`]; [`Error::Forbidden`] for staff.
pub async fn owned_shop<C: ConnectionTrait>(db: &C, user: &User, slug: &str) -> Result<shop::Model, Error> {
    let shop = staff_shop(db, user, slug).await?;
    if ocop_catalog::shops::owns_or_admin(db, user, shop.id).await? { Ok(shop) } else { Err(Error::Forbidden) }
}

/// A row of a shop's order list.
#[derive(Debug, Clone, Serialize)]
pub struct ShopRow {
    pub shop_order: shop_order::Model,
    pub code: String,
    pub recipient: String,
    pub province_code: String,
    pub payment_method: String,
    pub item_count: i64,
    pub placed_at: DateTime<Utc>,
}

/// A shop's orders, newest first, optionally of one status.
///
/// # Errors
/// The database cannot be read.
pub async fn of_shop<C: ConnectionTrait>(
    db: &C,
    shop_id: i64,
    status: Option<Status>,
    page: u64,
    per_page: u64,
) -> Result<(Vec<ShopRow>, u64), Error> {
    let mut query = shop_order::Entity::find().filter(shop_order::Column::ShopId.eq(shop_id));
    if let Some(status) = status {
        query = query.filter(shop_order::Column::Status.eq(status.as_str()));
    }
    let total = query.clone().count(db).await?;
    let rows = query
        .order_by_desc(shop_order::Column::Id)
        .offset(page.saturating_sub(1) * per_page)
        .limit(per_page)
        .all(db)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for so in rows {
        let Some(order) = order::Entity::find_by_id(so.order_id).one(db).await? else { continue };
        let lines = order_line::Entity::find().filter(order_line::Column::ShopOrderId.eq(so.id)).all(db).await?;
        out.push(ShopRow {
            code: order.code,
            recipient: order.recipient,
            province_code: order.province_code,
            payment_method: order.payment_method,
            item_count: lines.iter().map(|l| i64::from(l.quantity)).sum(),
            placed_at: order.created_at,
            shop_order: so,
        });
    }
    Ok((out, total))
}

/// One of the shop's orders, with the whole order's address but only this shop's part.
///
/// # Errors
/// [`Error::NotFound`] when the order is another shop's.
pub async fn for_shop<C: ConnectionTrait>(db: &C, shop_id: i64, shop_order_id: i64) -> Result<Detail, Error> {
    let so = shop_order::Entity::find_by_id(shop_order_id)
        .one(db)
        .await?
        .filter(|so| so.shop_id == shop_id)
        .ok_or(Error::NotFound { what: "đơn hàng" })?;
    let order = order::Entity::find_by_id(so.order_id).one(db).await?.ok_or(Error::NotFound { what: "đơn hàng" })?;
    detail_of(db, order, Some(shop_id)).await
}

/// Admin search: an order code, a phone number (any usual spelling), or the newest orders.
///
/// # Errors
/// The database cannot be read.
pub async fn search<C: ConnectionTrait>(db: &C, q: &str, limit: u64) -> Result<Vec<Detail>, Error> {
    let q = q.trim();
    let mut query = order::Entity::find();
    if !q.is_empty() {
        if let Some(phone) = phone::parse_vn_phone(q) {
            query = query.filter(order::Column::Phone.eq(phone));
        } else {
            query = query.filter(order::Column::Code.contains(q.to_ascii_uppercase()));
        }
    }
    let orders = query.order_by_desc(order::Column::Id).limit(limit).all(db).await?;
    let mut out = Vec::with_capacity(orders.len());
    for order in orders {
        out.push(detail_of(db, order, None).await?);
    }
    Ok(out)
}
