//! A shop's offer on a request, the buyer accepting one (the others are declined), the
//! thread between them, and a shop's own board: the open requests it fits and its offers.

use chrono::{NaiveDate, Utc};
use ocop_accounts::User;
use ocop_catalog::entity::{shop, shop_member};
use ocop_catalog::shops::STATUS_VERIFIED;
use ocop_core::error::conflict_on_unique;
use ocop_core::{Error, Vnd};
use ocop_orders::notify::{self, Message};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, Statement,
    TransactionSession, TransactionTrait,
};
use serde::Serialize;

use crate::conflicts;
use crate::entity::{message, offer, request};
use crate::fit;
use crate::input::{self, OfferInput};
use crate::requests::{Row, find, grouped, link, not_open};
use crate::status::{OfferStatus, RequestStatus};

/// The shop `user` offers for: the one named, or their only shop.
async fn offering_shop<C: ConnectionTrait>(db: &C, user: &User, slug: &str) -> Result<shop::Model, Error> {
    let mine = fit::shops_of_user(db, user.id).await?;
    let chosen = if slug.trim().is_empty() {
        let shops: Vec<shop::Model> = shop::Entity::find()
            .filter(shop::Column::Id.is_in(mine.iter().copied()))
            .filter(shop::Column::Status.eq(STATUS_VERIFIED))
            .all(db)
            .await?;
        match shops.len() {
            // Not a question of input: this account may not offer at all.
            0 => return Err(Error::Forbidden),
            1 => shops.into_iter().next().ok_or(Error::NotFound { what: "gian hàng" })?,
            _ => return Err(Error::invalid("shop", "Chọn gian hàng báo giá")),
        }
    } else {
        let found = ocop_catalog::shops::by_slug(db, slug.trim())
            .await
            .map_err(|_| Error::invalid("shop", "Không tìm thấy gian hàng của bạn"))?;
        if !mine.contains(&found.id) {
            return Err(Error::invalid("shop", "Không tìm thấy gian hàng của bạn"));
        }
        found
    };
    if chosen.status != STATUS_VERIFIED {
        return Err(Error::invalid("shop", "Gian hàng chưa được xác minh"));
    }
    if chosen.on_vacation {
        return Err(Error::invalid("shop", "Gian hàng đang tạm nghỉ"));
    }
    Ok(chosen)
}

