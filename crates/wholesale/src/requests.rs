//! Posting a request (and telling the shops that fit), the public board, one request as a
//! given viewer sees it, the buyer's own list, closing, and the deadline clock.

use std::collections::BTreeMap;

use chrono::{NaiveDate, Utc};
use ocop_accounts::{Role, User};
use ocop_catalog::entity::shop;
use ocop_catalog::group;
use ocop_core::{Error, Vnd, provinces};
use ocop_orders::notify::{self, Message};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, Statement, TransactionSession, TransactionTrait,
};
use serde::Serialize;

use crate::conflicts;
use crate::entity::{message, notified, offer, request};
use crate::fit;
use crate::input::{self, RequestInput, buyer_kind_label};
use crate::status::{OfferStatus, RequestStatus};

/// Where a request lives on the site (bell entries and e-mails point there).
pub fn link(id: i64) -> String {
    format!("/ket-noi-cung-cau/{id}")
}

/// `1500` → `1.500`: quantities read like amounts.
pub fn grouped(n: i64) -> String {
    Vnd(n).to_string().trim_end_matches(" ₫").to_owned()
}

pub fn province_name(code: &str) -> &'static str {
    provinces::by_code_exact(code).map_or("", |p| p.name)
}

/// A request written, with the shops told of it (best fit first).
#[derive(Debug, Clone)]
pub struct Created {
    pub request: request::Model,
    pub notified: Vec<i64>,
}

/// Posts a request for `buyer` and tells the shops that fit, in one transaction (a request
/// that fails to be written tells no one).
///
/// # Errors
/// [`Error::Invalid`] naming each bad field.
/// Larger than any table, small enough for every database's OFFSET.
const MAX_OFFSET: u64 = 1 << 40;

pub async fn create<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    buyer: &User,
    input: &RequestInput,
    today: NaiveDate,
) -> Result<Created, Error> {
    let new = input::check_request(input, today).map_err(Error::Invalid)?;
    let now = Utc::now();
    let tx = ocop_core::db::begin_write(db).await?;
    let row = request::ActiveModel {
        buyer_id: Set(buyer.id),
        organisation: Set(new.organisation.clone()),
        buyer_kind: Set(new.buyer_kind.to_owned()),
        product: Set(new.product.clone()),
        category: Set(new.category.to_owned()),
        quantity: Set(new.quantity),
        unit: Set(new.unit.to_owned()),
        province_code: Set(new.province_code.to_owned()),
        province_input: Set(new.province_input.clone()),
        deadline: Set(new.deadline),
        budget_vnd: Set(new.budget_vnd),
        note: Set(new.note.clone()),
        status: Set(RequestStatus::Open.as_str().to_owned()),
        accepted_offer_id: Set(None),
        notified_shops: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        closed_at: Set(None),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    let fitting = fit::shops_to_tell(&tx, new.category, new.province_code, buyer.id).await?;
    let link = link(row.id);
    let place = province_name(new.province_code);
    let title = format!("Cần mua sỉ {} {} {} giao tại {place}", grouped(new.quantity), new.unit, new.product);
    let mut body = format!(
        "{} cần {} {} {}, giao tại {place}, nhận báo giá đến hết ngày {}.",
        new.organisation,
        grouped(new.quantity),
        new.unit,
        new.product,
        new.deadline.format("%d/%m/%Y")
    );
    if let Some(budget) = new.budget_vnd {
        body.push_str(&format!("\nNgân sách: {}", Vnd(budget)));
    }
    body.push_str(&format!("\nXem và báo giá: {link}"));
    let mut told = Vec::with_capacity(fitting.len());
    for (i, c) in fitting.iter().enumerate() {
        notified::ActiveModel {
            request_id: Set(row.id),
            shop_id: Set(c.shop_id),
            rank: Set(i32::try_from(i + 1).unwrap_or(i32::MAX)),
            created_at: Set(now),
        }
        .insert(&tx)
        .await?;
        notify::tell_shop(&tx, c.shop_id, &Message { title: title.clone(), body: body.clone(), link: &link }).await?;
        told.push(c.shop_id);
    }
    let mut active: request::ActiveModel = row.into();
    active.notified_shops = Set(i32::try_from(told.len()).unwrap_or(i32::MAX));
    let request = active.update(&tx).await?;
    tx.commit().await?;
    tracing::info!(wholesale.request = request.id, shops.notified = told.len(), "wholesale request posted");
    Ok(Created { request, notified: told })
}

/// A line of a list: the request, what it is now, and how many offers it has.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub request: request::Model,
    /// The status now (an open request past its deadline reads `expired`).
    pub status: RequestStatus,
    pub group_name_vi: &'static str,
    pub group_name_en: &'static str,
    pub province_name: &'static str,
    pub buyer_kind_label: &'static str,
    pub offer_count: u64,
}

