//! Moving a shop order: each move is checked against [`Status::allows`], written with a
//! conditional update (two clicks cannot move it twice), timestamped on the timeline, and
//! told to the people it concerns. A cancellation puts the stock back.

use chrono::Utc;
use ocop_accounts::{Role, User};
use ocop_catalog::{audit, outbox};
use ocop_core::text::clean_line;
use ocop_core::{Error, FieldErrors};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, Statement, TransactionSession,
    TransactionTrait,
};
use serde_json::json;

use crate::conflicts;
use crate::entity::{order, order_event, order_line, shop_order};
use crate::notify::{self, Message};
use crate::queries::{complaint_window, shop_order_with_order, works_for};
use crate::status::{Actor, Status};

/// What someone asks to do with a shop order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Payment arrived.
    Confirm,
    Pack,
    Ship {
        carrier: String,
        tracking_code: String,
    },
    Deliver,
    /// The buyer confirms receipt (or the complaint window ends).
    Complete,
    Cancel {
        reason: String,
    },
}

impl Action {
    pub fn target(&self) -> Status {
        match self {
            Self::Confirm => Status::Confirmed,
            Self::Pack => Status::Packed,
            Self::Ship { .. } => Status::Shipped,
            Self::Deliver => Status::Delivered,
            Self::Complete => Status::Completed,
            Self::Cancel { .. } => Status::Cancelled,
        }
    }

    /// Reads an action as forms and the API name it: `packed`, `shipped`, `delivered`,
    /// `completed`, `cancelled`.
    ///
    /// # Errors
    /// [`Error::Invalid`] naming the field that is missing or wrong.
    pub fn parse(status: &str, carrier: &str, tracking_code: &str, reason: &str) -> Result<Self, Error> {
        match status.trim() {
            "packed" => Ok(Self::Pack),
            "shipped" => {
                let mut errors = FieldErrors::new();
                let carrier = clean_line(carrier);
                let tracking_code = clean_line(tracking_code);
                if carrier.is_empty() || carrier.chars().count() > 60 {
                    errors.add("carrier", "Cần tên đơn vị vận chuyển (tối đa 60 ký tự)");
                }
                if tracking_code.is_empty() || tracking_code.chars().count() > 60 {
                    errors.add("tracking_code", "Cần mã vận đơn (tối đa 60 ký tự)");
                }
                errors.into_result()?;
                Ok(Self::Ship { carrier, tracking_code })
            }
            "delivered" => Ok(Self::Deliver),
            "completed" => Ok(Self::Complete),
            "cancelled" => Ok(Self::Cancel { reason: clean_line(reason).chars().take(500).collect() }),
            _ => {
                Err(Error::invalid("status", "Trạng thái mới là packed, shipped, delivered, completed hoặc cancelled"))
            }
        }
    }
}

/// The capacity in which `user` acts on this order, the one the move needs when they
/// hold several (a shop owner buying from their own shop).
async fn actor_for<C: ConnectionTrait>(
    db: &C,
    user: &User,
    so: &shop_order::Model,
    order: &order::Model,
    from: Status,
    to: Status,
) -> Result<Actor, Error> {
    let mut held = Vec::new();
    if order.user_id == user.id {
        held.push(Actor::Shopper);
    }
    if user.role != Role::Admin && works_for(db, &user.actor(), so.shop_id).await? {
        held.push(Actor::Shop);
    }
    if user.role == Role::Admin {
        held.push(Actor::Admin);
    }
    if held.is_empty() {
        // Not theirs: it does not exist for them.
        return Err(Error::NotFound { what: "đơn hàng" });
    }
    held.iter().copied().find(|a| from.allows(to, *a)).ok_or_else(|| Error::Conflict {
        code: conflicts::INVALID_TRANSITION,
        field: Some("status"),
        message: format!("Không thể chuyển đơn từ \"{}\" sang \"{}\"", from.label(), to.label()),
    })
}

/// Does `action` on a shop order for `user`.
///
/// # Errors
/// [`Error::NotFound`] when the order is not theirs to see, [`Error::Conflict`]
/// `invalid_transition` for a move their role may not make from the current status,
/// [`Error::Invalid`] for a missing reason or tracking code.
pub async fn act<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    user: &User,
    shop_order_id: i64,
    action: Action,
) -> Result<shop_order::Model, Error> {
    let (so, order) = shop_order_with_order(db, shop_order_id).await?;
    let from = Status::parse(&so.status).ok_or_else(|| Error::internal("unknown stored status"))?;
    let to = action.target();
    let actor = actor_for(db, user, &so, &order, from, to).await?;
    if let Action::Cancel { reason } = &action
        && reason.is_empty()
        && actor != Actor::Shopper
    {
        return Err(Error::invalid("reason", "Cần lý do huỷ để báo cho người mua"));
    }
    let tx = ocop_core::db::begin_write(db).await?;
    let moved = apply(&tx, &so, &order, from, &action, actor, Some(user.id)).await?;
    tx.commit().await?;
    Ok(moved)
}