/// A shop answers a request. Taken only while the request is open: the request row is
/// touched with a conditional update first, so an offer and an acceptance never cross.
///
/// # Errors
/// [`Error::Invalid`] naming the field, [`Error::Conflict`] `offer_exists` (one offer per
/// shop; the thread carries the haggling), `request_not_open` or `request_expired`.
pub async fn make<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    user: &User,
    request_id: i64,
    input: &OfferInput,
    today: NaiveDate,
) -> Result<offer::Model, Error> {
    let r = find(db, request_id).await?;
    let status = RequestStatus::effective(&r.status, r.deadline, today);
    if status != RequestStatus::Open {
        return Err(not_open(status));
    }
    if r.buyer_id == user.id {
        return Err(Error::invalid("shop", "Không thể báo giá cho yêu cầu của chính mình"));
    }
    let shop = offering_shop(db, user, &input.shop).await;
    let checked = input::check_offer(input, r.quantity);
    let (shop, new) = match (shop, checked) {
        (Ok(shop), Ok(new)) => (shop, new),
        (Err(Error::Invalid(mut a)), Err(b)) => {
            for (k, v) in b.0 {
                a.add(&k, v);
            }
            return Err(Error::Invalid(a));
        }
        (Err(e), _) => return Err(e),
        (_, Err(b)) => return Err(Error::Invalid(b)),
    };
    let now = Utc::now();
    let tx = ocop_core::db::begin_write(db).await?;
    let touched = tx
        .execute_raw(Statement::from_sql_and_values(
            tx.get_database_backend(),
            "UPDATE wholesale_requests SET updated_at = $1 WHERE id = $2 AND status = 'open' AND deadline >= $3",
            [now.into(), r.id.into(), today.into()],
        ))
        .await?;
    if touched.rows_affected() != 1 {
        drop(tx);
        let again = find(db, request_id).await?;
        return Err(not_open(RequestStatus::effective(&again.status, again.deadline, today)));
    }
    let created = offer::ActiveModel {
        request_id: Set(r.id),
        shop_id: Set(shop.id),
        author_id: Set(user.id),
        price_per_unit_vnd: Set(new.price_per_unit_vnd),
        quantity: Set(new.quantity),
        lead_time_days: Set(new.lead_time_days),
        message: Set(new.message.clone()),
        status: Set(OfferStatus::Pending.as_str().to_owned()),
        created_at: Set(now),
        decided_at: Set(None),
        ..Default::default()
    }
    .insert(&tx)
    .await
    .map_err(|e| {
        conflict_on_unique(e, || Error::Conflict {
            code: conflicts::OFFER_EXISTS,
            field: Some("shop"),
            message: "Gian hàng đã báo giá cho yêu cầu này: hãy trao đổi thêm trong tin nhắn".into(),
        })
    })?;
    let link = link(r.id);
    notify::tell(
        &tx,
        r.buyer_id,
        &Message {
            title: format!("{} báo giá {} cho {}", shop.name, Vnd(new.price_per_unit_vnd), r.product),
            body: format!(
                "{} chào {} {} {} với giá {}/{} (tổng {}), giao trong {} ngày.\n{}\nXem và chọn báo giá: {link}",
                shop.name,
                grouped(new.quantity),
                r.unit,
                r.product,
                Vnd(new.price_per_unit_vnd),
                r.unit,
                Vnd(new.price_per_unit_vnd.saturating_mul(new.quantity)),
                new.lead_time_days,
                new.message
            ),
            link: &link,
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!(wholesale.request = r.id, wholesale.offer = created.id, shop.id = shop.id, "wholesale offer made");
    Ok(created)
}

/// The buyer accepts one offer: the request becomes matched, that offer accepted, every
/// other pending offer declined, in one transaction whose first write is conditional on
/// the request still being open — of two accepts racing, exactly one wins.
///
/// # Errors
/// [`Error::Forbidden`] for anyone but the buyer, [`Error::NotFound`] for an offer of
/// another request, [`Error::Conflict`] `request_not_open`, `request_expired` or
/// `offer_not_pending`.
pub async fn accept<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    user: &User,
    request_id: i64,
    offer_id: i64,
    today: NaiveDate,
) -> Result<request::Model, Error> {
    let r = find(db, request_id).await?;
    if r.buyer_id != user.id {
        return Err(Error::Forbidden);
    }
    let chosen = offer::Entity::find_by_id(offer_id)
        .one(db)
        .await?
        .filter(|o| o.request_id == r.id)
        .ok_or(Error::NotFound { what: "báo giá" })?;
    let now = Utc::now();
    let tx = ocop_core::db::begin_write(db).await?;
    let backend = tx.get_database_backend();
    let matched = tx
        .execute_raw(Statement::from_sql_and_values(
            backend,
            "UPDATE wholesale_requests SET status = 'matched', accepted_offer_id = $1, closed_at = $2, updated_at = $2 \
             WHERE id = $3 AND status = 'open' AND deadline >= $4",
            [offer_id.into(), now.into(), r.id.into(), today.into()],
        ))
        .await?;
    if matched.rows_affected() != 1 {
        drop(tx);
        let again = find(db, request_id).await?;
        return Err(not_open(RequestStatus::effective(&again.status, again.deadline, today)));
    }
    let accepted = tx
        .execute_raw(Statement::from_sql_and_values(
            backend,
            "UPDATE wholesale_offers SET status = 'accepted', decided_at = $1 WHERE id = $2 AND request_id = $3 AND status = 'pending'",
            [now.into(), offer_id.into(), r.id.into()],
        ))
        .await?;
    if accepted.rows_affected() != 1 {
        // Dropping the transaction rolls the request back to open.
        return Err(Error::Conflict {
            code: conflicts::OFFER_NOT_PENDING,
            field: None,
            message: "Báo giá này không còn chờ chọn".into(),
        });
    }
    let matched = find(&tx, r.id).await?;
    let shop_name = shop::Entity::find_by_id(chosen.shop_id).one(&tx).await?.map_or_else(String::new, |s| s.name);
    let link = link(r.id);
    notify::tell_shop(
        &tx,
        chosen.shop_id,
        &Message {
            title: format!("{} đã chọn báo giá của bạn: {}", r.organisation, r.product),
            body: format!(
                "{} chọn {} {} {} với giá {}/{}. Liên hệ của bên mua có trên trang yêu cầu: {link}",
                r.organisation,
                grouped(chosen.quantity),
                r.unit,
                r.product,
                Vnd(chosen.price_per_unit_vnd),
                r.unit
            ),
            link: &link,
        },
    )
    .await?;
    let declined = offer::Entity::find()
        .filter(offer::Column::RequestId.eq(r.id))
        .filter(offer::Column::Status.eq(OfferStatus::Pending.as_str()))
        .all(&tx)
        .await?;
    tx.execute_raw(Statement::from_sql_and_values(
        backend,
        "UPDATE wholesale_offers SET status = 'declined', decided_at = $1 WHERE request_id = $2 AND status = 'pending'",
        [now.into(), r.id.into()],
    ))
    .await?;
    for o in declined {
        notify::tell_shop(
            &tx,
            o.shop_id,
            &Message {
                title: format!("Báo giá {} không được chọn", r.product),
                body: format!("{} đã chọn nhà cung cấp khác ({shop_name}).\nXem yêu cầu: {link}", r.organisation),
                link: &link,
            },
        )
        .await?;
    }
    tx.commit().await?;
    tracing::info!(wholesale.request = r.id, wholesale.offer = offer_id, "wholesale request matched");
    Ok(matched)
}

/// Writes in an offer's thread: the buyer or the offering shop's people; the other side is told.
///
/// # Errors
/// [`Error::Forbidden`] for anyone else, [`Error::Invalid`] `body`.
pub async fn post_message<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    user: &User,
    request_id: i64,
    offer_id: i64,
    body: &str,
) -> Result<message::Model, Error> {
    let r = find(db, request_id).await?;
    let o = offer::Entity::find_by_id(offer_id)
        .one(db)
        .await?
        .filter(|o| o.request_id == r.id)
        .ok_or(Error::NotFound { what: "báo giá" })?;
    let side = if user.id == r.buyer_id {
        "buyer"
    } else if shop_member::Entity::find_by_id((o.shop_id, user.id)).one(db).await?.is_some() {
        "shop"
    } else {
        return Err(Error::Forbidden);
    };
    let text = input::check_message(body).map_err(Error::Invalid)?;
    let tx = ocop_core::db::begin_write(db).await?;
    let written = message::ActiveModel {
        offer_id: Set(o.id),
        author_id: Set(user.id),
        side: Set(side.to_owned()),
        body: Set(text.clone()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    let link = link(r.id);
    let preview: String = text.chars().take(300).collect();
    if side == "buyer" {
        notify::tell_shop(
            &tx,
            o.shop_id,
            &Message {
                title: format!("{} nhắn về yêu cầu {}", r.organisation, r.product),
                body: format!("{preview}\nTrả lời: {link}"),
                link: &link,
            },
        )
        .await?;
    } else {
        let shop_name = shop::Entity::find_by_id(o.shop_id).one(&tx).await?.map_or_else(String::new, |s| s.name);
        notify::tell(
            &tx,
            r.buyer_id,
            &Message {
                title: format!("{shop_name} nhắn về yêu cầu {}", r.product),
                body: format!("{preview}\nTrả lời: {link}"),
                link: &link,
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(written)
}

/// A shop's offer with the request it answers.
#[derive(Debug, Clone, Serialize)]
pub struct ShopOffer {
    pub id: i64,
    pub status: String,
    pub price_per_unit_vnd: i64,
    pub quantity: i64,
    pub total_vnd: i64,
    pub lead_time_days: i32,
    pub created_at: chrono::DateTime<Utc>,
    pub request: Row,
}

/// What a shop sees on its board page.
#[derive(Debug, Clone, Serialize)]
pub struct ShopBoard {
    /// Verified and not on vacation: it can offer.
    pub open_for_business: bool,
    /// The OCOP groups it sells live products in.
    pub groups: Vec<String>,
    /// Open requests it fits and has not answered yet, newest first.
    pub matching: Vec<Row>,
    /// The ones it was told of by bell and e-mail.
    pub notified: Vec<i64>,
    pub offers: Vec<ShopOffer>,
}

/// A shop's board: requests it fits (the rule of [`crate::fit`]) and its offers.
///
/// # Errors
/// The database cannot be read.
pub async fn shop_board<C: ConnectionTrait>(db: &C, shop_id: i64, today: NaiveDate) -> Result<ShopBoard, Error> {
    let offers = offer::Entity::find()
        .filter(offer::Column::ShopId.eq(shop_id))
        .order_by_desc(offer::Column::Id)
        .limit(200)
        .all(db)
        .await?;
    let answered: Vec<i64> = offers.iter().map(|o| o.request_id).collect();
    let answered_requests = request::Entity::find().filter(request::Column::Id.is_in(answered.clone())).all(db).await?;
    let answered_rows = crate::requests::rows_of(db, answered_requests, today).await?;
    let shop_offers = offers
        .into_iter()
        .filter_map(|o| {
            let row = answered_rows.iter().find(|r| r.request.id == o.request_id)?.clone();
            Some(ShopOffer {
                id: o.id,
                status: o.status,
                price_per_unit_vnd: o.price_per_unit_vnd,
                quantity: o.quantity,
                total_vnd: o.price_per_unit_vnd.saturating_mul(o.quantity),
                lead_time_days: o.lead_time_days,
                created_at: o.created_at,
                request: row,
            })
        })
        .collect();
    let groups = fit::groups_of_shop(db, shop_id).await?;
    let reach = fit::reach_of_shop(db, shop_id).await?;
    let notified: Vec<i64> = crate::entity::notified::Entity::find()
        .filter(crate::entity::notified::Column::ShopId.eq(shop_id))
        .all(db)
        .await?
        .into_iter()
        .map(|n| n.request_id)
        .collect();
    let members = shop_member::Entity::find().filter(shop_member::Column::ShopId.eq(shop_id)).all(db).await?;
    let member_ids: Vec<i64> = members.iter().map(|m| m.user_id).collect();
    let matching = match &reach {
        Some(reach) if !groups.is_empty() => {
            let open = request::Entity::find()
                .filter(request::Column::Status.eq(RequestStatus::Open.as_str()))
                .filter(request::Column::Deadline.gte(today))
                .filter(request::Column::Category.is_in(groups.clone()))
                .filter(request::Column::Id.is_not_in(answered))
                .filter(request::Column::BuyerId.is_not_in(member_ids))
                .order_by_desc(request::Column::Id)
                .limit(200)
                .all(db)
                .await?
                .into_iter()
                .filter(|r| fit::reaches(reach, &r.province_code))
                .collect();
            crate::requests::rows_of(db, open, today).await?
        }
        _ => Vec::new(),
    };
    Ok(ShopBoard { open_for_business: reach.is_some(), groups, matching, notified, offers: shop_offers })
}
