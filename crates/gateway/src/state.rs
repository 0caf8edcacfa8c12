//! The one state every handler shares.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use ocop_accounts::{LoginThrottle, RedisStore, SessionStore};
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use sea_orm::DatabaseConnection;

use ocop_catalog::media::{LocalMediaStore, MediaStore};

use crate::config::Config;
use crate::metrics::Metrics;
use crate::views::Views;

/// Cloned for every request (axum hands each handler and middleware its own copy): one
/// reference count to bump, not one per service (measured: cloning and dropping the fields
/// one by one was 3.5 % of the gateway's time answering suggestions).
#[derive(Clone)]
pub struct AppState(Arc<Services>);

impl std::ops::Deref for AppState {
    type Target = Services;

    fn deref(&self) -> &Services {
        &self.0
    }
}

pub struct Services {
    pub config: Arc<Config>,
    pub db: DatabaseConnection,
    pub redis: Option<ConnectionManager>,
    pub sessions: SessionStore,
    pub throttle: LoginThrottle,
    pub views: Arc<Views>,
    pub metrics: Arc<Metrics>,
    pub media: Arc<dyn MediaStore>,
    /// Empty until [`crate::workers::start`] opens or builds the on-disk generation.
    pub search: Arc<ocop_search::LiveIndex>,
    /// The payment providers switched on in config, by method.
    pub payments: Arc<ocop_payments::provider::Providers>,
    /// Storefront pages as guests see them, kept for a moment.
    pub page_cache: Arc<crate::page_cache::PageCache>,
}

impl AppState {
    /// Connects to the database (and Redis when configured) and loads the templates.
    ///
    /// # Errors
    /// A backing service cannot be reached or the web directory is incomplete.
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        if config.storage.database_url.trim().is_empty() {
            std::fs::create_dir_all(&config.storage.data_dir)
                .with_context(|| format!("data_dir {} cannot be created", config.storage.data_dir.display()))?;
        }
        let db = ocop_core::db::connect(&config.storage.database_url(), config.storage.database_max_connections)
            .await
            .context("database (OCOP_DATABASE_URL) cannot be opened")?;
        let redis = match config.redis.url() {
            None => None,
            Some(url) => Some(redis_manager(url, &config).await?),
        };
        let session_ttl = chrono::Duration::hours(config.auth.session_ttl_hours);
        let window = Duration::from_secs(config.auth.login_window_secs);
        let (sessions, throttle) = match &redis {
            Some(manager) => {
                let store = RedisStore::new(manager.clone(), Duration::from_millis(config.redis.timeout_ms));
                (
                    SessionStore::Redis {
                        redis: store.clone(),
                        prefix: config.redis.key_prefix.clone(),
                        ttl: session_ttl,
                    },
                    LoginThrottle::redis(store, &config.redis.key_prefix, config.auth.login_max_failures, window),
                )
            }
            None => (
                SessionStore::Database { db: db.clone(), ttl: session_ttl },
                LoginThrottle::in_memory(config.auth.login_max_failures, window),
            ),
        };
        let views = Views::load(&config.server.web_dir, config.operator.clone())?;
        std::fs::create_dir_all(config_media_root(&config))
            .with_context(|| format!("media folder in {} cannot be created", config.storage.data_dir.display()))?;
        let media_root = config_media_root(&config);
        let payments = Arc::new(payment_providers(&config)?);
        let search = Arc::new(ocop_search::LiveIndex::with_cache(
            ocop_search::SearchIndex::in_memory()?,
            config.search.cache_mb.saturating_mul(1024 * 1024),
        ));
        let metrics = Arc::new(Metrics::new());
        metrics.watch_search_cache(Arc::clone(&search));
        let page_cache = Arc::new(crate::page_cache::PageCache::new(
            Duration::from_millis(config.pages.page_cache_ms),
            config.pages.page_cache_mb.saturating_mul(1024 * 1024),
        ));
        metrics.watch_page_cache(Arc::clone(&page_cache));
        Ok(Self(Arc::new(Services {
            config: Arc::new(config),
            db,
            redis,
            sessions,
            throttle,
            views: Arc::new(views),
            metrics,
            media: Arc::new(LocalMediaStore { root: media_root }),
            search,
            payments,
            page_cache,
        })))
    }
}

