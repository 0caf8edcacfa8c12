//! Refund requests: a buyer complains within the window (24 h for fresh food, 7 days
//! otherwise) after delivery; the shop accepts or refuses with an answer; a refused
//! request goes to an admin, whose decision is final. An accepted or granted request
//! marks the shop order refunded (the money side lives in the payments ledger).

use chrono::Utc;
use ocop_accounts::User;
use ocop_catalog::audit;
use ocop_core::text::clean_line;
use ocop_core::{Actor, Error};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set, Statement,
    TransactionSession, TransactionTrait,
};

use crate::conflicts;
use crate::entity::{order, order_event, refund_request, shop_order};
use crate::notify::{self, Message};
use crate::queries::{complaint_window, shop_order_with_order, works_for};
use crate::status::Status;

pub const REQUESTED: &str = "requested";
pub const ACCEPTED: &str = "accepted";
pub const REFUSED: &str = "refused";
pub const GRANTED: &str = "granted";
pub const DENIED: &str = "denied";

/// A buyer's complaint after delivery.
pub const COMPLAINT: &str = "complaint";
/// Money that arrived after the order was cancelled; the system opens it, an admin sends
/// the money back.
pub const LATE_PAYMENT: &str = "late_payment";

fn reason_of(raw: &str, field: &str) -> Result<String, Error> {
    let text = clean_line(raw);
    if text.chars().count() < 5 || text.chars().count() > 1000 {
        return Err(Error::invalid(field, "Cần mô tả từ 5 đến 1000 ký tự"));
    }
    Ok(text)
}

/// The buyer asks for a refund of one shop's part.
///
/// # Errors
/// [`Error::NotFound`] when it is not their order, [`Error::Conflict`] outside the window
/// or when a request already exists, [`Error::Invalid`] for an empty reason.
pub async fn request<C: ConnectionTrait>(
    db: &C,
    buyer: &User,
    shop_order_id: i64,
    reason: &str,
) -> Result<refund_request::Model, Error> {
    let (so, order) = shop_order_with_order(db, shop_order_id).await?;
    if order.user_id != buyer.id {
        return Err(Error::NotFound { what: "đơn hàng" });
    }
    let reason = reason_of(reason, "reason")?;
    let now = Utc::now();
    let in_window = so.status == Status::Delivered.as_str()
        && so.delivered_at.is_some_and(|at| now <= at + complaint_window(so.perishable));
    if !in_window {
        return Err(Error::Conflict {
            code: conflicts::COMPLAINT_WINDOW_CLOSED,
            field: Some("reason"),
            message: if so.perishable {
                "Hàng tươi chỉ nhận khiếu nại trong 24 giờ sau khi giao".into()
            } else {
                "Chỉ nhận khiếu nại trong 7 ngày sau khi giao".into()
            },
        });
    }
    let saved = refund_request::ActiveModel {
        shop_order_id: Set(so.id),
        reason: Set(reason.clone()),
        status: Set(REQUESTED.into()),
        shop_answer: Set(None),
        admin_note: Set(None),
        created_at: Set(now),
        decided_at: Set(None),
        kind: Set(COMPLAINT.into()),
        ..Default::default()
    }
    .insert(db)
    .await
    .map_err(|e| {
        ocop_core::error::conflict_on_unique(e, || Error::Conflict {
            code: conflicts::REFUND_EXISTS,
            field: None,
            message: "Đơn này đã có yêu cầu hoàn tiền".into(),
        })
    })?;
    let slug =
        ocop_catalog::entity::shop::Entity::find_by_id(so.shop_id).one(db).await?.map(|s| s.slug).unwrap_or_default();
    let link = format!("/kenh-nguoi-ban/{slug}/don-hang/{}", so.id);
    notify::tell_shop(
        db,
        so.shop_id,
        &Message {
            title: format!("Yêu cầu hoàn tiền đơn {}", order.code),
            body: format!("{reason}\nTrả lời: {link}"),
            link: &link,
        },
    )
    .await?;
    Ok(saved)
}

