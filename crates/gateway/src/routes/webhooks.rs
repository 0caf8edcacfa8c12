//! Payment providers calling back. VNPay's IPN is the truth (the browser return only
//! displays); each delivery is verified, recorded once by its id, checked against the
//! order and its amount, and answered in VNPay's own codes.

use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use ocop_payments::Confirmation;
use ocop_payments::confirm::{self, Applied};
use ocop_payments::vnpay::{self, IpnAnswer, Outcome};
use secrecy::ExposeSecret as _;

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/webhooks/vnpay/ipn", get(vnpay_ipn).post(vnpay_ipn))
}

fn answer(a: IpnAnswer) -> Response {
    Json(a.to_json()).into_response()
}

/// `GET|POST /webhooks/vnpay/ipn?vnp_…`.
pub async fn vnpay_ipn(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let Some(config) = state.config.vnpay() else {
        return answer(IpnAnswer::Unknown);
    };
    let query = query.unwrap_or_default();
    let outcome = match vnpay::verify(config.hash_secret.expose_secret(), &query) {
        Ok(outcome) => outcome,
        Err(_) => return answer(IpnAnswer::BadSignature),
    };
    let Some(confirmation) = Confirmation::from_vnpay(&outcome) else {
        return answer(IpnAnswer::BadSignature);
    };
    if matches!(outcome, Outcome::BadSignature) {
        return answer(IpnAnswer::BadSignature);
    }
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
