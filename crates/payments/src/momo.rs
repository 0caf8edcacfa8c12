//! MoMo v2 (`/v2/gateway/api/create` and its IPN). MoMo signs raw `k=v` pairs sorted a–z
//! with HMAC-SHA256; the merchant answers an IPN with HTTP 204.

mod ipn;

pub use ipn::{Ipn, Outcome, ipn_signature, parse_ipn, verify_ipn};
use ocop_core::{Error, Vnd};
use secrecy::{ExposeSecret as _, SecretString};

use crate::sign;

/// The merchant's MoMo keys (`OCOP_MOMO_*`).
#[derive(Debug, Clone)]
pub struct Config {
    pub partner_code: String,
    pub access_key: String,
    /// Secret: Debug prints it redacted.
    pub secret_key: SecretString,
}

/// One payment to ask MoMo for.
#[derive(Debug, Clone)]
pub struct CreateRequest {
    pub order_id: String,
    /// Unique per call, so a retried create is not taken for a new payment.
    pub request_id: String,
    pub amount: Vnd,
    pub order_info: String,
    pub redirect_url: String,
    pub ipn_url: String,
    /// Opaque to MoMo, returned in the IPN; often empty or base64 JSON.
    pub extra_data: String,
    /// `captureWallet` (MoMo app), `payWithATM`, `payWithCC`…
    pub request_type: String,
}

/// The signature of a create request, over the ten fields MoMo names, sorted a–z.
pub fn create_signature(config: &Config, request: &CreateRequest) -> String {
    let raw = format!(
        "accessKey={}&amount={}&extraData={}&ipnUrl={}&orderId={}&orderInfo={}&partnerCode={}&redirectUrl={}&requestId={}&requestType={}",
        config.access_key,
        request.amount.0,
        request.extra_data,
        request.ipn_url,
        request.order_id,
        request.order_info,
        config.partner_code,
        request.redirect_url,
        request.request_id,
        request.request_type,
    );
    sign::sha256_hex(config.secret_key.expose_secret().as_bytes(), raw.as_bytes())
}

/// The JSON body to POST to MoMo's create endpoint; its answer's `payUrl` is where the
/// buyer goes.
///
/// # Errors
/// [`Error::Invalid`] naming `amount` (MoMo takes 1 000 to 50 000 000 đồng), `order_id`,
/// `request_id`, `redirect_url` or `ipn_url` (empty).
pub fn create_body(config: &Config, request: &CreateRequest) -> Result<serde_json::Value, Error> {
    if !(1_000..=50_000_000).contains(&request.amount.0) {
        return Err(Error::invalid("amount", "MoMo nhận từ 1.000 ₫ đến 50.000.000 ₫"));
    }
    for (field, value) in [
        ("order_id", &request.order_id),
        ("request_id", &request.request_id),
        ("redirect_url", &request.redirect_url),
        ("ipn_url", &request.ipn_url),
    ] {
        if value.trim().is_empty() {
            return Err(Error::invalid(field, "bắt buộc"));
        }
    }
    Ok(serde_json::json!({
        "partnerCode": config.partner_code,
        "accessKey": config.access_key,
        "requestId": request.request_id,
        "amount": request.amount.0,
        "orderId": request.order_id,
        "orderInfo": request.order_info,
        "redirectUrl": request.redirect_url,
        "ipnUrl": request.ipn_url,
        "extraData": request.extra_data,
        "requestType": request.request_type,
        "lang": "vi",
        "signature": create_signature(config, request),
    }))
}

#[cfg(test)]
mod tests;
