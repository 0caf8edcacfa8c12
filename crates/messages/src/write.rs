//! Starting a conversation and writing into it. A message, the counters it moves and the
//! notice it sends are one transaction; the other side is told (bell and e-mail) only when
//! it had nothing unread here, so a burst of messages is one notice.

use chrono::{Duration, Utc};
use ocop_catalog::entity::{product, shop, shop_member};
use ocop_core::{Error, contact};
use ocop_orders::entity::{order, shop_order};
use ocop_orders::notify::{self, Message};
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set, TransactionSession,
    TransactionTrait,
};

use crate::entity::{conversation, message};
use crate::{MAX_BODY, MAX_NEW_PER_DAY, Side, conflicts};

/// What a message is about, besides its text: a product of the shop, or an order the
/// shopper placed with it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct About {
    pub product_id: Option<i64>,
    pub order_id: Option<i64>,
}

/// A message's text: NFC, trimmed, not empty, at most [`MAX_BODY`] characters.
///
/// # Errors
/// A field error on `body`.
pub fn body(raw: &str) -> Result<String, Error> {
    let text = ocop_core::text::clean_block(raw);
    if text.is_empty() {
        return Err(Error::invalid("body", "Vui lòng nhập tin nhắn"));
    }
    if text.chars().count() > MAX_BODY {
        return Err(Error::invalid("body", format!("Tin nhắn tối đa {MAX_BODY} ký tự")));
    }
    Ok(text)
}

/// Whether `user_id` works for the shop (owner or staff).
///
/// # Errors
/// Database errors.
pub async fn is_staff<C: ConnectionTrait>(db: &C, user_id: i64, shop_id: i64) -> Result<bool, Error> {
    Ok(shop_member::Entity::find()
        .filter(shop_member::Column::ShopId.eq(shop_id))
        .filter(shop_member::Column::UserId.eq(user_id))
        .count(db)
        .await?
        > 0)
}

/// Whether the shopper has an order with the shop that went past payment and was not
/// cancelled: from then on contacts are shown as written.
///
/// # Errors
/// Database errors.
pub async fn has_order<C: ConnectionTrait>(db: &C, shopper_id: i64, shop_id: i64) -> Result<bool, Error> {
    let placed = Query::select()
        .column(order::Column::Id)
        .from(order::Entity)
        .and_where(order::Column::UserId.eq(shopper_id))
        .to_owned();
    Ok(shop_order::Entity::find()
        .filter(shop_order::Column::ShopId.eq(shop_id))
        .filter(shop_order::Column::OrderId.in_subquery(placed))
        .filter(shop_order::Column::Status.is_not_in(["awaiting_payment", "cancelled"]))
        .count(db)
        .await?
        > 0)
}

/// Checks that the product belongs to the shop and the order is the shopper's and has a
/// part from the shop.
async fn check_about<C: ConnectionTrait>(db: &C, shopper_id: i64, shop_id: i64, about: About) -> Result<(), Error> {
    if let Some(id) = about.product_id {
        let found = product::Entity::find_by_id(id).one(db).await?;
        if found.is_none_or(|p| p.shop_id != shop_id) {
            return Err(Error::invalid("product", "Sản phẩm không thuộc gian hàng này"));
        }
    }
    if let Some(id) = about.order_id {
        let mine = order::Entity::find_by_id(id).one(db).await?.is_some_and(|o| o.user_id == shopper_id);
        let with_shop = mine
            && shop_order::Entity::find()
                .filter(shop_order::Column::OrderId.eq(id))
                .filter(shop_order::Column::ShopId.eq(shop_id))
                .count(db)
                .await?
                > 0;
        if !with_shop {
            return Err(Error::invalid("order", "Đơn hàng này không có hàng của gian hàng"));
        }
    }
    Ok(())
}