/// A move made by the system (payment arrived, unpaid too long, window over).
///
/// # Errors
/// [`Error::Conflict`] when the order is no longer where the system expected it.
pub async fn system<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    shop_order_id: i64,
    action: Action,
) -> Result<shop_order::Model, Error> {
    let (so, order) = shop_order_with_order(db, shop_order_id).await?;
    let from = Status::parse(&so.status).ok_or_else(|| Error::internal("unknown stored status"))?;
    if !from.allows(action.target(), Actor::System) {
        return Err(Error::Conflict {
            code: conflicts::INVALID_TRANSITION,
            field: None,
            message: "trạng thái đã thay đổi".into(),
        });
    }
    let tx = ocop_core::db::begin_write(db).await?;
    let moved = apply(&tx, &so, &order, from, &action, Actor::System, None).await?;
    tx.commit().await?;
    Ok(moved)
}

async fn apply<T: ConnectionTrait>(
    tx: &T,
    so: &shop_order::Model,
    order: &order::Model,
    from: Status,
    action: &Action,
    actor: Actor,
    actor_id: Option<i64>,
) -> Result<shop_order::Model, Error> {
    let to = action.target();
    let now = Utc::now();
    // Only if nobody moved it meanwhile.
    let moved = tx
        .execute_raw(Statement::from_sql_and_values(
            tx.get_database_backend(),
            "UPDATE shop_orders SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4",
            [to.as_str().into(), now.into(), so.id.into(), from.as_str().into()],
        ))
        .await?;
    if moved.rows_affected() != 1 {
        return Err(Error::Conflict {
            code: conflicts::STATUS_CHANGED,
            field: Some("status"),
            message: "Đơn vừa được cập nhật bởi người khác: hãy tải lại trang".into(),
        });
    }
    let mut row: shop_order::ActiveModel =
        shop_order::Entity::find_by_id(so.id).one(tx).await?.ok_or(Error::NotFound { what: "đơn hàng" })?.into();
    let note = match action {
        Action::Ship { carrier, tracking_code } => {
            row.carrier = Set(Some(carrier.clone()));
            row.tracking_code = Set(Some(tracking_code.clone()));
            format!("{carrier}, mã vận đơn {tracking_code}")
        }
        Action::Deliver => {
            row.delivered_at = Set(Some(now));
            let until = now + complaint_window(so.perishable);
            format!("Khiếu nại trước {}", crate::checkout::vn_time(until))
        }
        Action::Cancel { reason } => {
            row.cancel_reason = Set(Some(reason.clone()));
            let who = match actor {
                Actor::Shopper => "Người mua huỷ",
                Actor::Shop => "Gian hàng huỷ",
                Actor::Admin => "Quản trị viên huỷ",
                Actor::System => "Hệ thống huỷ",
            };
            if reason.is_empty() { who.to_owned() } else { format!("{who}: {reason}") }
        }
        Action::Complete if actor == Actor::System => "Hết hạn khiếu nại".to_owned(),
        Action::Complete => "Người mua đã nhận hàng".to_owned(),
        Action::Confirm => "Đã nhận thanh toán".to_owned(),
        Action::Pack => String::new(),
    };
    let updated = row.update(tx).await?;
    order_event::ActiveModel {
        shop_order_id: Set(so.id),
        status: Set(to.as_str().to_owned()),
        actor_id: Set(actor_id),
        note: Set(note.clone()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(tx)
    .await?;
    if to == Status::Cancelled {
        restock(tx, so.id).await?;
        void_if_nothing_left(tx, order).await?;
        // With the cancellation or not at all: a voucher's use comes back once its every
        // shop order is cancelled.
        ocop_promotions::give_back::give_back(tx, Some(order.id), now).await?;
    }
    tell(tx, &updated, order, to, actor, &note).await?;
    Ok(updated)
}

/// Puts a cancelled part's items back on the shelf and takes them off the sales count.
async fn restock<T: ConnectionTrait>(tx: &T, shop_order_id: i64) -> Result<(), Error> {
    let backend = tx.get_database_backend();
    let mut lines =
        order_line::Entity::find().filter(order_line::Column::ShopOrderId.eq(shop_order_id)).all(tx).await?;
    lines.sort_by_key(|l| l.variant_id);
    for line in lines {
        let Some(variant_id) = line.variant_id else { continue };
        tx.execute_raw(Statement::from_sql_and_values(
            backend,
            "UPDATE product_variants SET stock = stock + $1 WHERE id = $2",
            [i64::from(line.quantity).into(), variant_id.into()],
        ))
        .await?;
        let product = tx
            .query_one_raw(Statement::from_sql_and_values(
                backend,
                "SELECT product_id FROM product_variants WHERE id = $1",
                [variant_id.into()],
            ))
            .await?
            .and_then(|row| row.try_get::<i64>("", "product_id").ok());
        if let Some(product_id) = product {
            tx.execute_raw(Statement::from_sql_and_values(
                backend,
                "UPDATE products SET sales_count = CASE WHEN sales_count > $1 THEN sales_count - $1 ELSE 0 END WHERE id = $2",
                [i64::from(line.quantity).into(), product_id.into()],
            ))
            .await?;
            outbox::enqueue(tx, outbox::PRODUCT_CHANGED, json!({ "product_id": product_id })).await?;
        }
    }
    Ok(())
}

async fn void_if_nothing_left<T: ConnectionTrait>(tx: &T, order: &order::Model) -> Result<(), Error> {
    let parts = shop_order::Entity::find().filter(shop_order::Column::OrderId.eq(order.id)).all(tx).await?;
    if order.payment_status == "unpaid" && parts.iter().all(|p| p.status == Status::Cancelled.as_str()) {
        let mut active: order::ActiveModel = order.clone().into();
        active.payment_status = Set("void".into());
        active.update(tx).await?;
    }
    Ok(())
}

async fn tell<T: ConnectionTrait>(
    tx: &T,
    so: &shop_order::Model,
    order: &order::Model,
    to: Status,
    actor: Actor,
    note: &str,
) -> Result<(), Error> {
    let code = &order.code;
    let link = format!("/don-hang/{code}");
    let shop = ocop_catalog::entity::shop::Entity::find_by_id(so.shop_id).one(tx).await?;
    let shop_name = shop.as_ref().map_or("Gian hàng", |s| s.name.as_str());
    let to_buyer = match to {
        Status::Confirmed => Some(format!("Đơn {code} đã được xác nhận")),
        Status::Shipped => Some(format!("{shop_name} đã gửi hàng đơn {code}")),
        Status::Delivered => Some(format!("Đơn {code} đã giao")),
        Status::Cancelled if actor != Actor::Shopper => Some(format!("Đơn {code} của {shop_name} đã bị huỷ")),
        _ => None,
    };
    if let Some(title) = to_buyer {
        let body = if note.is_empty() { format!("Xem đơn: {link}") } else { format!("{note}\nXem đơn: {link}") };
        notify::tell(tx, order.user_id, &Message { title, body, link: &link }).await?;
    }
    if to == Status::Cancelled && actor != Actor::Shop {
        let slug = shop.as_ref().map_or("", |s| s.slug.as_str());
        let shop_link = format!("/kenh-nguoi-ban/{slug}/don-hang/{}", so.id);
        notify::tell_shop(
            tx,
            so.shop_id,
            &Message {
                title: format!("Đơn {code} đã bị huỷ"),
                body: format!("{note}\nXem đơn: {shop_link}"),
                link: &shop_link,
            },
        )
        .await?;
    }
    Ok(())
}

/// The buyer paid (a gateway confirmed it, or a statement line matched it): every part
/// still awaiting payment is confirmed.
///
/// # Errors
/// [`Error::Conflict`] when the order is no longer waiting for payment.
pub async fn mark_paid<C: ConnectionTrait + TransactionTrait>(db: &C, order_id: i64) -> Result<(), Error> {
    paid(db, order_id, None).await
}

/// An admin matched a bank transfer by hand: as [`mark_paid`], and the audit log records
/// who confirmed it, in the same transaction.
///
/// # Errors
/// As [`mark_paid`].
pub async fn mark_paid_by<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &ocop_core::Actor,
    order_id: i64,
) -> Result<(), Error> {
    paid(db, order_id, Some(actor)).await
}

async fn paid<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    order_id: i64,
    by: Option<&ocop_core::Actor>,
) -> Result<(), Error> {
    let order = order::Entity::find_by_id(order_id).one(db).await?.ok_or(Error::NotFound { what: "đơn hàng" })?;
    if order.payment_status != "unpaid" {
        return Err(Error::Conflict {
            code: conflicts::NOT_AWAITING_PAYMENT,
            field: None,
            message: "Đơn không ở trạng thái chờ thanh toán".into(),
        });
    }
    let tx = ocop_core::db::begin_write(db).await?;
    let paid = tx
        .execute_raw(Statement::from_sql_and_values(
            tx.get_database_backend(),
            "UPDATE orders SET payment_status = 'paid' WHERE id = $1 AND payment_status = 'unpaid'",
            [order_id.into()],
        ))
        .await?;
    if paid.rows_affected() != 1 {
        return Err(Error::Conflict {
            code: conflicts::NOT_AWAITING_PAYMENT,
            field: None,
            message: "Đơn đã được xử lý".into(),
        });
    }
    let parts = shop_order::Entity::find()
        .filter(shop_order::Column::OrderId.eq(order_id))
        .filter(shop_order::Column::Status.eq(Status::AwaitingPayment.as_str()))
        .all(&tx)
        .await?;
    for so in parts {
        apply(&tx, &so, &order, Status::AwaitingPayment, &Action::Confirm, Actor::System, None)
            .await
            .map(|_| ())
            .or_else(|e| if matches!(e, Error::Conflict { .. }) { Ok(()) } else { Err(e) })?;
    }
    if let Some(actor) = by {
        let entry = audit::Entry {
            actor_id: Some(actor.user_id),
            action: "order.mark_paid",
            entity: "order",
            entity_id: order_id,
            before: Some(json!({"payment_status": "unpaid"})),
            after: Some(json!({"payment_status": "paid"})),
            reason: None,
        };
        audit::record(&tx, entry).await?;
    }
    tx.commit().await?;
    Ok(())
}
