//! One provider session per order and method. Reloading the payment page, or two tabs at
//! once, must not open a second MoMo payment or Stripe session for the same order: the
//! first caller claims the row (a unique index), calls the provider, and stores the page;
//! later callers get that page.

use std::future::Future;

use chrono::{Duration, Utc};
use ocop_core::error::is_unique_violation;
use ocop_core::{Error, Vnd};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::conflicts;
use crate::entity::payment_attempt;
use crate::{Instruction, Method};

/// A claim older than this with no page is from a call that died: it may be taken over.
const STALE_CLAIM_SECS: i64 = 60;

fn redirect(method: Method, url: String, amount: Vnd) -> Result<Instruction, Error> {
    match method {
        Method::MoMo => Ok(Instruction::MoMo { redirect_url: url, amount_vnd: amount }),
        Method::Stripe => Ok(Instruction::Stripe { redirect_url: url, amount_vnd: amount }),
        other => Err(Error::internal(format!("{other} has no provider session"))),
    }
}

fn url_of(instruction: &Instruction) -> Option<&str> {
    match instruction {
        Instruction::MoMo { redirect_url, .. } | Instruction::Stripe { redirect_url, .. } => Some(redirect_url),
        _ => None,
    }
}

async fn claim<C: ConnectionTrait>(
    db: &C,
    order_id: i64,
    method: Method,
) -> Result<payment_attempt::Model, sea_orm::DbErr> {
    payment_attempt::ActiveModel {
        order_id: Set(order_id),
        method: Set(method.as_str().to_owned()),
        redirect_url: Set(String::new()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// The provider page for `order_id`, opening it with `start` only the first time.
///
/// # Errors
/// [`Error::Conflict`] `payment_starting` while another request is opening it; whatever
/// `start` returns (the claim is then released, so the buyer can try again).
pub async fn once<C, F, Fut>(db: &C, order_id: i64, method: Method, amount: Vnd, start: F) -> Result<Instruction, Error>
where
    C: ConnectionTrait,
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<Instruction, Error>>,
{
    let claimed = match claim(db, order_id, method).await {
        Ok(row) => row,
        Err(e) if is_unique_violation(&e) => {
            let existing = payment_attempt::Entity::find()
                .filter(payment_attempt::Column::OrderId.eq(order_id))
                .filter(payment_attempt::Column::Method.eq(method.as_str()))
                .one(db)
                .await?
                .ok_or_else(|| Error::internal("payment attempt vanished"))?;
            if !existing.redirect_url.is_empty() {
                return redirect(method, existing.redirect_url, amount);
            }
            if existing.created_at > Utc::now() - Duration::seconds(STALE_CLAIM_SECS) {
                return Err(Error::Conflict {
                    code: conflicts::PAYMENT_STARTING,
                    field: None,
                    message: "Đang mở trang thanh toán, vui lòng tải lại sau vài giây".into(),
                });
            }
            // The earlier call died without a page: take its place.
            payment_attempt::Entity::delete_by_id(existing.id).exec(db).await?;
            claim(db, order_id, method).await?
        }
        Err(e) => return Err(e.into()),
    };
    match start().await {
        Ok(instruction) => {
            let url = url_of(&instruction).unwrap_or_default().to_owned();
            let mut row: payment_attempt::ActiveModel = claimed.into();
            row.redirect_url = Set(url.chars().take(2000).collect());
            row.update(db).await?;
            Ok(instruction)
        }
        Err(e) => {
            payment_attempt::Entity::delete_by_id(claimed.id).exec(db).await?;
            Err(e)
        }
    }
}