/// The shopper writes to a shop: into their conversation with it, opened on first use.
///
/// # Errors
/// A field error on `body`, `product` or `order`; [`Error::NotFound`] for a shop not open;
/// [`conflicts::OWN_SHOP`]; [`conflicts::TOO_MANY_CONVERSATIONS`].
pub async fn start<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    shopper_id: i64,
    shop_id: i64,
    about: About,
    raw: &str,
) -> Result<(conversation::Model, message::Model), Error> {
    let text = body(raw)?;
    shop::Entity::find_by_id(shop_id)
        .one(db)
        .await?
        .filter(|s| s.status == ocop_catalog::shops::STATUS_VERIFIED)
        .ok_or(Error::NotFound { what: "gian hàng" })?;
    if is_staff(db, shopper_id, shop_id).await? {
        return Err(Error::Conflict {
            code: conflicts::OWN_SHOP,
            field: None,
            message: "Bạn là nhân viên của gian hàng này, không thể tự nhắn tin cho gian hàng".into(),
        });
    }
    check_about(db, shopper_id, shop_id, about).await?;
    let conversation = match existing(db, shopper_id, shop_id).await? {
        Some(found) => found,
        None => open(db, shopper_id, shop_id).await?,
    };
    let sent = append(db, &conversation, Side::Shopper, shopper_id, about, text).await?;
    let conversation = conversation::Entity::find_by_id(conversation.id)
        .one(db)
        .await?
        .ok_or(Error::NotFound { what: "cuộc trò chuyện" })?;
    Ok((conversation, sent))
}

/// The shopper's conversation with the shop, if there is one.
///
/// # Errors
/// Database errors.
pub async fn existing<C: ConnectionTrait>(
    db: &C,
    shopper_id: i64,
    shop_id: i64,
) -> Result<Option<conversation::Model>, Error> {
    Ok(conversation::Entity::find()
        .filter(conversation::Column::ShopperId.eq(shopper_id))
        .filter(conversation::Column::ShopId.eq(shop_id))
        .one(db)
        .await?)
}

async fn open<C: ConnectionTrait>(db: &C, shopper_id: i64, shop_id: i64) -> Result<conversation::Model, Error> {
    let started = conversation::Entity::find()
        .filter(conversation::Column::ShopperId.eq(shopper_id))
        .filter(conversation::Column::CreatedAt.gt(Utc::now() - Duration::hours(24)))
        .count(db)
        .await?;
    if started >= MAX_NEW_PER_DAY {
        return Err(Error::Conflict {
            code: conflicts::TOO_MANY_CONVERSATIONS,
            field: None,
            message: format!("Bạn đã bắt đầu {MAX_NEW_PER_DAY} cuộc trò chuyện trong 24 giờ qua, hãy thử lại sau"),
        });
    }
    let now = Utc::now();
    let row = conversation::ActiveModel {
        shopper_id: Set(shopper_id),
        shop_id: Set(shop_id),
        product_id: Set(None),
        order_id: Set(None),
        shopper_unread: Set(0),
        shop_unread: Set(0),
        last_message_at: Set(now),
        first_asked_at: Set(None),
        first_answered_at: Set(None),
        reported_at: Set(None),
        reported_by: Set(None),
        report_reason: Set(None),
        created_at: Set(now),
        ..Default::default()
    };
    match row.insert(db).await {
        Ok(saved) => Ok(saved),
        // Two first messages at once: the other one opened it.
        Err(e) if ocop_core::error::is_unique_violation(&e) => {
            existing(db, shopper_id, shop_id).await?.ok_or(Error::NotFound { what: "cuộc trò chuyện" })
        }
        Err(e) => Err(e.into()),
    }
}

/// `sender_id`, on `side`, writes into a conversation they belong to (see
/// [`crate::read::open`]).
///
/// # Errors
/// A field error on `body`, `product` or `order`.
pub async fn send<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    conversation: &conversation::Model,
    side: Side,
    sender_id: i64,
    about: About,
    raw: &str,
) -> Result<message::Model, Error> {
    let text = body(raw)?;
    check_about(db, conversation.shopper_id, conversation.shop_id, about).await?;
    append(db, conversation, side, sender_id, about, text).await
}

