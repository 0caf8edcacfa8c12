//! Payment providers calling back: the truth about a payment (the buyer's return pages
//! only display). Each delivery is verified, recorded once by its id, checked against the
//! order and its amount, and answered as its provider expects: VNPay in its own codes,
//! MoMo with 204, Stripe with 200. A forged or stale delivery is refused and changes nothing.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use ocop_payments::Confirmation;
use ocop_payments::confirm::{self, Applied};
use ocop_payments::vnpay::{self, IpnAnswer};
use secrecy::ExposeSecret as _;
use serde_json::json;

use crate::routes::Routes;
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::new()
        .route("/webhooks/vnpay/ipn", get(vnpay_ipn).post(vnpay_ipn))
        .route("/webhooks/momo/ipn", post(momo_ipn))
        .route("/webhooks/stripe", post(stripe_webhook))
}

fn refuse(status: StatusCode, field: &str, message: &str) -> Response {
    crate::error::json_error(status, "webhook_refused", message, &ocop_core::FieldErrors::single(field, message))
}

/// `POST /webhooks/momo/ipn` (JSON). MoMo wants 204 for every delivery it should not
/// send again; a bad signature gets 400.
pub async fn momo_ipn(State(state): State<AppState>, body: Bytes) -> Response {
    let Some(config) = state.config.payments.momo.keys() else {
        return refuse(StatusCode::NOT_FOUND, "method", "MoMo chưa được bật");
    };
    let ipn = match ocop_payments::momo::parse_ipn(&body) {
        Ok(ipn) => ipn,
        Err(_) => return refuse(StatusCode::BAD_REQUEST, "body", "IPN MoMo không đọc được"),
    };
    let outcome = ocop_payments::momo::verify_ipn(&config, &ipn);
    let Some(confirmation) = Confirmation::from_momo(&outcome) else {
        return refuse(StatusCode::BAD_REQUEST, "signature", "chữ ký không khớp");
    };
    let payload = String::from_utf8_lossy(&body);
    match confirm::apply(&state.db, &confirmation, &payload).await {
        Ok(applied) => {
            tracing::info!(order = %confirmation.order_code, outcome = applied.as_str(), "MoMo IPN");
            StatusCode::NO_CONTENT.into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "MoMo IPN could not be applied");
            // MoMo retries a failed delivery: nothing was recorded, so the retry counts.
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// `POST /webhooks/stripe`: `Stripe-Signature` checked against the raw body within five
/// minutes; every genuine event is answered 200 (Stripe retries anything else for days),
/// events that are not about paying an order are acknowledged and ignored.
pub async fn stripe_webhook(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(secret) = state.config.payments.stripe.webhook_secret() else {
        return refuse(StatusCode::NOT_FOUND, "method", "Stripe chưa được bật");
    };
    let header = headers.get("stripe-signature").and_then(|v| v.to_str().ok()).unwrap_or_default();
    let now = chrono::Utc::now().timestamp();
    if let Err(rejection) = ocop_payments::stripe::verify_webhook(secret, header, &body, now) {
        use ocop_payments::stripe::Rejection;
        tracing::warn!(?rejection, "Stripe webhook refused");
        let why = match rejection {
            Rejection::Stale { .. } => "chữ ký đã quá hạn (quá 5 phút)",
            Rejection::Malformed => "thiếu t= hoặc v1=",
            Rejection::Mismatch => "chữ ký không khớp",
        };
        return refuse(StatusCode::BAD_REQUEST, "Stripe-Signature", why);
    }
    let event = match ocop_payments::stripe::parse_event(&body) {
        Ok(event) => event,
        Err(ocop_core::Error::Invalid(fields)) => {
            let (field, message) =
                fields.0.iter().next().map_or(("body", "không đọc được"), |(f, m)| (f.as_str(), m.as_str()));
            return refuse(StatusCode::BAD_REQUEST, field, message);
        }
        Err(_) => return refuse(StatusCode::BAD_REQUEST, "body", "sự kiện Stripe không đọc được"),
    };
    let Some(confirmation) = Confirmation::from_stripe(&event) else {
        return Json(json!({"received": true, "outcome": "ignored"})).into_response();
    };
    let payload = String::from_utf8_lossy(&body);
    match confirm::apply(&state.db, &confirmation, &payload).await {
        Ok(applied) => Json(json!({"received": true, "outcome": applied.as_str()})).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "Stripe event could not be applied");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

fn answer(a: IpnAnswer) -> Response {
    Json(a.to_json()).into_response()
}

/// `GET|POST /webhooks/vnpay/ipn?vnp_…`.
pub async fn vnpay_ipn(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let Some(config) = state.config.payments.vnpay.keys() else {
        return answer(IpnAnswer::Unknown);
    };
    let query = query.unwrap_or_default();
    let outcome = match vnpay::verify(config.hash_secret.expose_secret(), &query) {
        Ok(outcome) => outcome,
        Err(_) => return answer(IpnAnswer::BadSignature),
    };
    // `None` is a bad signature.
    let Some(confirmation) = Confirmation::from_vnpay(&outcome) else {
        return answer(IpnAnswer::BadSignature);
    };
    match confirm::apply(&state.db, &confirmation, &query).await {
        Ok(Applied::Paid | Applied::Failed | Applied::RefundDue) => answer(IpnAnswer::Confirmed),
        Ok(Applied::Duplicate | Applied::AlreadyPaid) => answer(IpnAnswer::AlreadyConfirmed),
        Ok(Applied::UnknownOrder) => answer(IpnAnswer::OrderNotFound),
        Ok(Applied::AmountMismatch) => answer(IpnAnswer::InvalidAmount),
        Err(e) => {
            tracing::error!(error = %e, "VNPay IPN could not be applied");
            answer(IpnAnswer::Unknown)
        }
    }
}
