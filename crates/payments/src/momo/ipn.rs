//! MoMo's IPN: read, signature checked over its own thirteen fields, outcome.

use ocop_core::{Error, Vnd};
use secrecy::ExposeSecret as _;
use serde::Deserialize;

use super::Config;
use crate::sign;

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
        amount: Vnd,
        trans_id: i64,
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
    sign::sha256_hex(config.secret_key.expose_secret().as_bytes(), ipn_raw(config, ipn).as_bytes())
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
        && sign::verify_sha256(
            config.secret_key.expose_secret().as_bytes(),
            ipn_raw(config, ipn).as_bytes(),
            &ipn.signature,
        );
    match (genuine, ipn.result_code) {
        (false, _) => Outcome::BadSignature,
        (true, 0) => Outcome::Paid { order_id: ipn.order_id.clone(), amount: Vnd(ipn.amount), trans_id: ipn.trans_id },
        (true, code) => Outcome::Failed {
            order_id: ipn.order_id.clone(),
            amount: Vnd(ipn.amount),
            trans_id: ipn.trans_id,
            result_code: code,
            message: ipn.message.clone(),
        },
    }
}
