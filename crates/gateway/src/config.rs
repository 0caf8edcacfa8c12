//! Typed configuration: config/default.toml < config/$OCOP_ENV.toml < OCOP_* variables,
//! checked once at start-up so a bad value stops the start with the key's name.
//!
//! One struct per concern (server, storage, Redis, sign-in, logs, search, orders, payments
//! and each provider, mail, operator), nested in [`Config`]. The keys stay flat as
//! README "Configuration" documents them (`redis_timeout_ms`, `OCOP_REDIS_TIMEOUT_MS`):
//! each concern is read from the same layered figment on its own, so a section takes the
//! keys it names and a bad value is still reported by its flat key.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Format, Serialized, Toml};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_with::{DisplayFromStr, PickFirst, serde_as};

mod payments;

pub use payments::{MoMo, PaymentRules, Payments, Stripe, VietQr, VnPay};

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

/// Every setting, one field per concern.
#[derive(Debug, Clone)]
pub struct Config {
    pub env: Environment,
    pub server: Server,
    pub storage: Storage,
    pub redis: Redis,
    pub auth: Auth,
    pub log: Log,
    pub search: Search,
    pub pages: Pages,
    pub orders: Orders,
    pub payments: Payments,
    pub mail: Mail,
    pub operator: Operator,
}

/// The HTTP server: where it listens, how it is reached, what it accepts.
#[serde_as]
#[derive(Debug, Clone, Deserialize)]
pub struct Server {
    #[serde_as(as = "Lenient")]
    pub listen: SocketAddr,
    pub public_url: String,
    /// Templates, static files and locales.
    pub web_dir: PathBuf,
    #[serde_as(as = "Lenient")]
    pub body_limit_bytes: usize,
    #[serde_as(as = "Lenient")]
    pub request_timeout_secs: u64,
    #[serde_as(as = "Lenient")]
    pub trust_forwarded_for: bool,
}

/// The data folder (SQLite file, search index, media, mail files) and the database.
#[serde_as]
#[derive(Debug, Clone, Deserialize)]
pub struct Storage {
    pub data_dir: PathBuf,
    /// Uploaded media; empty = `data_dir/media`. Several instances name one shared folder.
    pub media_dir: PathBuf,
    pub database_url: String,
    #[serde_as(as = "Lenient")]
    pub database_max_connections: u32,
}

/// Redis, for sessions and login throttling; off when the URL is empty.
#[serde_as]
#[derive(Debug, Clone, Deserialize)]
pub struct Redis {
    #[serde(rename = "redis_url")]
    pub url: SecretString,
    #[serde(rename = "redis_key_prefix")]
    pub key_prefix: String,
    /// The longest a request waits for Redis before taking its degraded path.
    #[serde(rename = "redis_timeout_ms")]
    #[serde_as(as = "Lenient")]
    pub timeout_ms: u64,
}

/// Sessions, API tokens, cookies and the login throttle.
#[serde_as]
#[derive(Debug, Clone, Deserialize)]
pub struct Auth {
    #[serde_as(as = "Lenient")]
    pub session_ttl_hours: i64,
    #[serde_as(as = "Lenient")]
    pub api_token_ttl_days: i64,
    #[serde_as(as = "Lenient")]
    pub cookie_secure: bool,
    #[serde_as(as = "Lenient")]
    pub login_max_failures: u32,
    #[serde_as(as = "Lenient")]
    pub login_window_secs: u64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Log {
    #[serde(rename = "log_format")]
    pub format: LogFormat,
    #[serde(rename = "log_filter")]
    pub filter: String,
}

#[serde_as]
#[derive(Debug, Clone, Deserialize)]
pub struct Search {
    /// Memory for answers to repeated searches, in MB; 0 = no cache.
    #[serde(rename = "search_cache_mb")]
    #[serde_as(as = "Lenient")]
    pub cache_mb: usize,
}

/// Storefront pages kept for guests (see `page_cache`).
#[serde_as]
#[derive(Debug, Clone, Deserialize)]
pub struct Pages {
    /// How long a page rendered for a guest is served to the next guests, unless the
    /// search index changed meanwhile; 0 = never.
    #[serde_as(as = "Lenient")]
    pub page_cache_ms: u64,
    /// Memory for those pages, in MB.
    #[serde_as(as = "Lenient")]
    pub page_cache_mb: usize,
}

#[serde_as]
#[derive(Debug, Clone, Deserialize)]
pub struct Orders {
    /// How often the order clock runs.
    #[serde_as(as = "Lenient")]
    pub order_clock_secs: u64,
}

/// Outgoing mail.
#[derive(Debug, Clone, Deserialize)]
pub struct Mail {
    /// `smtp://` or `smtps://user:pass@host:port`; empty = mail is written under data_dir/mail.
    pub smtp_url: SecretString,
    pub mail_from: String,
}

/// The `[operator]` table, read as its own section.
#[derive(Deserialize)]
struct OperatorSection {
    operator: Operator,
}

/// The receiving account `config/default.toml` ships with, for demos; refused in production.
pub const DEMO_VIETQR_ACCOUNT: &str = "0011001932418";

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("configuration: {0}")]
    Invalid(String),
}

fn bad<T>(msg: &str) -> Result<T, ConfigError> {
    Err(ConfigError::Invalid(msg.to_owned()))
}

