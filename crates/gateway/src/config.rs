//! Typed configuration: config/default.toml < config/$OCOP_ENV.toml < OCOP_* variables,
//! checked once at start-up so a bad value stops the start with the key's name.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Format, Serialized, Toml};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde_with::{DisplayFromStr, PickFirst, serde_as};

/// OCOP_* variables that are not settings of the gateway itself.
const NOT_SETTINGS: &[&str] = &["ENV", "CONFIG_DIR", "TEST_DATABASE_URL", "TEST_REDIS_URL", "TEST_LOG"];

/// Built in, so the binary starts with sane defaults wherever it runs.
const DEFAULTS: &str = include_str!("../../../config/default.toml");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Environment {
    Development,
    Test,
    Production,
}

impl Environment {
    fn parse(raw: &str) -> Result<Self, String> {
        match raw {
            "development" => Ok(Self::Development),
            "test" => Ok(Self::Test),
            "production" => Ok(Self::Production),
            other => Err(format!("OCOP_ENV: '{other}' is not development, test or production")),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Development => "development",
            Self::Test => "test",
            Self::Production => "production",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Pretty,
    Json,
}

/// Who runs the marketplace; shown in the footer.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Operator {
    pub name: String,
    pub legal_name: String,
    pub address: String,
    pub business_registration: String,
    pub phone: String,
    pub email: String,
}

/// Numbers and booleans accept a string too: environment variables are always strings.
type Lenient = PickFirst<(serde_with::Same, DisplayFromStr)>;

#[serde_as]
#[derive(Debug, Clone, Deserialize)]
pub struct Config {
    #[serde(skip, default = "default_env")]
    pub env: Environment,
    #[serde_as(as = "Lenient")]
    pub listen: SocketAddr,
    pub public_url: String,
    pub data_dir: PathBuf,
    pub database_url: String,
    #[serde_as(as = "Lenient")]
    pub database_max_connections: u32,
    pub redis_url: SecretString,
    pub redis_key_prefix: String,
    /// The longest a request waits for Redis before taking its degraded path.
    #[serde_as(as = "Lenient")]
    pub redis_timeout_ms: u64,
    pub web_dir: PathBuf,
    /// Memory for answers to repeated searches, in MB; 0 = no cache.
    #[serde_as(as = "Lenient")]
    pub search_cache_mb: usize,
    #[serde_as(as = "Lenient")]
    pub session_ttl_hours: i64,
    #[serde_as(as = "Lenient")]
    pub api_token_ttl_days: i64,
    #[serde_as(as = "Lenient")]
    pub cookie_secure: bool,
    #[serde_as(as = "Lenient")]
    pub body_limit_bytes: usize,
    #[serde_as(as = "Lenient")]
    pub request_timeout_secs: u64,
    #[serde_as(as = "Lenient")]
    pub login_max_failures: u32,
    #[serde_as(as = "Lenient")]
    pub login_window_secs: u64,
    #[serde_as(as = "Lenient")]
    pub trust_forwarded_for: bool,
    pub log_format: LogFormat,
    pub log_filter: String,
    /// Comma-separated payment methods buyers may choose (cod, vietqr, vnpay, momo, stripe).
    pub payment_methods: String,
    #[serde_as(as = "Lenient")]
    pub payment_window_minutes: i64,
    #[serde_as(as = "Lenient")]
    pub order_clock_secs: u64,
    /// The largest order a buyer may pay in cash on delivery; 0 = no limit.
    #[serde_as(as = "Lenient")]
    pub cod_max_vnd: i64,
    /// `smtp://` or `smtps://user:pass@host:port`; empty = mail is written under data_dir/mail.
    pub smtp_url: SecretString,
    pub mail_from: String,
    /// Marketplace commission in basis points (500 = 5 %), unless a group or shop says otherwise.
    #[serde_as(as = "Lenient")]
    pub commission_bps: i64,
    /// `group=bps` pairs, comma-separated, e.g. `thuc-pham=500,do-uong=700`.
    pub commission_by_group: String,
    /// The marketplace's receiving account for VietQR transfers.
    pub vietqr_bank_bin: String,
    pub vietqr_account: String,
    pub vietqr_account_name: String,
    /// VNPay merchant (terminal) code and hash secret; VNPay stays off until both are set.
    pub vnpay_tmn_code: String,
    pub vnpay_hash_secret: SecretString,
    pub vnpay_pay_url: String,
    /// MoMo v2 merchant keys; MoMo stays off until all three are set.
    pub momo_partner_code: String,
    pub momo_access_key: String,
    pub momo_secret_key: SecretString,
    pub momo_api_base: String,
    /// Stripe (international cards); off until both keys are set.
    pub stripe_secret_key: SecretString,
    pub stripe_webhook_secret: SecretString,
    pub stripe_api_base: String,
    pub operator: Operator,
}

/// The receiving account `config/default.toml` ships with, for demos; refused in production.
pub const DEMO_VIETQR_ACCOUNT: &str = "0011001932418";

fn default_env() -> Environment {
    Environment::Development
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("configuration: {0}")]
    Invalid(String),
}

