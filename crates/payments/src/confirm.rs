//! Applying a provider's confirmation exactly once. Every delivery is recorded by its event
//! id first: a duplicate, a replay or a late copy finds its id taken and changes nothing.
//! A wrong amount is refused and flagged; money for a cancelled order opens a refund
//! request for an admin, never turning into a silently paid cancelled order.

use chrono::Utc;
use ocop_core::Error;
use ocop_core::error::is_unique_violation;
use ocop_orders::entity::order;
use ocop_orders::transitions;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait,
};

use crate::Confirmation;
use crate::entity::payment_event;

/// What a confirmation did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    /// The order is now paid.
    Paid,
    /// This very delivery was seen before.
    Duplicate,
    /// Another delivery already paid the order.
    AlreadyPaid,
    UnknownOrder,
    /// The amount differs from the order's total: refused and flagged.
    AmountMismatch,
    /// Genuine, but the payment did not go through.
    Failed,
    /// Money arrived for an order that was cancelled meanwhile.
    RefundDue,
}

impl Applied {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Paid => "paid",
            Self::Duplicate => "duplicate",
            Self::AlreadyPaid => "already_paid",
            Self::UnknownOrder => "unknown_order",
            Self::AmountMismatch => "amount_mismatch",
            Self::Failed => "failed",
            Self::RefundDue => "refund_due",
        }
    }
}

/// Records `c` once and applies it to its order.
///
/// # Errors
/// The database cannot be read or written.
pub async fn apply<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    c: &Confirmation,
    payload: &str,
) -> Result<Applied, Error> {
    let event = payment_event::ActiveModel {
        provider: Set(c.method.as_str().to_owned()),
        event_id: Set(c.event_id.chars().take(120).collect()),
        order_code: Set(c.order_code.chars().take(24).collect()),
        amount_vnd: Set(c.amount.0),
        outcome: Set("received".into()),
        payload: Set(payload.chars().take(10_000).collect()),
        received_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await;
    let event = match event {
        Ok(event) => event,
        Err(e) if is_unique_violation(&e) => return Ok(Applied::Duplicate),
        Err(e) => return Err(e.into()),
    };
    let order = order::Entity::find().filter(order::Column::Code.eq(c.order_code.trim())).one(db).await?;
    let applied = match order {
        None => Applied::UnknownOrder,
        Some(o) if o.total_vnd != c.amount.0 => Applied::AmountMismatch,
        Some(_) if !c.paid => Applied::Failed,
        Some(o) if o.payment_status == "paid" => Applied::AlreadyPaid,
        Some(o) if o.payment_status == "void" => {
            ocop_orders::refunds::open_for_late_payment(db, &o, c.method.label_vi()).await?;
            Applied::RefundDue
        }
        Some(o) => match transitions::mark_paid(db, o.id).await {
            Ok(()) => Applied::Paid,
            // Paid a moment ago through another channel.
            Err(Error::Conflict { .. }) => Applied::AlreadyPaid,
            Err(e) => return Err(e),
        },
    };
    let mut event: payment_event::ActiveModel = event.into();
    event.outcome = Set(applied.as_str().to_owned());
    event.update(db).await?;
    Ok(applied)
}

/// Deliveries a person must look at: wrong amounts and money for cancelled orders.
///
/// # Errors
/// The database cannot be read.
pub async fn flagged<C: ConnectionTrait>(db: &C) -> Result<Vec<payment_event::Model>, Error> {
    Ok(payment_event::Entity::find()
        .filter(payment_event::Column::Outcome.is_in([Applied::AmountMismatch.as_str(), Applied::RefundDue.as_str()]))
        .order_by_asc(payment_event::Column::Id)
        .all(db)
        .await?)
}
