//! MoMo v2 (`/v2/gateway/api/create` and its IPN). MoMo signs raw `k=v` pairs sorted a–z
//! with HMAC-SHA256; the merchant answers an IPN with HTTP 204.

use ocop_core::{Error, Vnd};
use serde::Deserialize;

use crate::sign;

/// The merchant's MoMo keys (`OCOP_MOMO_*`).
#[derive(Debug, Clone)]
pub struct Config {
    pub partner_code: String,
    pub access_key: String,
    pub secret_key: String,
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
    sign::sha256_hex(config.secret_key.as_bytes(), raw.as_bytes())
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

/// The IPN MoMo POSTs as JSON.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Ipn {
    pub partner_code: String,
    pub order_id: String,
    pub request_id: String,
    pub amount: i64,
    pub order_info: String,
    pub order_type: String,
    pub trans_id: i64,
    pub result_code: i64,
    pub message: String,
    pub pay_type: String,
    pub response_time: i64,
    pub extra_data: String,
    pub signature: String,
}

/// What a MoMo IPN says, once its signature is checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    BadSignature,
    /// `resultCode == 0`.
    Paid {
        order_id: String,
        amount: Vnd,
        trans_id: i64,
    },
    Failed {
        order_id: String,
        result_code: i64,
        message: String,
    },
}

/// Reads an IPN body.
///
/// # Errors
/// [`Error::Invalid`] on `body` naming what is missing or mistyped.
pub fn parse_ipn(body: &[u8]) -> Result<Ipn, Error> {
    serde_json::from_slice(body).map_err(|e| Error::invalid("body", format!("IPN MoMo không đọc được: {e}")))
}

/// The signature MoMo puts on an IPN: its thirteen fields sorted a–z. Public so a test
/// server can play MoMo.
pub fn ipn_signature(config: &Config, ipn: &Ipn) -> String {
    sign::sha256_hex(config.secret_key.as_bytes(), ipn_raw(config, ipn).as_bytes())
}

fn ipn_raw(config: &Config, ipn: &Ipn) -> String {
    format!(
        "accessKey={}&amount={}&extraData={}&message={}&orderId={}&orderInfo={}&orderType={}&partnerCode={}&payType={}&requestId={}&responseTime={}&resultCode={}&transId={}",
        config.access_key,
        ipn.amount,
        ipn.extra_data,
        ipn.message,
        ipn.order_id,
        ipn.order_info,
        ipn.order_type,
        ipn.partner_code,
        ipn.pay_type,
        ipn.request_id,
        ipn.response_time,
        ipn.result_code,
        ipn.trans_id,
    )
}

/// Checks the IPN's signature (constant time) and reads the outcome. An IPN for another
/// partner code is a bad signature too: it was not meant for us.
pub fn verify_ipn(config: &Config, ipn: &Ipn) -> Outcome {
    let genuine = ipn.partner_code == config.partner_code
        && sign::verify_sha256(config.secret_key.as_bytes(), ipn_raw(config, ipn).as_bytes(), &ipn.signature);
    match (genuine, ipn.result_code) {
        (false, _) => Outcome::BadSignature,
        (true, 0) => Outcome::Paid { order_id: ipn.order_id.clone(), amount: Vnd(ipn.amount), trans_id: ipn.trans_id },
        (true, code) => {
            Outcome::Failed { order_id: ipn.order_id.clone(), result_code: code, message: ipn.message.clone() }
        }
    }
}

#[cfg(test)]
mod tests {
    #![expect(clippy::unwrap_used, reason = "fixtures")]

    use super::*;

    fn config() -> Config {
        Config {
            partner_code: "OCOPTEST0001".into(),
            access_key: "TESTACCESSKEY000".into(),
            secret_key: "TESTSECRETKEYNOTREAL000000000000".into(),
        }
    }

    fn request() -> CreateRequest {
        CreateRequest {
            order_id: "OCOP-261126-7K3F".into(),
            request_id: "OCOP-261126-7K3F-1".into(),
            amount: Vnd(125_000),
            order_info: "Thanh toán đơn hàng OCOP-261126-7K3F".into(),
            redirect_url: "https://cho-ocop.vn/don-hang/OCOP-261126-7K3F".into(),
            ipn_url: "https://cho-ocop.vn/webhooks/momo/ipn".into(),
            extra_data: String::new(),
            request_type: "captureWallet".into(),
        }
    }