async fn append<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    conversation: &conversation::Model,
    side: Side,
    sender_id: i64,
    about: About,
    text: String,
) -> Result<message::Model, Error> {
    let masked =
        contact::first(&text).is_some() && !has_order(db, conversation.shopper_id, conversation.shop_id).await?;
    let txn = ocop_core::db::begin_write(db).await?;
    // Read again under the write lock: the counters and first times move from here.
    let now_row = conversation::Entity::find_by_id(conversation.id)
        .one(&txn)
        .await?
        .ok_or(Error::NotFound { what: "cuộc trò chuyện" })?;
    let now = Utc::now();
    let saved = message::ActiveModel {
        conversation_id: Set(now_row.id),
        sender_id: Set(sender_id),
        from_shop: Set(side.from_shop()),
        body: Set(text),
        masked: Set(masked),
        product_id: Set(about.product_id),
        order_id: Set(about.order_id),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let was_unread = match side {
        Side::Shopper => now_row.shop_unread,
        Side::Shop => now_row.shopper_unread,
    };
    let mut row: conversation::ActiveModel = now_row.clone().into();
    row.last_message_at = Set(now);
    // Whoever writes has read the conversation: their own counter clears.
    match side {
        Side::Shopper => {
            row.shopper_unread = Set(0);
            row.shop_unread = Set(now_row.shop_unread + 1);
            if now_row.first_asked_at.is_none() {
                row.first_asked_at = Set(Some(now));
            }
        }
        Side::Shop => {
            row.shop_unread = Set(0);
            row.shopper_unread = Set(now_row.shopper_unread + 1);
            if now_row.first_asked_at.is_some() && now_row.first_answered_at.is_none() {
                row.first_answered_at = Set(Some(now));
            }
        }
    }
    if about.product_id.is_some() {
        row.product_id = Set(about.product_id);
    }
    if about.order_id.is_some() {
        row.order_id = Set(about.order_id);
    }
    row.update(&txn).await?;
    if was_unread == 0 {
        tell(&txn, &now_row, side, sender_id, &saved).await?;
    }
    txn.commit().await?;
    Ok(saved)
}

/// The bell and an e-mail for the other side, with the text as they will read it.
async fn tell<C: ConnectionTrait>(
    db: &C,
    conversation: &conversation::Model,
    side: Side,
    sender_id: i64,
    sent: &message::Model,
) -> Result<(), Error> {
    let shop = shop::Entity::find_by_id(conversation.shop_id).one(db).await?;
    let (shop_name, shop_slug) = shop.map(|s| (s.name, s.slug)).unwrap_or_default();
    let text = if sent.masked { contact::mask(&sent.body) } else { sent.body.clone() };
    let preview: String = text.chars().take(300).collect();
    match side {
        Side::Shop => {
            let link = format!("/tin-nhan/{}", conversation.id);
            let message = Message {
                title: format!("{shop_name} đã nhắn tin cho bạn"),
                body: format!("«{preview}»\n\nXem và trả lời: {link}"),
                link: &link,
            };
            notify::tell(db, conversation.shopper_id, &message).await
        }
        Side::Shopper => {
            let shopper = ocop_accounts::entity::user::Entity::find_by_id(conversation.shopper_id).one(db).await?;
            let name = shopper.map(|u| u.name).unwrap_or_default();
            let link = format!("/kenh-nguoi-ban/{shop_slug}/tin-nhan/{}", conversation.id);
            let message = Message {
                title: format!("Tin nhắn mới từ {name}"),
                body: format!("«{preview}»\n\nXem và trả lời: {link}"),
                link: &link,
            };
            let staff = shop_member::Entity::find()
                .filter(shop_member::Column::ShopId.eq(conversation.shop_id))
                .filter(shop_member::Column::UserId.ne(sender_id))
                .all(db)
                .await?;
            for member in staff {
                notify::tell(db, member.user_id, &message).await?;
            }
            Ok(())
        }
    }
}

/// What a page or call names a message's subject by: a product's slug, an order's code
/// (empty for none), resolved to ids, with the product's name and slug to show.
///
/// # Errors
/// A field error on `product` or `order` for one that does not exist (or, for an order, is
/// not the shopper's).
pub async fn resolve<C: ConnectionTrait>(
    db: &C,
    shopper_id: i64,
    product_slug: &str,
    order_code: &str,
) -> Result<(About, Option<crate::read::ProductLink>, Option<String>), Error> {
    let mut about = About::default();
    let mut link = None;
    let mut code = None;
    let (product_slug, order_code) = (product_slug.trim(), order_code.trim());
    if !product_slug.is_empty() {
        let found = product::Entity::find()
            .filter(product::Column::Slug.eq(product_slug))
            .one(db)
            .await?
            .ok_or_else(|| Error::invalid("product", "Không tìm thấy sản phẩm này"))?;
        about.product_id = Some(found.id);
        link = Some(crate::read::ProductLink { name: found.name, slug: found.slug });
    }
    if !order_code.is_empty() {
        let found = order::Entity::find()
            .filter(order::Column::Code.eq(order_code.to_uppercase()))
            .one(db)
            .await?
            .filter(|o| o.user_id == shopper_id)
            .ok_or_else(|| Error::invalid("order", "Không tìm thấy đơn hàng này"))?;
        about.order_id = Some(found.id);
        code = Some(found.code);
    }
    Ok((about, link, code))
}