impl Config {
    /// Loads the layers from `config_dir` and the process environment.
    ///
    /// # Errors
    /// A value of the wrong type or out of range, naming the key and its variable.
    pub fn load(config_dir: &Path) -> Result<Self, ConfigError> {
        let env_name = std::env::var("OCOP_ENV").unwrap_or_else(|_| "development".into());
        let vars: Vec<(String, String)> = std::env::vars().filter(|(k, _)| k.starts_with("OCOP_")).collect();
        Self::load_with(config_dir, &env_name, &vars)
    }

    /// As [`Config::load`], with the `OCOP_*` variables given (tests pass their own).
    ///
    /// # Errors
    /// As [`Config::load`].
    pub fn load_with(config_dir: &Path, env_name: &str, vars: &[(String, String)]) -> Result<Self, ConfigError> {
        let environment = Environment::parse(env_name).map_err(ConfigError::Invalid)?;
        let mut figment = Figment::from(Toml::string(DEFAULTS))
            .merge(Toml::file(config_dir.join("default.toml")))
            .merge(Toml::file(config_dir.join(format!("{env_name}.toml"))));
        for (name, raw) in vars {
            let Some(key) = name.strip_prefix("OCOP_") else { continue };
            if NOT_SETTINGS.contains(&key) {
                continue;
            }
            let path = key.to_lowercase().replace("__", ".");
            // Kept a string: figment converts it when the field wants a number or a bool,
            // and a phone number keeps its leading zero.
            figment = figment.merge(Serialized::default(&path, raw.as_str()));
        }
        let mut config: Config = figment.extract().map_err(|e| {
            let key = e.path.join(".");
            let var = format!("OCOP_{}", e.path.join("__").to_uppercase());
            ConfigError::Invalid(format!("{key} ({var}): {}", e.kind))
        })?;
        config.env = environment;
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<(), ConfigError> {
        let bad = |msg: &str| Err(ConfigError::Invalid(msg.to_owned()));
        let url = self.database_url.trim();
        if !(url.is_empty()
            || url.starts_with("sqlite:")
            || url.starts_with("postgres://")
            || url.starts_with("postgresql://"))
        {
            return bad("database_url (OCOP_DATABASE_URL) must start with sqlite: or postgres://");
        }
        let redis = self.redis_url.expose_secret().trim();
        if !(redis.is_empty() || redis.starts_with("redis://") || redis.starts_with("rediss://")) {
            return bad("redis_url (OCOP_REDIS_URL) must start with redis:// or rediss://");
        }
        if !(self.public_url.starts_with("http://") || self.public_url.starts_with("https://")) {
            return bad("public_url (OCOP_PUBLIC_URL) must start with http:// or https://");
        }
        if self.database_max_connections == 0 {
            return bad("database_max_connections must be at least 1");
        }
        if self.session_ttl_hours <= 0 || self.session_ttl_hours > 24 * 365 {
            return bad("session_ttl_hours must be between 1 and 8760");
        }
        if self.api_token_ttl_days <= 0 || self.api_token_ttl_days > 3650 {
            return bad("api_token_ttl_days must be between 1 and 3650");
        }
        if self.body_limit_bytes < 1024 {
            return bad("body_limit_bytes must be at least 1024");
        }
        if self.request_timeout_secs == 0 {
            return bad("request_timeout_secs must be at least 1");
        }
        if self.redis_timeout_ms == 0 {
            return bad("redis_timeout_ms must be at least 1");
        }
        if self.login_max_failures == 0 || self.login_window_secs == 0 {
            return bad("login_max_failures and login_window_secs must be at least 1");
        }
        if let Some(bad_method) =
            self.enabled_payment_methods().into_iter().find(|m| ocop_core::payment_method::Method::parse(m).is_err())
        {
            return Err(ConfigError::Invalid(format!(
                "payment_methods (OCOP_PAYMENT_METHODS): unknown method \"{bad_method}\"; use cod, vietqr, vnpay, momo, stripe"
            )));
        }
        if self.enabled_payment_methods().is_empty() {
            return bad("payment_methods (OCOP_PAYMENT_METHODS) must name at least one method");
        }
        if !(1..=24 * 60).contains(&self.payment_window_minutes) {
            return bad("payment_window_minutes must be between 1 and 1440");
        }
        if !(0..=5_000).contains(&self.commission_bps) {
            return bad("commission_bps (OCOP_COMMISSION_BPS) must be between 0 and 5000 (50 %)");
        }
        if let Err(ocop_core::Error::Invalid(fields)) = self.commission() {
            let why = fields.get("commission_by_group").unwrap_or_default().to_owned();
            return Err(ConfigError::Invalid(format!("commission_by_group (OCOP_COMMISSION_BY_GROUP): {why}")));
        }
        if self.enabled_payment_methods().iter().any(|m| m == "vietqr")
            && (self.vietqr_bank_bin.len() != 6
                || !self.vietqr_bank_bin.bytes().all(|b| b.is_ascii_digit())
                || self.vietqr_account.trim().is_empty())
        {
            return bad(
                "vietqr_bank_bin (OCOP_VIETQR_BANK_BIN) must be the bank's 6-digit BIN and vietqr_account (OCOP_VIETQR_ACCOUNT) set when VietQR is on",
            );
        }
        if self.enabled_payment_methods().iter().any(|m| m == "vnpay") && self.vnpay().is_none() {
            return bad(
                "vnpay_tmn_code (OCOP_VNPAY_TMN_CODE) and vnpay_hash_secret (OCOP_VNPAY_HASH_SECRET) must be set when VNPay is on",
            );
        }
        if self.enabled_payment_methods().iter().any(|m| m == "momo") && self.momo().is_none() {
            return bad(
                "momo_partner_code, momo_access_key and momo_secret_key (OCOP_MOMO_PARTNER_CODE, OCOP_MOMO_ACCESS_KEY, OCOP_MOMO_SECRET_KEY) must be set when MoMo is on",
            );
        }
        if self.enabled_payment_methods().iter().any(|m| m == "stripe") && self.stripe_webhook_secret().is_none() {
            return bad(
                "stripe_secret_key and stripe_webhook_secret (OCOP_STRIPE_SECRET_KEY, OCOP_STRIPE_WEBHOOK_SECRET) must be set when Stripe is on",
            );
        }
        if self.env == Environment::Production
            && self.enabled_payment_methods().iter().any(|m| m == "vietqr")
            && self.vietqr_account.trim() == DEMO_VIETQR_ACCOUNT
        {
            return bad(
                "vietqr_account (OCOP_VIETQR_ACCOUNT) is still the demo account: set the marketplace's own bank account (and OCOP_VIETQR_BANK_BIN, OCOP_VIETQR_ACCOUNT_NAME) in production",
            );
        }
        if self.cod_max_vnd < 0 {
            return bad("cod_max_vnd (OCOP_COD_MAX_VND) must be 0 (no limit) or more");
        }
        if self.order_clock_secs == 0 {
            return bad("order_clock_secs must be at least 1");
        }
        let smtp = self.smtp_url.expose_secret().trim();
        if !(smtp.is_empty() || smtp.starts_with("smtp://") || smtp.starts_with("smtps://")) {
            return bad("smtp_url (OCOP_SMTP_URL) must start with smtp:// or smtps://");
        }
        if mail_from_is_bad(&self.mail_from) {
            return bad("mail_from (OCOP_MAIL_FROM) must be an address such as Chợ OCOP <hotro@example.vn>");
        }
        if self.env == Environment::Production && !self.cookie_secure {
            return bad("cookie_secure must be true in production");
        }
        if tracing_subscriber::EnvFilter::try_new(&self.log_filter).is_err() {
            return bad("log_filter is not a valid tracing filter");
        }
        Ok(())
    }

    /// `public_url` without a trailing slash.
    pub fn base_url(&self) -> &str {
        self.public_url.trim_end_matches('/')
    }

    /// The database URL, defaulting to a SQLite file in `data_dir`.
    pub fn database_url(&self) -> String {
        let url = self.database_url.trim();
        if url.is_empty() { format!("sqlite://{}", self.data_dir.join("ocop.db").display()) } else { url.to_owned() }
    }

    /// The commission table the ledger uses.
    ///
    /// # Errors
    /// [`ocop_core::Error::Invalid`] naming `commission_by_group`.
    pub fn commission(&self) -> Result<ocop_payments::sync::Commission, ocop_core::Error> {
        ocop_payments::sync::Commission::parse(self.commission_bps, &self.commission_by_group)
    }

    /// VNPay's settings, when the merchant code and secret are set.
    pub fn vnpay(&self) -> Option<ocop_payments::vnpay::Config> {
        let secret = self.vnpay_hash_secret.expose_secret().trim();
        (!self.vnpay_tmn_code.trim().is_empty() && !secret.is_empty()).then(|| ocop_payments::vnpay::Config {
            tmn_code: self.vnpay_tmn_code.trim().to_owned(),
            hash_secret: SecretString::from(secret.to_owned()),
            pay_url: self.vnpay_pay_url.clone(),
        })
    }

    /// The marketplace's receiving account for VietQR (spaces in the number dropped).
    pub fn vietqr_account(&self) -> ocop_payments::method::BankAccount {
        ocop_payments::method::BankAccount {
            bank_bin: self.vietqr_bank_bin.clone(),
            account: self.vietqr_account.chars().filter(|c| !c.is_whitespace()).collect(),
            account_name: self.vietqr_account_name.clone(),
        }
    }

    /// MoMo's keys, when all are set.
    pub fn momo(&self) -> Option<ocop_payments::momo::Config> {
        let secret = self.momo_secret_key.expose_secret().trim();
        let (partner, access) = (self.momo_partner_code.trim(), self.momo_access_key.trim());
        (!partner.is_empty() && !access.is_empty() && !secret.is_empty()).then(|| ocop_payments::momo::Config {
            partner_code: partner.to_owned(),
            access_key: access.to_owned(),
            secret_key: SecretString::from(secret.to_owned()),
        })
    }

    /// Stripe's secret key, when both Stripe keys are set.
    pub fn stripe_secret_key(&self) -> Option<SecretString> {
        let key = self.stripe_secret_key.expose_secret().trim();
        (!key.is_empty() && self.stripe_webhook_secret().is_some()).then(|| SecretString::from(key.to_owned()))
    }

    /// The secret Stripe signs webhooks with, when both Stripe keys are set.
    pub fn stripe_webhook_secret(&self) -> Option<&str> {
        let secret = self.stripe_webhook_secret.expose_secret().trim();
        (!secret.is_empty() && !self.stripe_secret_key.expose_secret().trim().is_empty()).then_some(secret)
    }

    /// The payment methods switched on, in the order configured.
    pub fn enabled_payment_methods(&self) -> Vec<String> {
        self.payment_methods.split(',').map(|m| m.trim().to_ascii_lowercase()).filter(|m| !m.is_empty()).collect()
    }

    pub fn smtp_url(&self) -> Option<&str> {
        Some(self.smtp_url.expose_secret().trim()).filter(|u| !u.is_empty())
    }

    pub fn redis_url(&self) -> Option<&str> {
        Some(self.redis_url.expose_secret().trim()).filter(|u| !u.is_empty())
    }
}

fn mail_from_is_bad(from: &str) -> bool {
    from.parse::<lettre::message::Mailbox>().is_err()
}

#[cfg(test)]
mod tests {
    #![expect(clippy::unwrap_used, reason = "fixtures")]
    use super::*;