/// A Redis connection that never holds a request for long: each command and each
/// connection attempt times out after `redis_timeout_ms`, and a lost connection is
/// re-made in the background (quickly: at most a second between tries) without a restart.
/// A Redis that is down at start does not stop the gateway: browsing needs no Redis, and
/// sign-in answers 503 until it is back.
///
/// # Errors
/// The URL is not a Redis URL.
async fn redis_manager(url: &str, config: &Config) -> anyhow::Result<ConnectionManager> {
    let client = redis::Client::open(url).context("redis_url (OCOP_REDIS_URL) is not a valid URL")?;
    let timeout = Duration::from_millis(config.redis.timeout_ms);
    let manager_config = ConnectionManagerConfig::new()
        .set_response_timeout(Some(timeout))
        .set_connection_timeout(Some(timeout))
        .set_max_delay(Duration::from_secs(1));
    let manager = ConnectionManager::new_lazy_with_config(client, manager_config)
        .context("Redis (OCOP_REDIS_URL) connection cannot be set up")?;
    let mut conn = manager.clone();
    let ping = tokio::time::timeout(Duration::from_secs(5), redis::cmd("PING").query_async::<String>(&mut conn)).await;
    if !matches!(ping, Ok(Ok(_))) {
        tracing::warn!("Redis (OCOP_REDIS_URL) does not answer: starting degraded, sign-in waits for it");
    }
    Ok(manager)
}

/// One provider per method switched on (config validation made sure each has its keys).
///
/// # Errors
/// The HTTP client for MoMo or Stripe cannot start.
pub fn payment_providers(config: &Config) -> anyhow::Result<ocop_payments::provider::Providers> {
    use ocop_payments::Method;
    use ocop_payments::provider::{
        CashOnDelivery, MoMoWallet, Providers, StripeCheckout, VietQrTransfer, VnPayRedirect, client,
    };
    let mut providers = Providers::default();
    for name in config.payments.enabled_methods() {
        let Ok(method) = Method::parse(&name) else { continue };
        providers = match method {
            Method::Cod => providers.with(Arc::new(CashOnDelivery)),
            Method::VietQr => providers.with(Arc::new(VietQrTransfer(config.payments.vietqr.bank_account()))),
            Method::VnPay => match config.payments.vnpay.keys() {
                Some(vnpay) => providers.with(Arc::new(VnPayRedirect {
                    config: vnpay,
                    expires_in: chrono::Duration::minutes(config.payments.rules.window_minutes),
                })),
                None => providers,
            },
            Method::MoMo => match config.payments.momo.keys() {
                Some(momo) => providers.with(Arc::new(MoMoWallet {
                    config: momo,
                    api_base: config.payments.momo.api_base.clone(),
                    ipn_url: format!("{}/webhooks/momo/ipn", config.server.base_url()),
                    client: client()?,
                })),
                None => providers,
            },
            Method::Stripe => match config.payments.stripe.secret_key() {
                Some(secret_key) => {
                    providers.with(Arc::new(StripeCheckout::new(&secret_key, &config.payments.stripe.api_base)?))
                }
                None => providers,
            },
        };
    }
    Ok(providers)
}

/// The search index's generations live under OCOP_DATA_DIR/search.
pub fn search_store(config: &Config) -> ocop_search::Store {
    ocop_search::Store::new(config.storage.data_dir.join("search"))
}

/// Uploaded media lives in OCOP_MEDIA_DIR, by default OCOP_DATA_DIR/media.
pub fn config_media_root(config: &Config) -> std::path::PathBuf {
    if config.storage.media_dir.as_os_str().is_empty() {
        config.storage.data_dir.join("media")
    } else {
        config.storage.media_dir.clone()
    }
}