    fn ipn(result_code: i64) -> Ipn {
        let mut ipn = Ipn {
            partner_code: "OCOPTEST0001".into(),
            order_id: "OCOP-261126-7K3F".into(),
            request_id: "OCOP-261126-7K3F-1".into(),
            amount: 125_000,
            order_info: "Thanh toán đơn hàng OCOP-261126-7K3F".into(),
            order_type: "momo_wallet".into(),
            trans_id: 4_088_878_653,
            result_code,
            message: "Successful.".into(),
            pay_type: "qr".into(),
            response_time: 1_764_152_400_000,
            extra_data: String::new(),
            signature: String::new(),
        };
        ipn.signature = ipn_signature(&config(), &ipn);
        ipn
    }

    #[test]
    fn the_create_signature_is_hmac_sha256_over_the_sorted_raw_pairs() {
        let raw = "accessKey=TESTACCESSKEY000&amount=125000&extraData=&ipnUrl=https://cho-ocop.vn/webhooks/momo/ipn&orderId=OCOP-261126-7K3F&orderInfo=Thanh toán đơn hàng OCOP-261126-7K3F&partnerCode=OCOPTEST0001&redirectUrl=https://cho-ocop.vn/don-hang/OCOP-261126-7K3F&requestId=OCOP-261126-7K3F-1&requestType=captureWallet";
        let expected = sign::sha256_hex(b"TESTSECRETKEYNOTREAL000000000000", raw.as_bytes());
        assert_eq!(create_signature(&config(), &request()), expected);
        assert_eq!(expected.len(), 64);
    }

    #[test]
    fn the_create_body_carries_the_signature_and_whole_dong() {
        let body = create_body(&config(), &request()).unwrap();
        assert_eq!(body["amount"], 125_000);
        assert_eq!(body["signature"], create_signature(&config(), &request()));
        assert_eq!(body["requestType"], "captureWallet");
        let mut small = request();
        small.amount = Vnd(999);
        assert!(matches!(create_body(&config(), &small), Err(Error::Invalid(f)) if f.get("amount").is_some()));
    }

    #[test]
    fn a_signed_ipn_round_trips_through_json_and_is_paid_iff_result_code_is_zero() {
        let json = serde_json::json!({
            "partnerCode": "OCOPTEST0001", "orderId": "OCOP-261126-7K3F", "requestId": "OCOP-261126-7K3F-1",
            "amount": 125000, "orderInfo": "Thanh toán đơn hàng OCOP-261126-7K3F", "orderType": "momo_wallet",
            "transId": 4088878653_i64, "resultCode": 0, "message": "Successful.", "payType": "qr",
            "responseTime": 1764152400000_i64, "extraData": "", "signature": ipn(0).signature,
        });
        let parsed = parse_ipn(json.to_string().as_bytes()).unwrap();
        assert_eq!(parsed, ipn(0));
        assert_eq!(
            verify_ipn(&config(), &parsed),
            Outcome::Paid { order_id: "OCOP-261126-7K3F".into(), amount: Vnd(125_000), trans_id: 4_088_878_653 }
        );
        assert!(matches!(verify_ipn(&config(), &ipn(1006)), Outcome::Failed { result_code: 1006, .. }));
    }

    #[test]
    fn a_tampered_field_fails_the_signature() {
        let tampers: [fn(&mut Ipn); 5] = [
            |i| i.amount += 1,
            |i| i.result_code = 1,
            |i| i.order_id.push('X'),
            |i| i.trans_id += 1,
            |i| i.signature = i.signature.chars().rev().collect(),
        ];
        for tamper in tampers {
            let mut forged = ipn(0);
            tamper(&mut forged);
            assert_eq!(verify_ipn(&config(), &forged), Outcome::BadSignature);
        }
        let other_partner = Config { partner_code: "OTHER".into(), ..config() };
        assert_eq!(verify_ipn(&other_partner, &ipn(0)), Outcome::BadSignature);
    }

    #[test]
    fn a_body_that_is_not_an_ipn_names_the_body() {
        assert!(matches!(parse_ipn(b"{}"), Err(Error::Invalid(f)) if f.get("body").is_some()));
    }
}
