//! The payments concern: which methods buyers may choose, the limits and commission, and
//! each provider's keys (flat keys `payment_methods`, `vietqr_*`, `vnpay_*`, `momo_*`,
//! `stripe_*`, as documented).

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde_with::serde_as;

use super::{ConfigError, DEMO_VIETQR_ACCOUNT, Environment, Lenient, bad};

/// The methods buyers may choose, their limits, the commission, and each provider.
#[derive(Debug, Clone)]
pub struct Payments {
    pub rules: PaymentRules,
    pub vietqr: VietQr,
    pub vnpay: VnPay,
    pub momo: MoMo,
    pub stripe: Stripe,
}

#[serde_as]
#[derive(Debug, Clone, Deserialize)]
pub struct PaymentRules {
    /// Comma-separated payment methods buyers may choose (cod, vietqr, vnpay, momo, stripe).
    #[serde(rename = "payment_methods")]
    pub methods: String,
    #[serde(rename = "payment_window_minutes")]
    #[serde_as(as = "Lenient")]
    pub window_minutes: i64,
    /// The largest order a buyer may pay in cash on delivery; 0 = no limit.
    #[serde_as(as = "Lenient")]
    pub cod_max_vnd: i64,
    /// Marketplace commission in basis points (500 = 5 %), unless a group or shop says otherwise.
    #[serde_as(as = "Lenient")]
    pub commission_bps: i64,
    /// `group=bps` pairs, comma-separated, e.g. `thuc-pham=500,do-uong=700`.
    pub commission_by_group: String,
}

/// The marketplace's receiving account for VietQR transfers.
#[derive(Debug, Clone, Deserialize)]
pub struct VietQr {
    #[serde(rename = "vietqr_bank_bin")]
    pub bank_bin: String,
    #[serde(rename = "vietqr_account")]
    pub account: String,
    #[serde(rename = "vietqr_account_name")]
    pub account_name: String,
}

/// VNPay merchant (terminal) code and hash secret; VNPay stays off until both are set.
#[derive(Debug, Clone, Deserialize)]
pub struct VnPay {
    #[serde(rename = "vnpay_tmn_code")]
    pub tmn_code: String,
    #[serde(rename = "vnpay_hash_secret")]
    pub hash_secret: SecretString,
    #[serde(rename = "vnpay_pay_url")]
    pub pay_url: String,
}

/// MoMo v2 merchant keys; MoMo stays off until all three are set.
#[derive(Debug, Clone, Deserialize)]
pub struct MoMo {
    #[serde(rename = "momo_partner_code")]
    pub partner_code: String,
    #[serde(rename = "momo_access_key")]
    pub access_key: String,
    #[serde(rename = "momo_secret_key")]
    pub secret_key: SecretString,
    #[serde(rename = "momo_api_base")]
    pub api_base: String,
}

/// Stripe (international cards); off until both keys are set.
#[derive(Debug, Clone, Deserialize)]
pub struct Stripe {
    #[serde(rename = "stripe_secret_key")]
    pub secret_key: SecretString,
    #[serde(rename = "stripe_webhook_secret")]
    pub webhook_secret: SecretString,
    #[serde(rename = "stripe_api_base")]
    pub api_base: String,
}

