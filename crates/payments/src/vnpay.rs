//! VNPay 2.1.0: the signed redirect URL that sends the buyer to VNPay, and the check of
//! what VNPay sends back (IPN, return page). The IPN is the truth; the return page only
//! displays.

mod ipn;

pub use ipn::{IpnAnswer, Outcome, verify, verify_params};

use chrono::{DateTime, FixedOffset, Utc};
use ocop_core::{Error, Vnd};
use secrecy::{ExposeSecret as _, SecretString};

use crate::sign;

/// The merchant's VNPay terminal (`OCOP_VNPAY_*`).
#[derive(Debug, Clone)]
pub struct Config {
    pub tmn_code: String,
    /// Secret: Debug prints it redacted.
    pub hash_secret: SecretString,
    /// e.g. `https://sandbox.vnpayment.vn/paymentv2/vpcpay.html`
    pub pay_url: String,
}

/// The page language VNPay shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Locale {
    #[default]
    Vn,
    En,
}

/// One payment to ask VNPay for.
#[derive(Debug, Clone)]
pub struct PaymentRequest {
    /// Our reference, unique per attempt (the order code, or code plus attempt number).
    pub txn_ref: String,
    pub amount: Vnd,
    /// Shown to the buyer; folded to ASCII because VNPay asks for it.
    pub order_info: String,
    /// VNPay's category code; `other` is always accepted.
    pub order_type: String,
    /// The buyer's IP address.
    pub ip_addr: String,
    pub locale: Locale,
    pub return_url: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub bank_code: Option<String>,
}

/// VNPay's clock: GMT+7, `yyyyMMddHHmmss`.
pub fn vnpay_time(at: DateTime<Utc>) -> String {
    let local = FixedOffset::east_opt(7 * 3600).map_or(at.naive_utc(), |gmt7| at.with_timezone(&gmt7).naive_local());
    local.format("%Y%m%d%H%M%S").to_string()
}

/// The signed URL to redirect the buyer to.
///
/// # Errors
/// [`Error::Invalid`] naming `amount` (not positive, or ×100 overflows), `txn_ref`,
/// `ip_addr` or `return_url` (empty), or `expires_at` (not after `created_at`).
pub fn payment_url(config: &Config, request: &PaymentRequest) -> Result<String, Error> {
    let amount = match request.amount.0.checked_mul(100) {
        Some(a) if request.amount.0 > 0 => a,
        _ => return Err(Error::invalid("amount", "số tiền phải lớn hơn 0")),
    };
    for (field, value) in
        [("txn_ref", &request.txn_ref), ("ip_addr", &request.ip_addr), ("return_url", &request.return_url)]
    {
        if value.trim().is_empty() {
            return Err(Error::invalid(field, "bắt buộc"));
        }
    }
    let order_info = ascii_fold(&request.order_info);
    let mut params = vec![
        ("vnp_Version", "2.1.0".to_owned()),
        ("vnp_Command", "pay".to_owned()),
        ("vnp_TmnCode", config.tmn_code.clone()),
        ("vnp_Amount", amount.to_string()),
        ("vnp_CreateDate", vnpay_time(request.created_at)),
        ("vnp_CurrCode", "VND".to_owned()),
        ("vnp_IpAddr", request.ip_addr.clone()),
        ("vnp_Locale", if request.locale == Locale::En { "en" } else { "vn" }.to_owned()),
        ("vnp_OrderInfo", if order_info.is_empty() { request.txn_ref.clone() } else { order_info }),
        ("vnp_OrderType", request.order_type.clone()),
        ("vnp_ReturnUrl", request.return_url.clone()),
        ("vnp_TxnRef", request.txn_ref.clone()),
    ];
    if let Some(expires_at) = request.expires_at {
        if expires_at <= request.created_at {
            return Err(Error::invalid("expires_at", "hạn thanh toán phải sau lúc tạo"));
        }
        params.push(("vnp_ExpireDate", vnpay_time(expires_at)));
    }
    if let Some(bank) = request.bank_code.as_ref().filter(|b| !b.is_empty()) {
        params.push(("vnp_BankCode", bank.clone()));
    }
    let query = canonical_query(params.iter().map(|(k, v)| (*k, v.as_str())));
    let hash = sign::sha512_hex(config.hash_secret.expose_secret().as_bytes(), query.as_bytes());
    let separator = if config.pay_url.contains('?') { '&' } else { '?' };
    Ok(format!("{}{separator}{query}&vnp_SecureHash={hash}", config.pay_url))
}

/// The string VNPay signs: the non-empty `vnp_*` parameters but the hash itself, sorted
/// by key, form-urlencoded (space → `+`), joined `k=v&…`.
pub fn canonical_query<'a>(params: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    canonical_query_keeping_empty(params.into_iter().filter(|(_, v)| !v.is_empty()))
}

/// [`canonical_query`] keeping `k=` pairs with an empty value, as VNPay's PHP sample does.
fn canonical_query_keeping_empty<'a>(params: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut params: Vec<_> = params
        .into_iter()
        .filter(|(k, _)| k.starts_with("vnp_") && *k != "vnp_SecureHash" && *k != "vnp_SecureHashType")
        .collect();
    params.sort_by(|a, b| a.0.cmp(b.0));
    params.iter().map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v))).collect::<Vec<_>>().join("&")
}

/// Form encoding as VNPay's reference code does it (PHP `urlencode`): letters, digits and
/// `-_.` stay, space becomes `+`, every other byte `%XX`.
fn urlencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => out.push(char::from(b)),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// VNPay wants `vnp_OrderInfo` in plain ASCII: diacritics go, đ becomes d.
fn ascii_fold(s: &str) -> String {
    ocop_core::text::fold_ascii(s).trim().to_owned()
}

#[cfg(test)]
mod tests;