/// Reads one concern from the layered settings; an error names the flat key and its variable.
fn section<T: DeserializeOwned>(figment: &Figment) -> Result<T, ConfigError> {
    figment.extract().map_err(|e| {
        let key = e.path.join(".");
        let var = format!("OCOP_{}", e.path.join("__").to_uppercase());
        ConfigError::Invalid(format!("{key} ({var}): {}", e.kind))
    })
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
        let env = Environment::parse(env_name).map_err(ConfigError::Invalid)?;
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
        let figment = &figment;
        let config = Config {
            env,
            server: section(figment)?,
            storage: section(figment)?,
            redis: section(figment)?,
            auth: section(figment)?,
            log: section(figment)?,
            search: section(figment)?,
            pages: section(figment)?,
            orders: section(figment)?,
            payments: Payments {
                rules: section(figment)?,
                vietqr: section(figment)?,
                vnpay: section(figment)?,
                momo: section(figment)?,
                stripe: section(figment)?,
            },
            mail: section(figment)?,
            operator: section::<OperatorSection>(figment)?.operator,
        };
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<(), ConfigError> {
        self.storage.validate()?;
        self.redis.validate()?;
        self.server.validate()?;
        self.auth.validate(self.env)?;
        self.payments.validate(self.env)?;
        if self.orders.order_clock_secs == 0 {
            return bad("order_clock_secs must be at least 1");
        }
        self.mail.validate()?;
        if tracing_subscriber::EnvFilter::try_new(&self.log.filter).is_err() {
            return bad("log_filter is not a valid tracing filter");
        }
        Ok(())
    }
}

impl Server {
    fn validate(&self) -> Result<(), ConfigError> {
        if !(self.public_url.starts_with("http://") || self.public_url.starts_with("https://")) {
            return bad("public_url (OCOP_PUBLIC_URL) must start with http:// or https://");
        }
        if self.body_limit_bytes < 1024 {
            return bad("body_limit_bytes must be at least 1024");
        }
        if self.request_timeout_secs == 0 {
            return bad("request_timeout_secs must be at least 1");
        }
        Ok(())
    }

    /// `public_url` without a trailing slash.
    pub fn base_url(&self) -> &str {
        self.public_url.trim_end_matches('/')
    }
}

impl Storage {
    fn validate(&self) -> Result<(), ConfigError> {
        let url = self.database_url.trim();
        if !(url.is_empty()
            || url.starts_with("sqlite:")
            || url.starts_with("postgres://")
            || url.starts_with("postgresql://"))
        {
            return bad("database_url (OCOP_DATABASE_URL) must start with sqlite: or postgres://");
        }
        if self.database_max_connections == 0 {
            return bad("database_max_connections must be at least 1");
        }
        Ok(())
    }

    /// The database URL, defaulting to a SQLite file in `data_dir`.
    pub fn database_url(&self) -> String {
        let url = self.database_url.trim();
        if url.is_empty() { format!("sqlite://{}", self.data_dir.join("ocop.db").display()) } else { url.to_owned() }
    }
}

impl Redis {
    fn validate(&self) -> Result<(), ConfigError> {
        let redis = self.url.expose_secret().trim();
        if !(redis.is_empty() || redis.starts_with("redis://") || redis.starts_with("rediss://")) {
            return bad("redis_url (OCOP_REDIS_URL) must start with redis:// or rediss://");
        }
        if self.timeout_ms == 0 {
            return bad("redis_timeout_ms must be at least 1");
        }
        Ok(())
    }

    /// The Redis URL, when one is set.
    pub fn url(&self) -> Option<&str> {
        Some(self.url.expose_secret().trim()).filter(|u| !u.is_empty())
    }
}

impl Auth {
    fn validate(&self, env: Environment) -> Result<(), ConfigError> {
        if self.session_ttl_hours <= 0 || self.session_ttl_hours > 24 * 365 {
            return bad("session_ttl_hours must be between 1 and 8760");
        }
        if self.api_token_ttl_days <= 0 || self.api_token_ttl_days > 3650 {
            return bad("api_token_ttl_days must be between 1 and 3650");
        }
        if self.login_max_failures == 0 || self.login_window_secs == 0 {
            return bad("login_max_failures and login_window_secs must be at least 1");
        }
        if env == Environment::Production && !self.cookie_secure {
            return bad("cookie_secure must be true in production");
        }
        Ok(())
    }
}

impl Mail {
    fn validate(&self) -> Result<(), ConfigError> {
        let smtp = self.smtp_url.expose_secret().trim();
        if !(smtp.is_empty() || smtp.starts_with("smtp://") || smtp.starts_with("smtps://")) {
            return bad("smtp_url (OCOP_SMTP_URL) must start with smtp:// or smtps://");
        }
        if self.mail_from.parse::<lettre::message::Mailbox>().is_err() {
            return bad("mail_from (OCOP_MAIL_FROM) must be an address such as Chợ OCOP <hotro@example.vn>");
        }
        Ok(())
    }

    /// The SMTP URL, when one is set.
    pub fn smtp_url(&self) -> Option<&str> {
        Some(self.smtp_url.expose_secret().trim()).filter(|u| !u.is_empty())
    }
}

#[cfg(test)]
mod tests;