async fn refunded<C: ConnectionTrait>(db: &C, so: &shop_order::Model, note: &str) -> Result<(), Error> {
    let now = Utc::now();
    let moved = db
        .execute_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            "UPDATE shop_orders SET status = $1, updated_at = $2 WHERE id = $3 AND status IN ($4, $5)",
            [
                Status::Refunded.as_str().into(),
                now.into(),
                so.id.into(),
                Status::Delivered.as_str().into(),
                Status::Completed.as_str().into(),
            ],
        ))
        .await?;
    if moved.rows_affected() == 1 {
        order_event::ActiveModel {
            shop_order_id: Set(so.id),
            status: Set(Status::Refunded.as_str().into()),
            actor_id: Set(None),
            note: Set(note.to_owned()),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// The shop's answer to a request, recorded in the audit log with who gave it.
///
/// # Errors
/// [`Error::NotFound`] for another shop's order, [`Error::Conflict`] when already answered.
pub async fn answer<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    shop_order_id: i64,
    accept: bool,
    text: &str,
) -> Result<(), Error> {
    let (so, order) = shop_order_with_order(db, shop_order_id).await?;
    // Which shop's order this is: data, not a role, so the service still checks it.
    if !works_for(db, actor, so.shop_id).await? {
        return Err(Error::NotFound { what: "đơn hàng" });
    }
    let text = reason_of(text, "answer")?;
    let request = refund_request::Entity::find()
        .filter(refund_request::Column::ShopOrderId.eq(so.id))
        .one(db)
        .await?
        .ok_or(Error::NotFound { what: "yêu cầu hoàn tiền" })?;
    if request.kind == LATE_PAYMENT {
        // The shop never had this money: only an admin can send it back.
        return Err(Error::Conflict {
            code: conflicts::LATE_PAYMENT_REFUND,
            field: None,
            message: "Khoản hoàn tiền này do Chợ OCOP xử lý".into(),
        });
    }
    if request.status != REQUESTED {
        return Err(Error::Conflict {
            code: conflicts::ALREADY_ANSWERED,
            field: None,
            message: "Yêu cầu đã được trả lời".into(),
        });
    }
    let tx = ocop_core::db::begin_write(db).await?;
    let request_id = request.id;
    let mut active: refund_request::ActiveModel = request.into();
    let status = if accept { ACCEPTED } else { REFUSED };
    active.status = Set(status.into());
    active.shop_answer = Set(Some(text.clone()));
    if accept {
        active.decided_at = Set(Some(Utc::now()));
    }
    active.update(&tx).await?;
    let entry = audit::Entry {
        actor_id: Some(actor.user_id),
        action: if accept { "refund.accept" } else { "refund.refuse" },
        entity: "refund_request",
        entity_id: request_id,
        before: Some(serde_json::json!({"status": REQUESTED})),
        after: Some(serde_json::json!({"status": status})),
        reason: Some(text.as_str()),
    };
    audit::record(&tx, entry).await?;
    if accept {
        refunded(&tx, &so, &format!("Gian hàng đồng ý hoàn tiền: {text}")).await?;
    }
    let link = format!("/don-hang/{}", order.code);
    let title = if accept {
        format!("Gian hàng đồng ý hoàn tiền đơn {}", order.code)
    } else {
        format!("Gian hàng từ chối hoàn tiền đơn {}: quản trị viên sẽ xem xét", order.code)
    };
    notify::tell(&tx, order.user_id, &Message { title, body: text, link: &link }).await?;
    tx.commit().await?;
    Ok(())
}

/// An admin decides a request the shop refused (or has not answered). The route's guard
/// has checked the role; the decision is recorded in the audit log with who made it.
///
/// # Errors
/// [`Error::Conflict`] when already decided, [`Error::Invalid`] for a missing note.
pub async fn decide<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    request_id: i64,
    grant: bool,
    note: &str,
) -> Result<(), Error> {
    let note = reason_of(note, "note")?;
    let request = refund_request::Entity::find_by_id(request_id)
        .one(db)
        .await?
        .ok_or(Error::NotFound { what: "yêu cầu hoàn tiền" })?;
    if !matches!(request.status.as_str(), REQUESTED | REFUSED) {
        return Err(Error::Conflict {
            code: conflicts::ALREADY_DECIDED,
            field: None,
            message: "Yêu cầu đã có quyết định".into(),
        });
    }
    let (so, order) = shop_order_with_order(db, request.shop_order_id).await?;
    let tx = ocop_core::db::begin_write(db).await?;
    let before = serde_json::json!({"status": request.status});
    let mut active: refund_request::ActiveModel = request.into();
    active.status = Set(if grant { GRANTED } else { DENIED }.into());
    active.admin_note = Set(Some(note.clone()));
    active.decided_at = Set(Some(Utc::now()));
    active.update(&tx).await?;
    let entry = audit::Entry {
        actor_id: Some(actor.user_id),
        action: if grant { "refund.grant" } else { "refund.deny" },
        entity: "refund_request",
        entity_id: request_id,
        before: Some(before),
        after: Some(serde_json::json!({"status": if grant { GRANTED } else { DENIED }})),
        reason: Some(note.as_str()),
    };
    audit::record(&tx, entry).await?;
    if grant {
        refunded(&tx, &so, &format!("Quản trị viên quyết định hoàn tiền: {note}")).await?;
    }
    let link = format!("/don-hang/{}", order.code);
    let title = format!(
        "Quyết định về yêu cầu hoàn tiền đơn {}: {}",
        order.code,
        if grant { "hoàn tiền" } else { "không hoàn tiền" }
    );
    notify::tell(&tx, order.user_id, &Message { title: title.clone(), body: note.clone(), link: &link }).await?;
    notify::tell_shop(&tx, so.shop_id, &Message { title, body: note, link: &link }).await?;
    tx.commit().await?;
    Ok(())
}