/// List rows for `requests`, with their offer counts.
///
/// # Errors
/// The database cannot be read.
pub async fn rows_of<C: ConnectionTrait>(
    db: &C,
    requests: Vec<request::Model>,
    today: NaiveDate,
) -> Result<Vec<Row>, Error> {
    let ids: Vec<i64> = requests.iter().map(|r| r.id).collect();
    let mut counts: BTreeMap<i64, u64> = BTreeMap::new();
    for o in offer::Entity::find().filter(offer::Column::RequestId.is_in(ids)).all(db).await? {
        *counts.entry(o.request_id).or_default() += 1;
    }
    Ok(requests
        .into_iter()
        .map(|r| {
            let g = group::by_code(&r.category);
            Row {
                status: RequestStatus::effective(&r.status, r.deadline, today),
                group_name_vi: g.map_or("", |g| g.name_vi),
                group_name_en: g.map_or("", |g| g.name_en),
                province_name: province_name(&r.province_code),
                buyer_kind_label: buyer_kind_label(&r.buyer_kind),
                offer_count: counts.get(&r.id).copied().unwrap_or(0),
                request: r,
            }
        })
        .collect())
}

/// Narrows a list: an OCOP group code, a province code, a status.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub group: Option<&'static str>,
    pub province: Option<&'static str>,
    pub status: Option<RequestStatus>,
}

impl Filter {
    /// Reads filters as people type them (a group or province by name, former names too);
    /// an unknown value filters nothing.
    pub fn parse(group_raw: &str, province_raw: &str, status_raw: &str) -> Self {
        Self {
            group: group::find(group_raw).map(|g| g.code),
            province: provinces::find(province_raw).map(|p| p.code),
            status: RequestStatus::parse(status_raw),
        }
    }

    fn condition(&self, today: NaiveDate) -> Condition {
        let mut c = Condition::all();
        if let Some(g) = self.group {
            c = c.add(request::Column::Category.eq(g));
        }
        if let Some(p) = self.province {
            c = c.add(request::Column::ProvinceCode.eq(p));
        }
        match self.status {
            None => {}
            Some(RequestStatus::Open) => {
                c = c.add(request::Column::Status.eq("open")).add(request::Column::Deadline.gte(today));
            }
            Some(RequestStatus::Expired) => {
                c = c.add(Condition::any().add(request::Column::Status.eq("expired")).add(
                    Condition::all().add(request::Column::Status.eq("open")).add(request::Column::Deadline.lt(today)),
                ));
            }
            Some(s) => c = c.add(request::Column::Status.eq(s.as_str())),
        }
        c
    }
}

/// Requests matching `filter`, newest first, a page at a time, with the total.
///
/// # Errors
/// The database cannot be read.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    filter: &Filter,
    today: NaiveDate,
    page: u64,
    per_page: u64,
) -> Result<(Vec<Row>, u64), Error> {
    let query = request::Entity::find().filter(filter.condition(today));
    let total = query.clone().count(db).await?;
    let found = query
        .order_by_desc(request::Column::Id)
        // Any page number a client sends: past the end is simply empty, never an overflow.
        .offset(page.saturating_sub(1).saturating_mul(per_page).min(MAX_OFFSET))
        .limit(per_page)
        .all(db)
        .await?;
    Ok((rows_of(db, found, today).await?, total))
}

/// The public board: open requests only.
///
/// # Errors
/// The database cannot be read.
pub async fn board<C: ConnectionTrait>(
    db: &C,
    mut filter: Filter,
    today: NaiveDate,
    page: u64,
    per_page: u64,
) -> Result<(Vec<Row>, u64), Error> {
    filter.status = Some(RequestStatus::Open);
    list(db, &filter, today, page, per_page).await
}

