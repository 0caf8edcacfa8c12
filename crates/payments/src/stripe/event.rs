//! The two webhook events we act on, read into a small typed shape. The event's type and a
//! session's payment status are async-stripe's enums; the object itself is read leniently
//! (only the fields paying an order needs), so an event from a newer API version that adds
//! or drops unrelated fields still lands.

use std::str::FromStr as _;

use ocop_core::{Error, Vnd};
use serde::Deserialize;
use stripe_shared::{CheckoutSessionPaymentStatus, EventType};
use stripe_types::Currency;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventKind {
    PaymentIntentSucceeded,
    CheckoutSessionCompleted,
    /// Anything else: acknowledged with 200 and ignored.
    Other(String),
}

/// A webhook event, as much of it as paying an order needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// `evt_…`: recorded once, so a redelivery changes nothing.
    pub id: String,
    pub kind: EventKind,
    /// The payment intent or checkout session id.
    pub object_id: Option<String>,
    /// Received (payment intent) or total (session) amount; `None` for other events.
    pub amount: Option<Vnd>,
    /// `metadata.order_code`, or a session's `client_reference_id`.
    pub order_code: Option<String>,
    /// A session's `payment_status` is `paid` (a delayed method may complete unpaid); always
    /// true for a succeeded payment intent.
    pub paid: bool,
}

#[derive(Deserialize)]
struct Raw {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    data: RawData,
}

#[derive(Deserialize)]
struct RawData {
    object: RawObject,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawObject {
    id: Option<String>,
    currency: Option<String>,
    amount_received: Option<i64>,
    amount_total: Option<i64>,
    payment_status: Option<String>,
    client_reference_id: Option<String>,
    metadata: Option<std::collections::BTreeMap<String, String>>,
}

/// Reads a (verified) webhook body.
///
/// # Errors
/// [`Error::Invalid`] on `body` when it is not a Stripe event, on `currency` when a payment
/// event is not in VND, on `amount` when a payment event has none.
pub fn parse_event(body: &[u8]) -> Result<Event, Error> {
    let raw: Raw = serde_json::from_slice(body)
        .map_err(|e| Error::invalid("body", format!("sự kiện Stripe không đọc được: {e}")))?;
    let object = raw.data.object;
    let order_code = object.metadata.as_ref().and_then(|m| m.get("order_code")).cloned().or(object.client_reference_id);
    // Infallible: an unknown type becomes `EventType::Unknown`.
    let Ok(event_type) = EventType::from_str(&raw.kind);
    let (kind, amount, paid) = match event_type {
        EventType::PaymentIntentSucceeded => (EventKind::PaymentIntentSucceeded, object.amount_received, true),
        EventType::CheckoutSessionCompleted => {
            let status = object.payment_status.as_deref().map(CheckoutSessionPaymentStatus::from_str);
            (
                EventKind::CheckoutSessionCompleted,
                object.amount_total,
                matches!(status, Some(Ok(CheckoutSessionPaymentStatus::Paid))),
            )
        }
        _ => {
            let event = Event {
                id: raw.id,
                kind: EventKind::Other(raw.kind),
                object_id: object.id,
                amount: None,
                order_code,
                paid: false,
            };
            return Ok(event);
        }
    };
    if object.currency.as_deref().map(Currency::from_str) != Some(Ok(Currency::VND)) {
        return Err(Error::invalid("currency", "chỉ nhận thanh toán bằng VND"));
    }
    let amount = amount.ok_or_else(|| Error::invalid("amount", "sự kiện thanh toán không có số tiền"))?;
    // VND is zero-decimal at Stripe: the amount is already whole đồng.
    Ok(Event { id: raw.id, kind, object_id: object.id, amount: Some(Vnd(amount)), order_code, paid })
}

#[cfg(test)]
mod tests {
    #![expect(clippy::unwrap_used, reason = "fixtures")]

    use super::*;

    #[test]
    fn a_succeeded_payment_intent_gives_whole_dong_and_the_order_code() {
        let body = br#"{"id":"evt_1","type":"payment_intent.succeeded","data":{"object":{"id":"pi_1","object":"payment_intent","amount":150000,"amount_received":150000,"currency":"vnd","metadata":{"order_code":"OCOP-261126-7K3F"}}}}"#;
        let event = parse_event(body).unwrap();
        assert_eq!(event.kind, EventKind::PaymentIntentSucceeded);
        assert_eq!(event.amount, Some(Vnd(150_000)));
        assert_eq!(event.order_code.as_deref(), Some("OCOP-261126-7K3F"));
        assert_eq!(event.object_id.as_deref(), Some("pi_1"));
        assert!(event.paid);
    }

    #[test]
    fn a_completed_session_is_paid_only_when_its_status_says_so() {
        let body = |status: &str| {
            format!(
                r#"{{"id":"evt_2","type":"checkout.session.completed","data":{{"object":{{"id":"cs_1","amount_total":99000,"currency":"vnd","payment_status":"{status}","client_reference_id":"OCOP-261126-7K3F","metadata":{{}}}}}}}}"#
            )
        };
        let paid = parse_event(body("paid").as_bytes()).unwrap();
        assert_eq!(paid.kind, EventKind::CheckoutSessionCompleted);
        assert_eq!(paid.amount, Some(Vnd(99_000)));
        assert_eq!(paid.order_code.as_deref(), Some("OCOP-261126-7K3F"));
        assert!(paid.paid);
        assert!(!parse_event(body("unpaid").as_bytes()).unwrap().paid);
    }

    #[test]
    fn other_events_are_read_but_carry_nothing_to_act_on() {
        let event =
            parse_event(br#"{"id":"evt_3","type":"charge.refunded","data":{"object":{"id":"ch_1","amount":5}}}"#)
                .unwrap();
        assert_eq!(event.kind, EventKind::Other("charge.refunded".into()));
        assert_eq!(event.amount, None);
    }

    #[test]
    fn a_payment_in_another_currency_or_not_an_event_names_the_field() {
        let usd = br#"{"id":"evt_4","type":"payment_intent.succeeded","data":{"object":{"amount_received":500,"currency":"usd"}}}"#;
        assert!(matches!(parse_event(usd), Err(Error::Invalid(f)) if f.get("currency").is_some()));
        assert!(matches!(parse_event(b"[]"), Err(Error::Invalid(f)) if f.get("body").is_some()));
    }
}