/// Money arrived (by `via`) for `order` after it was cancelled: one refund request per
/// cancelled shop part, straight to the admins, and the buyer is told the money will come
/// back. Returns how many were opened; a repeat opens none.
///
/// # Errors
/// The database cannot be written.
pub async fn open_for_late_payment<C: ConnectionTrait>(
    db: &C,
    order: &order::Model,
    via: &str,
) -> Result<usize, Error> {
    let parts = shop_order::Entity::find()
        .filter(shop_order::Column::OrderId.eq(order.id))
        .filter(shop_order::Column::Status.eq(Status::Cancelled.as_str()))
        .order_by_asc(shop_order::Column::Id)
        .all(db)
        .await?;
    let mut opened = 0;
    for so in parts {
        let saved = refund_request::ActiveModel {
            shop_order_id: Set(so.id),
            reason: Set(format!("Tiền về qua {via} sau khi đơn đã huỷ: Chợ OCOP hoàn lại cho người mua")),
            status: Set(REQUESTED.into()),
            shop_answer: Set(None),
            admin_note: Set(None),
            created_at: Set(Utc::now()),
            decided_at: Set(None),
            kind: Set(LATE_PAYMENT.into()),
            ..Default::default()
        }
        .insert(db)
        .await;
        match saved {
            Ok(_) => opened += 1,
            Err(e) if ocop_core::error::is_unique_violation(&e) => {}
            Err(e) => return Err(e.into()),
        }
    }
    if opened > 0 {
        let link = format!("/don-hang/{}", order.code);
        let message = Message {
            title: format!("Đơn {} đã huỷ nhưng tiền đã về: Chợ OCOP sẽ hoàn lại", order.code),
            body: format!(
                "Chúng tôi nhận được {} cho đơn {} sau khi đơn đã huỷ. Khoản tiền sẽ được chuyển trả cho bạn; theo dõi tại {link}.",
                ocop_core::Vnd(order.total_vnd),
                order.code
            ),
            link: &link,
        };
        notify::tell(db, order.user_id, &message).await?;
    }
    Ok(opened)
}

/// Requests waiting for an admin: late payments at once, refused by the shop, or
/// unanswered for 3 days.
///
/// # Errors
/// The database cannot be read.
pub async fn for_admin<C: ConnectionTrait>(db: &C) -> Result<Vec<(refund_request::Model, order::Model)>, Error> {
    let stale = Utc::now() - chrono::Duration::days(3);
    let requests = refund_request::Entity::find()
        .filter(
            Condition::any()
                .add(refund_request::Column::Status.eq(REFUSED))
                .add(
                    Condition::all()
                        .add(refund_request::Column::Status.eq(REQUESTED))
                        .add(refund_request::Column::CreatedAt.lt(stale)),
                )
                .add(
                    Condition::all()
                        .add(refund_request::Column::Status.eq(REQUESTED))
                        .add(refund_request::Column::Kind.eq(LATE_PAYMENT)),
                ),
        )
        .order_by_asc(refund_request::Column::Id)
        .all(db)
        .await?;
    let mut out = Vec::new();
    for r in requests {
        let (_, order) = shop_order_with_order(db, r.shop_order_id).await?;
        out.push((r, order));
    }
    Ok(out)
}
