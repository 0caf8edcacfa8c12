//! A provider's verified word on a payment in one shape, so the gateway records every
//! callback once by `event_id` (a redelivery or a replay finds it already there) whatever
//! the method.

use ocop_core::Vnd;

use crate::{Method, momo, stripe, vnpay};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirmation {
    pub method: Method,
    /// Unique per provider transaction, prefixed by the method: `vnpay:<TxnRef>:<TransactionNo>`,
    /// `momo:<orderId>:<transId>`, `stripe:<evt_…>`.
    pub event_id: String,
    pub order_code: String,
    /// What the provider says was paid; the gateway compares it with the order's total.
    pub amount: Vnd,
    pub paid: bool,
}

impl Confirmation {
    /// `None` for a bad signature: nothing to record.
    pub fn from_vnpay(outcome: &vnpay::Outcome) -> Option<Self> {
        let (txn_ref, amount, transaction_no, paid) = match outcome {
            vnpay::Outcome::BadSignature => return None,
            vnpay::Outcome::Paid { txn_ref, amount, transaction_no } => (txn_ref, amount, transaction_no, true),
            vnpay::Outcome::Failed { txn_ref, amount, transaction_no, .. } => (txn_ref, amount, transaction_no, false),
        };
        Some(Self {
            method: Method::VnPay,
            event_id: format!("vnpay:{txn_ref}:{transaction_no}"),
            order_code: txn_ref.clone(),
            amount: *amount,
            paid,
        })
    }

    /// `None` for a bad signature.
    pub fn from_momo(outcome: &momo::Outcome) -> Option<Self> {
        let (order_id, amount, trans_id, paid) = match outcome {
            momo::Outcome::BadSignature => return None,
            momo::Outcome::Paid { order_id, amount, trans_id } => (order_id, amount, trans_id, true),
            momo::Outcome::Failed { order_id, amount, trans_id, .. } => (order_id, amount, trans_id, false),
        };
        Some(Self {
            method: Method::MoMo,
            event_id: format!("momo:{order_id}:{trans_id}"),
            order_code: order_id.clone(),
            amount: *amount,
            paid,
        })
    }

    /// `None` for an event that is not about paying an order (other types, or no order
    /// code in its metadata).
    pub fn from_stripe(event: &stripe::Event) -> Option<Self> {
        if matches!(event.kind, stripe::EventKind::Other(_)) {
            return None;
        }
        Some(Self {
            method: Method::Stripe,
            event_id: format!("stripe:{}", event.id),
            order_code: event.order_code.clone()?,
            amount: event.amount?,
            paid: event.paid,
        })
    }
}

#[cfg(test)]
mod tests {
    #![expect(clippy::unwrap_used, reason = "fixtures")]

    use super::*;

    #[test]
    fn each_provider_outcome_becomes_one_shape() {
        let vnpay = vnpay::Outcome::Paid { txn_ref: "OCOP-1".into(), amount: Vnd(5), transaction_no: "141".into() };
        assert_eq!(
            Confirmation::from_vnpay(&vnpay).unwrap(),
            Confirmation {
                method: Method::VnPay,
                event_id: "vnpay:OCOP-1:141".into(),
                order_code: "OCOP-1".into(),
                amount: Vnd(5),
                paid: true
            }
        );
        assert_eq!(Confirmation::from_vnpay(&vnpay::Outcome::BadSignature), None);

        let momo = momo::Outcome::Failed {
            order_id: "OCOP-2".into(),
            amount: Vnd(7),
            trans_id: 9,
            result_code: 1006,
            message: "x".into(),
        };
        let confirmation = Confirmation::from_momo(&momo).unwrap();
        assert_eq!((confirmation.event_id.as_str(), confirmation.paid), ("momo:OCOP-2:9", false));
        assert_eq!(Confirmation::from_momo(&momo::Outcome::BadSignature), None);

        let body = br#"{"id":"evt_1","type":"payment_intent.succeeded","data":{"object":{"amount_received":150000,"currency":"vnd","metadata":{"order_code":"OCOP-3"}}}}"#;
        let confirmation = Confirmation::from_stripe(&stripe::parse_event(body).unwrap()).unwrap();
        assert_eq!(confirmation.event_id, "stripe:evt_1");
        assert_eq!(confirmation.amount, Vnd(150_000));
        let other = stripe::parse_event(br#"{"id":"evt_2","type":"customer.created","data":{"object":{}}}"#).unwrap();
        assert_eq!(Confirmation::from_stripe(&other), None);
    }
}
