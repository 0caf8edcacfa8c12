//! Stripe, for international cards only (it pays no Vietnamese sellers): the webhook
//! signature check, the events we act on, and the request that creates a Checkout Session
//! (async-stripe's types and client; see `provider::StripeCheckout`). VND is zero-decimal,
//! so amounts are whole đồng. The signature check stays ours: it is tested here against
//! Stripe's documented scheme, and the exactly-once handling hangs on it.

mod checkout;
mod event;

pub use checkout::{CheckoutSession, checkout_session_request};
pub use event::{Event, EventKind, parse_event};

use ocop_core::Error;

use crate::sign;

/// How far a delivery's timestamp may be from our clock, as Stripe's libraries default to.
pub const TOLERANCE_SECS: i64 = 300;

/// Why a webhook delivery was refused; each becomes a 400 at the edge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejection {
    /// No `t=` or no `v1=` in the header.
    Malformed,
    /// The timestamp is more than [`TOLERANCE_SECS`] from `now`: a replay or a bad clock.
    Stale { age_secs: i64 },
    /// No `v1` matches the body: forged, altered, or signed with another secret.
    Mismatch,
}

impl From<Rejection> for Error {
    fn from(rejection: Rejection) -> Self {
        let message = match rejection {
            Rejection::Malformed => "thiếu t= hoặc v1=".to_owned(),
            Rejection::Stale { age_secs } => format!("chữ ký đã quá hạn ({age_secs} giây)"),
            Rejection::Mismatch => "chữ ký không khớp".to_owned(),
        };
        Error::invalid("Stripe-Signature", message)
    }
}

/// Checks a `Stripe-Signature` header against the raw body: any `v1` equal to
/// HMAC-SHA256(secret, "{t}.{body}") (compared in constant time) within five minutes of
/// `now` (unix seconds).
///
/// # Errors
/// The [`Rejection`] saying what is wrong.
pub fn verify_webhook(secret: &str, header: &str, body: &[u8], now: i64) -> Result<(), Rejection> {
    let mut timestamp = None;
    let mut candidates = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", t)) => timestamp = t.parse::<i64>().ok(),
            Some(("v1", v)) => candidates.push(v),
            _ => {} // v0 (test mode's legacy scheme) and future schemes are ignored.
        }
    }
    let (Some(t), false) = (timestamp, candidates.is_empty()) else { return Err(Rejection::Malformed) };
    let age_secs = now.saturating_sub(t);
    if age_secs.saturating_abs() > TOLERANCE_SECS {
        return Err(Rejection::Stale { age_secs });
    }
    let mut signed = format!("{t}.").into_bytes();
    signed.extend_from_slice(body);
    // Check every candidate, not stopping at the first match, so timing says nothing.
    let matches = candidates.iter().fold(false, |found, v| sign::verify_sha256(secret.as_bytes(), &signed, v) | found);
    if matches { Ok(()) } else { Err(Rejection::Mismatch) }
}

/// The header Stripe would send for `body` at `t`; for tests and a local Stripe stand-in.
pub fn signature_header(secret: &str, body: &[u8], t: i64) -> String {
    let mut signed = format!("{t}.").into_bytes();
    signed.extend_from_slice(body);
    format!("t={t},v1={}", sign::sha256_hex(secret.as_bytes(), &signed))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "whsec_test_not_real";
    const BODY: &[u8] = br#"{"id":"evt_1","type":"payment_intent.succeeded"}"#;
    const T: i64 = 1_764_152_400;

    #[test]
    fn a_genuine_delivery_passes_within_five_minutes_either_way() {
        let header = signature_header(SECRET, BODY, T);
        for now in [T, T + 300, T - 300] {
            assert_eq!(verify_webhook(SECRET, &header, BODY, now), Ok(()));
        }
    }

    #[test]
    fn a_stale_or_early_delivery_is_refused() {
        let header = signature_header(SECRET, BODY, T);
        assert_eq!(verify_webhook(SECRET, &header, BODY, T + 301), Err(Rejection::Stale { age_secs: 301 }));
        assert_eq!(verify_webhook(SECRET, &header, BODY, T - 301), Err(Rejection::Stale { age_secs: -301 }));
    }

    #[test]
    fn any_matching_v1_is_enough() {
        let genuine = signature_header(SECRET, BODY, T);
        let v1 = genuine.split_once(",v1=").map(|(_, v)| v).unwrap_or_default();
        let header = format!("t={T},v1={},v1={v1},v0=abc", "0".repeat(64));
        assert_eq!(verify_webhook(SECRET, &header, BODY, T), Ok(()));
    }

    #[test]
    fn a_changed_body_another_secret_or_a_missing_part_is_refused() {
        let header = signature_header(SECRET, BODY, T);
        assert_eq!(verify_webhook(SECRET, &header, b"{}", T), Err(Rejection::Mismatch));
        assert_eq!(verify_webhook("whsec_other", &header, BODY, T), Err(Rejection::Mismatch));
        let moved_t = header.replace(&format!("t={T}"), &format!("t={}", T + 1));
        assert_eq!(verify_webhook(SECRET, &moved_t, BODY, T), Err(Rejection::Mismatch));
        assert_eq!(verify_webhook(SECRET, &format!("t={T}"), BODY, T), Err(Rejection::Malformed));
        assert_eq!(verify_webhook(SECRET, "v1=00", BODY, T), Err(Rejection::Malformed));
        assert_eq!(verify_webhook(SECRET, "", BODY, T), Err(Rejection::Malformed));
    }

    #[test]
    fn a_rejection_becomes_an_error_on_the_header() {
        let error: Error = Rejection::Mismatch.into();
        assert!(matches!(error, Error::Invalid(f) if f.get("Stripe-Signature").is_some()));
    }
}