/// The requests a buyer posted, newest first.
///
/// # Errors
/// The database cannot be read.
pub async fn of_buyer<C: ConnectionTrait>(db: &C, buyer_id: i64, today: NaiveDate) -> Result<Vec<Row>, Error> {
    let found = request::Entity::find()
        .filter(request::Column::BuyerId.eq(buyer_id))
        .order_by_desc(request::Column::Id)
        .limit(200)
        .all(db)
        .await?;
    rows_of(db, found, today).await
}

/// # Errors
/// [`Error::NotFound`].
pub async fn find<C: ConnectionTrait>(db: &C, id: i64) -> Result<request::Model, Error> {
    request::Entity::find_by_id(id).one(db).await?.ok_or(Error::NotFound { what: "yêu cầu mua sỉ" })
}

#[derive(Debug, Clone, Serialize)]
pub struct MessageView {
    /// `buyer` or `shop`.
    pub side: String,
    pub author: String,
    pub body: String,
    pub at: chrono::DateTime<Utc>,
}

/// How to reach the other side once an offer is accepted.
#[derive(Debug, Clone, Serialize)]
pub struct Contact {
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
}

/// An offer as a viewer sees it: the price, the message and the thread only for the
/// buyer, the offering shop's people and admins; `null` for everyone else.
#[derive(Debug, Clone, Serialize)]
pub struct OfferView {
    pub id: i64,
    pub shop: String,
    pub shop_name: String,
    pub shop_province: &'static str,
    /// `pending`, `accepted` or `declined`.
    pub status: String,
    pub quantity: i64,
    pub lead_time_days: i32,
    pub created_at: chrono::DateTime<Utc>,
    /// The viewer works for this shop.
    pub mine: bool,
    pub price_per_unit_vnd: Option<i64>,
    pub total_vnd: Option<i64>,
    pub message: Option<String>,
    pub messages: Option<Vec<MessageView>>,
    /// The viewer may write in this offer's thread.
    pub may_write: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ShopChoice {
    pub slug: String,
    pub name: String,
}

/// One request as `viewer` sees it.
#[derive(Debug, Clone, Serialize)]
pub struct Detail {
    #[serde(flatten)]
    pub row: Row,
    pub is_buyer: bool,
    pub is_admin: bool,
    pub offers: Vec<OfferView>,
    /// The buyer may accept an offer or close the request.
    pub may_decide: bool,
    /// The viewer's shops that may still offer (verified, open, not yet offered).
    pub offer_shops: Vec<ShopChoice>,
    /// Once matched: the chosen shop for the buyer, the buyer for the chosen shop.
    pub shop_contact: Option<Contact>,
    pub buyer_contact: Option<Contact>,
}

/// One request with its offers, as `viewer` (signed in or not) may see it.
///
/// # Errors
/// [`Error::NotFound`].
pub async fn detail<C: ConnectionTrait>(
    db: &C,
    viewer: Option<&User>,
    id: i64,
    today: NaiveDate,
) -> Result<Detail, Error> {
    let found = find(db, id).await?;
    let row = rows_of(db, vec![found], today)
        .await?
        .into_iter()
        .next()
        .ok_or(Error::NotFound { what: "yêu cầu mua sỉ" })?;
    let r = &row.request;
    let is_buyer = viewer.is_some_and(|v| v.id == r.buyer_id);
    let is_admin = viewer.is_some_and(|v| v.role == Role::Admin);
    let my_shops = match viewer {
        Some(v) => fit::shops_of_user(db, v.id).await?,
        None => Default::default(),
    };
    let offers =
        offer::Entity::find().filter(offer::Column::RequestId.eq(r.id)).order_by_asc(offer::Column::Id).all(db).await?;
    let shop_ids: Vec<i64> = offers.iter().map(|o| o.shop_id).chain(my_shops.iter().copied()).collect();
    let shops: BTreeMap<i64, shop::Model> = shop::Entity::find()
        .filter(shop::Column::Id.is_in(shop_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let offer_ids: Vec<i64> = offers.iter().map(|o| o.id).collect();
    let thread = message::Entity::find()
        .filter(message::Column::OfferId.is_in(offer_ids))
        .order_by_asc(message::Column::Id)
        .all(db)
        .await?;
    let author_ids: Vec<i64> = thread.iter().map(|m| m.author_id).chain([r.buyer_id]).collect();
    let people: BTreeMap<i64, ocop_accounts::entity::user::Model> = ocop_accounts::entity::user::Entity::find()
        .filter(ocop_accounts::entity::user::Column::Id.is_in(author_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let open = row.status == RequestStatus::Open;
    let mut views = Vec::with_capacity(offers.len());
    let mut shop_contact = None;
    let mut buyer_contact = None;
    for o in &offers {
        let s = shops.get(&o.shop_id);
        let mine = my_shops.contains(&o.shop_id);
        let private = is_buyer || is_admin || mine;
        let messages = private.then(|| {
            thread
                .iter()
                .filter(|m| m.offer_id == o.id)
                .map(|m| MessageView {
                    side: m.side.clone(),
                    author: if m.side == "shop" {
                        s.map_or_else(String::new, |s| s.name.clone())
                    } else {
                        r.organisation.clone()
                    },
                    body: m.body.clone(),
                    at: m.created_at,
                })
                .collect()
        });
        if o.status == OfferStatus::Accepted.as_str() {
            if (is_buyer || is_admin)
                && let Some(s) = s
            {
                shop_contact = Some(Contact {
                    name: s.name.clone(),
                    phone: Some(s.phone.clone()),
                    email: None,
                    address: Some(format!("{}, {}, {}", s.street, s.commune, province_name(&s.province_code))),
                });
            }
            if (mine || is_admin)
                && let Some(buyer) = people.get(&r.buyer_id)
            {
                buyer_contact = Some(Contact {
                    name: format!("{} ({})", buyer.name, r.organisation),
                    phone: buyer.phone.clone(),
                    email: Some(buyer.email.clone()),
                    address: None,
                });
            }
        }
        views.push(OfferView {
            id: o.id,
            shop: s.map_or_else(String::new, |s| s.slug.clone()),
            shop_name: s.map_or_else(String::new, |s| s.name.clone()),
            shop_province: s.map_or("", |s| province_name(&s.province_code)),
            status: o.status.clone(),
            quantity: o.quantity,
            lead_time_days: o.lead_time_days,
            created_at: o.created_at,
            mine,
            price_per_unit_vnd: private.then_some(o.price_per_unit_vnd),
            total_vnd: private.then(|| o.price_per_unit_vnd.saturating_mul(o.quantity)),
            message: private.then(|| o.message.clone()),
            messages,
            may_write: is_buyer || mine,
        });
    }
    let offered: Vec<i64> = offers.iter().map(|o| o.shop_id).collect();
    let offer_shops = if open && !is_buyer {
        my_shops
            .iter()
            .filter(|id| !offered.contains(id))
            .filter_map(|id| shops.get(id))
            .filter(|s| s.status == ocop_catalog::shops::STATUS_VERIFIED && !s.on_vacation)
            .map(|s| ShopChoice { slug: s.slug.clone(), name: s.name.clone() })
            .collect()
    } else {
        Vec::new()
    };
    Ok(Detail {
        may_decide: is_buyer && open,
        row,
        is_buyer,
        is_admin,
        offers: views,
        offer_shops,
        shop_contact,
        buyer_contact,
    })
}

/// The conflict for a move on a request that is no longer open.
pub(crate) fn not_open(status: RequestStatus) -> Error {
    let (code, message) = match status {
        RequestStatus::Expired => (conflicts::REQUEST_EXPIRED, "Yêu cầu đã hết hạn nhận báo giá"),
        RequestStatus::Matched => (conflicts::REQUEST_NOT_OPEN, "Yêu cầu đã chọn được nhà cung cấp"),
        RequestStatus::Closed => (conflicts::REQUEST_NOT_OPEN, "Yêu cầu đã được bên mua đóng"),
        RequestStatus::Open => (conflicts::REQUEST_CHANGED, "Yêu cầu vừa thay đổi: hãy tải lại trang"),
    };
    Error::Conflict { code, field: None, message: message.to_owned() }
}

/// Declines every pending offer of a request that ended without them, and tells those shops.
async fn decline_pending<C: ConnectionTrait>(db: &C, r: &request::Model, why: &str) -> Result<usize, Error> {
    let pending = offer::Entity::find()
        .filter(offer::Column::RequestId.eq(r.id))
        .filter(offer::Column::Status.eq(OfferStatus::Pending.as_str()))
        .all(db)
        .await?;
    db.execute_raw(Statement::from_sql_and_values(
        db.get_database_backend(),
        "UPDATE wholesale_offers SET status = $1, decided_at = $2 WHERE request_id = $3 AND status = $4",
        [OfferStatus::Declined.as_str().into(), Utc::now().into(), r.id.into(), OfferStatus::Pending.as_str().into()],
    ))
    .await?;
    let link = link(r.id);
    for o in &pending {
        notify::tell_shop(
            db,
            o.shop_id,
            &Message {
                title: format!("Báo giá {} không được chọn", r.product),
                body: format!("{why}\nXem yêu cầu: {link}"),
                link: &link,
            },
        )
        .await?;
    }
    Ok(pending.len())
}

/// The buyer closes (cancels) an open request; pending offers are declined.
///
/// # Errors
/// [`Error::Forbidden`] for anyone but the buyer, [`Error::Conflict`] when it is no longer open.
pub async fn close<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    user: &User,
    id: i64,
    today: NaiveDate,
) -> Result<request::Model, Error> {
    let r = find(db, id).await?;
    if r.buyer_id != user.id {
        return Err(Error::Forbidden);
    }
    let now = Utc::now();
    let tx = ocop_core::db::begin_write(db).await?;
    let moved = tx
        .execute_raw(Statement::from_sql_and_values(
            tx.get_database_backend(),
            "UPDATE wholesale_requests SET status = 'closed', closed_at = $1, updated_at = $1 \
             WHERE id = $2 AND status = 'open' AND deadline >= $3",
            [now.into(), id.into(), today.into()],
        ))
        .await?;
    if moved.rows_affected() != 1 {
        drop(tx);
        let now_is = find(db, id).await?;
        return Err(not_open(RequestStatus::effective(&now_is.status, now_is.deadline, today)));
    }
    let closed = find(&tx, id).await?;
    decline_pending(&tx, &closed, &format!("{} đã đóng yêu cầu mua {}.", closed.organisation, closed.product)).await?;
    tx.commit().await?;
    Ok(closed)
}

/// Marks open requests whose deadline passed before `today` as expired, declines their
/// pending offers, and tells each buyer. Returns how many expired.
///
/// # Errors
/// The database cannot be read or written.
pub async fn expire_overdue<C: ConnectionTrait + TransactionTrait>(db: &C, today: NaiveDate) -> Result<usize, Error> {
    let overdue = request::Entity::find()
        .filter(request::Column::Status.eq(RequestStatus::Open.as_str()))
        .filter(request::Column::Deadline.lt(today))
        .limit(200)
        .all(db)
        .await?;
    let mut expired = 0;
    for r in overdue {
        let tx = ocop_core::db::begin_write(db).await?;
        let moved = tx
            .execute_raw(Statement::from_sql_and_values(
                tx.get_database_backend(),
                "UPDATE wholesale_requests SET status = 'expired', closed_at = $1, updated_at = $1 \
                 WHERE id = $2 AND status = 'open' AND deadline < $3",
                [Utc::now().into(), r.id.into(), today.into()],
            ))
            .await?;
        if moved.rows_affected() != 1 {
            // Matched or closed a moment ago.
            continue;
        }
        let offers = decline_pending(&tx, &r, &format!("Yêu cầu mua {} đã hết hạn nhận báo giá.", r.product)).await?;
        let link = link(r.id);
        notify::tell(
            &tx,
            r.buyer_id,
            &Message {
                title: format!("Yêu cầu mua {} đã hết hạn", r.product),
                body: format!(
                    "Hạn nhận báo giá ({}) đã qua với {offers} báo giá chưa được chọn. Bạn có thể đăng yêu cầu mới.\nXem: {link}",
                    r.deadline.format("%d/%m/%Y")
                ),
                link: &link,
            },
        )
        .await?;
        tx.commit().await?;
        expired += 1;
    }
    Ok(expired)
}