impl Payments {
    pub(super) fn validate(&self, env: Environment) -> Result<(), ConfigError> {
        let methods = self.enabled_methods();
        if let Some(bad_method) = methods.iter().find(|m| ocop_core::payment_method::Method::parse(m).is_err()) {
            return Err(ConfigError::Invalid(format!(
                "payment_methods (OCOP_PAYMENT_METHODS): unknown method \"{bad_method}\"; use cod, vietqr, vnpay, momo, stripe"
            )));
        }
        if methods.is_empty() {
            return bad("payment_methods (OCOP_PAYMENT_METHODS) must name at least one method");
        }
        let on = |name: &str| methods.iter().any(|m| m == name);
        if !(1..=24 * 60).contains(&self.rules.window_minutes) {
            return bad("payment_window_minutes must be between 1 and 1440");
        }
        if !(0..=5_000).contains(&self.rules.commission_bps) {
            return bad("commission_bps (OCOP_COMMISSION_BPS) must be between 0 and 5000 (50 %)");
        }
        if let Err(ocop_core::Error::Invalid(fields)) = self.commission() {
            let why = fields.get("commission_by_group").unwrap_or_default().to_owned();
            return Err(ConfigError::Invalid(format!("commission_by_group (OCOP_COMMISSION_BY_GROUP): {why}")));
        }
        let vietqr = &self.vietqr;
        if on("vietqr")
            && (vietqr.bank_bin.len() != 6
                || !vietqr.bank_bin.bytes().all(|b| b.is_ascii_digit())
                || vietqr.account.trim().is_empty())
        {
            return bad(
                "vietqr_bank_bin (OCOP_VIETQR_BANK_BIN) must be the bank's 6-digit BIN and vietqr_account (OCOP_VIETQR_ACCOUNT) set when VietQR is on",
            );
        }
        if on("vnpay") && self.vnpay.keys().is_none() {
            return bad(
                "vnpay_tmn_code (OCOP_VNPAY_TMN_CODE) and vnpay_hash_secret (OCOP_VNPAY_HASH_SECRET) must be set when VNPay is on",
            );
        }
        if on("momo") && self.momo.keys().is_none() {
            return bad(
                "momo_partner_code, momo_access_key and momo_secret_key (OCOP_MOMO_PARTNER_CODE, OCOP_MOMO_ACCESS_KEY, OCOP_MOMO_SECRET_KEY) must be set when MoMo is on",
            );
        }
        if on("stripe") && self.stripe.webhook_secret().is_none() {
            return bad(
                "stripe_secret_key and stripe_webhook_secret (OCOP_STRIPE_SECRET_KEY, OCOP_STRIPE_WEBHOOK_SECRET) must be set when Stripe is on",
            );
        }
        if env == Environment::Production && on("vietqr") && vietqr.account.trim() == DEMO_VIETQR_ACCOUNT {
            return bad(
                "vietqr_account (OCOP_VIETQR_ACCOUNT) is still the demo account: set the marketplace's own bank account (and OCOP_VIETQR_BANK_BIN, OCOP_VIETQR_ACCOUNT_NAME) in production",
            );
        }
        if self.rules.cod_max_vnd < 0 {
            return bad("cod_max_vnd (OCOP_COD_MAX_VND) must be 0 (no limit) or more");
        }
        Ok(())
    }

    /// The commission table the ledger uses.
    ///
    /// # Errors
    /// [`ocop_core::Error::Invalid`] naming `commission_by_group`.
    pub fn commission(&self) -> Result<ocop_payments::sync::Commission, ocop_core::Error> {
        ocop_payments::sync::Commission::parse(self.rules.commission_bps, &self.rules.commission_by_group)
    }

    /// The payment methods switched on, in the order configured.
    pub fn enabled_methods(&self) -> Vec<String> {
        self.rules.methods.split(',').map(|m| m.trim().to_ascii_lowercase()).filter(|m| !m.is_empty()).collect()
    }
}

impl VietQr {
    /// The marketplace's receiving account (spaces in the number dropped).
    pub fn bank_account(&self) -> ocop_payments::method::BankAccount {
        ocop_payments::method::BankAccount {
            bank_bin: self.bank_bin.clone(),
            account: self.account.chars().filter(|c| !c.is_whitespace()).collect(),
            account_name: self.account_name.clone(),
        }
    }
}

impl VnPay {
    /// VNPay's settings, when the merchant code and secret are set.
    pub fn keys(&self) -> Option<ocop_payments::vnpay::Config> {
        let secret = self.hash_secret.expose_secret().trim();
        (!self.tmn_code.trim().is_empty() && !secret.is_empty()).then(|| ocop_payments::vnpay::Config {
            tmn_code: self.tmn_code.trim().to_owned(),
            hash_secret: SecretString::from(secret.to_owned()),
            pay_url: self.pay_url.clone(),
        })
    }
}

impl MoMo {
    /// MoMo's keys, when all are set.
    pub fn keys(&self) -> Option<ocop_payments::momo::Config> {
        let secret = self.secret_key.expose_secret().trim();
        let (partner, access) = (self.partner_code.trim(), self.access_key.trim());
        (!partner.is_empty() && !access.is_empty() && !secret.is_empty()).then(|| ocop_payments::momo::Config {
            partner_code: partner.to_owned(),
            access_key: access.to_owned(),
            secret_key: SecretString::from(secret.to_owned()),
        })
    }
}

impl Stripe {
    /// The secret API key, when both Stripe keys are set.
    pub fn secret_key(&self) -> Option<SecretString> {
        let key = self.secret_key.expose_secret().trim();
        (!key.is_empty() && self.webhook_secret().is_some()).then(|| SecretString::from(key.to_owned()))
    }

    /// The secret Stripe signs webhooks with, when both Stripe keys are set.
    pub fn webhook_secret(&self) -> Option<&str> {
        let secret = self.webhook_secret.expose_secret().trim();
        (!secret.is_empty() && !self.secret_key.expose_secret().trim().is_empty()).then_some(secret)
    }
}
