//! What VNPay sends back (IPN and return URL share the parameters) and what we answer.

use ocop_core::{Error, Vnd};

use super::{canonical_query, canonical_query_keeping_empty};
use crate::sign;

/// A verified (or not) VNPay callback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The hash is missing or does not match: answer [`IpnAnswer::BadSignature`], change nothing.
    BadSignature,
    /// `vnp_ResponseCode` and `vnp_TransactionStatus` are both `00`.
    Paid { txn_ref: String, amount: Vnd, transaction_no: String },
    /// Genuine, but the payment did not go through (cancelled, declined, timed out…).
    Failed { txn_ref: String, amount: Vnd, transaction_no: String, response_code: String },
}

/// Checks the hash over every `vnp_*` parameter of `query` (the raw query string, with or
/// without `?`) and reads the outcome.
///
/// # Errors
/// [`Error::Invalid`] naming `query` when it is not form-encoded; otherwise as
/// [`verify_params`].
pub fn verify(hash_secret: &str, query: &str) -> Result<Outcome, Error> {
    let params: Vec<(String, String)> = serde_urlencoded::from_str(query.trim_start_matches('?'))
        .map_err(|e| Error::invalid("query", e.to_string()))?;
    verify_params(hash_secret, &params)
}

/// [`verify`] for parameters already decoded (e.g. by the web framework).
///
/// # Errors
/// [`Error::Invalid`] naming `vnp_TxnRef` (missing) or `vnp_Amount` (not a whole number of
/// hundredths of a đồng) on a correctly signed callback.
pub fn verify_params(hash_secret: &str, params: &[(String, String)]) -> Result<Outcome, Error> {
    let get = |key: &str| params.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
    let Some(claimed) = get("vnp_SecureHash") else { return Ok(Outcome::BadSignature) };
    let pairs = || params.iter().map(|(k, v)| (k.as_str(), v.as_str()));
    // VNPay's samples disagree on empty values (Java skips them, PHP keeps them), so a
    // callback with an empty vnp_* value is accepted when either form matches.
    let signed_without_empty = canonical_query(pairs().filter(|(_, v)| !v.is_empty()));
    let signed_with_empty = canonical_query_keeping_empty(pairs());
    let genuine = [signed_without_empty, signed_with_empty]
        .iter()
        .fold(false, |ok, signed| sign::verify_sha512(hash_secret.as_bytes(), signed.as_bytes(), claimed) | ok);
    if !genuine {
        return Ok(Outcome::BadSignature);
    }

    let txn_ref =
        get("vnp_TxnRef").filter(|t| !t.is_empty()).ok_or_else(|| Error::invalid("vnp_TxnRef", "bắt buộc"))?.to_owned();
    let hundredths: i64 = get("vnp_Amount")
        .and_then(|a| a.parse().ok())
        .filter(|a: &i64| *a >= 0 && a % 100 == 0)
        .ok_or_else(|| Error::invalid("vnp_Amount", "số tiền không hợp lệ (đồng × 100)"))?;
    let amount = Vnd(hundredths / 100);
    let transaction_no = get("vnp_TransactionNo").unwrap_or_default().to_owned();
    let response_code = get("vnp_ResponseCode").unwrap_or_default();
    if response_code == "00" && get("vnp_TransactionStatus") == Some("00") {
        Ok(Outcome::Paid { txn_ref, amount, transaction_no })
    } else {
        Ok(Outcome::Failed { txn_ref, amount, transaction_no, response_code: response_code.to_owned() })
    }
}

/// What the IPN endpoint answers VNPay, as `{"RspCode","Message"}` JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IpnAnswer {
    /// `00`: recorded (a failed payment is recorded too).
    Confirmed,
    /// `01`: no order with that `vnp_TxnRef`.
    OrderNotFound,
    /// `02`: the order was already confirmed; VNPay stops retrying.
    AlreadyConfirmed,
    /// `04`: the amount differs from the order's.
    InvalidAmount,
    /// `97`: the hash does not match.
    BadSignature,
    /// `99`: anything else.
    Unknown,
}

impl IpnAnswer {
    pub fn code(self) -> &'static str {
        match self {
            Self::Confirmed => "00",
            Self::OrderNotFound => "01",
            Self::AlreadyConfirmed => "02",
            Self::InvalidAmount => "04",
            Self::BadSignature => "97",
            Self::Unknown => "99",
        }
    }

    /// VNPay's own wording, which its dashboard shows.
    pub fn message(self) -> &'static str {
        match self {
            Self::Confirmed => "Confirm Success",
            Self::OrderNotFound => "Order not found",
            Self::AlreadyConfirmed => "Order already confirmed",
            Self::InvalidAmount => "Invalid amount",
            Self::BadSignature => "Invalid signature",
            Self::Unknown => "Unknown error",
        }
    }

    pub fn to_json(self) -> serde_json::Value {
        serde_json::json!({ "RspCode": self.code(), "Message": self.message() })
    }
}

impl serde::Serialize for IpnAnswer {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(serializer)
    }
}