    fn load(vars: &[(&str, &str)], env_name: &str) -> Result<Config, ConfigError> {
        let vars: Vec<(String, String)> = vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../config");
        Config::load_with(&dir, env_name, &vars)
    }

    #[test]
    fn defaults_load() {
        let config = load(&[], "development").unwrap();
        assert_eq!(config.listen.port(), 3000);
        assert!(config.database_url().starts_with("sqlite://"));
        assert!(config.redis_url().is_none());
        assert_eq!(config.operator.name, "Chợ OCOP");
    }

    #[test]
    fn production_requires_secure_cookies_and_has_them() {
        let config = load(&[("OCOP_VIETQR_ACCOUNT", "1903 5555 0001 12")], "production").unwrap();
        assert!(config.cookie_secure);
        assert_eq!(config.log_format, LogFormat::Json);
    }

    #[test]
    fn production_refuses_the_demo_bank_account() {
        let err = load(&[], "production").unwrap_err().to_string();
        assert!(err.contains("OCOP_VIETQR_ACCOUNT"), "{err}");
        // Without VietQR there is no account to check.
        assert!(load(&[("OCOP_PAYMENT_METHODS", "cod")], "production").is_ok());
        assert!(load(&[], "development").is_ok());
    }

    #[test]
    fn momo_and_stripe_need_their_keys_when_switched_on() {
        let err = load(&[("OCOP_PAYMENT_METHODS", "cod,momo")], "development").unwrap_err().to_string();
        assert!(err.contains("OCOP_MOMO_SECRET_KEY"), "{err}");
        let err = load(&[("OCOP_PAYMENT_METHODS", "stripe"), ("OCOP_STRIPE_SECRET_KEY", "sk_test_x")], "development")
            .unwrap_err()
            .to_string();
        assert!(err.contains("OCOP_STRIPE_WEBHOOK_SECRET"), "{err}");
        let config = load(
            &[
                ("OCOP_PAYMENT_METHODS", "momo,stripe"),
                ("OCOP_MOMO_PARTNER_CODE", "MOMO"),
                ("OCOP_MOMO_ACCESS_KEY", "F8BBA842ECF85"),
                ("OCOP_MOMO_SECRET_KEY", "K951B6PE1waDMi640xX08PD3vg6EkVlz"),
                ("OCOP_STRIPE_SECRET_KEY", "sk_test_x"),
                ("OCOP_STRIPE_WEBHOOK_SECRET", "whsec_x"),
            ],
            "development",
        )
        .unwrap();
        assert!(config.momo().is_some() && config.stripe_secret_key().is_some());
        assert!(!format!("{config:?}").contains("K951B6PE1waDMi640xX08PD3vg6EkVlz"));
    }

    #[test]
    fn an_unknown_environment_is_named() {
        let err = load(&[], "staging").unwrap_err().to_string();
        assert!(err.contains("OCOP_ENV"), "{err}");
    }

    #[test]
    fn variables_override_files_and_nest_with_double_underscores() {
        let config = load(
            &[("OCOP_LISTEN", "0.0.0.0:8080"), ("OCOP_OPERATOR__PHONE", "0912345678"), ("OCOP_TEST_DATABASE_URL", "x")],
            "development",
        )
        .unwrap();
        assert_eq!(config.listen.port(), 8080);
        assert_eq!(config.operator.phone, "0912345678");
    }

    #[test]
    fn a_bad_value_names_its_key_and_variable() {
        let err = load(&[("OCOP_LISTEN", "not an address")], "development").unwrap_err().to_string();
        assert!(err.contains("listen (OCOP_LISTEN)"), "{err}");
        let err = load(&[("OCOP_BODY_LIMIT_BYTES", "12")], "development").unwrap_err().to_string();
        assert!(err.contains("body_limit_bytes"), "{err}");
        let err = load(&[("OCOP_DATABASE_URL", "mysql://x")], "development").unwrap_err().to_string();
        assert!(err.contains("OCOP_DATABASE_URL"), "{err}");
    }

    #[test]
    fn secrets_are_not_printed() {
        let config = load(&[("OCOP_REDIS_URL", "redis://:hunter2@127.0.0.1/")], "development").unwrap();
        assert!(!format!("{config:?}").contains("hunter2"));
        assert_eq!(config.redis_url(), Some("redis://:hunter2@127.0.0.1/"));
    }
}
