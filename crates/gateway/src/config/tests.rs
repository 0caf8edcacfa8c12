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
    assert_eq!(config.server.listen.port(), 3000);
    assert!(config.storage.database_url().starts_with("sqlite://"));
    assert!(config.redis.url().is_none());
    assert_eq!(config.operator.name, "Chợ OCOP");
}

#[test]
fn production_requires_secure_cookies_and_has_them() {
    let config = load(&[("OCOP_VIETQR_ACCOUNT", "1903 5555 0001 12")], "production").unwrap();
    assert!(config.auth.cookie_secure);
    assert_eq!(config.log.format, LogFormat::Json);
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
    assert!(config.payments.momo.keys().is_some() && config.payments.stripe.secret_key().is_some());
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
    assert_eq!(config.server.listen.port(), 8080);
    assert_eq!(config.operator.phone, "0912345678");
}

/// Every variable README "Configuration" and config/default.toml name keeps its name
/// after the split into one struct per concern, and lands in its concern's field.
#[test]
fn every_documented_variable_lands_in_its_field() {
    let vars = [
        ("OCOP_LISTEN", "0.0.0.0:8081"),
        ("OCOP_PUBLIC_URL", "https://cho.example.vn"),
        ("OCOP_DATA_DIR", "/srv/ocop"),
        ("OCOP_MEDIA_DIR", "/mnt/chung/media"),
        ("OCOP_DATABASE_URL", "postgres://db/ocop"),
        ("OCOP_DATABASE_MAX_CONNECTIONS", "7"),
        ("OCOP_REDIS_URL", "redis://cache/"),
        ("OCOP_REDIS_KEY_PREFIX", "cho:"),
        ("OCOP_REDIS_TIMEOUT_MS", "123"),
        ("OCOP_WEB_DIR", "/srv/web"),
        ("OCOP_SEARCH_CACHE_MB", "5"),
        ("OCOP_PAGE_CACHE_MS", "250"),
        ("OCOP_PAGE_CACHE_MB", "6"),
        ("OCOP_SESSION_TTL_HOURS", "48"),
        ("OCOP_API_TOKEN_TTL_DAYS", "9"),
        ("OCOP_COOKIE_SECURE", "true"),
        ("OCOP_BODY_LIMIT_BYTES", "4096"),
        ("OCOP_REQUEST_TIMEOUT_SECS", "11"),
        ("OCOP_LOGIN_MAX_FAILURES", "4"),
        ("OCOP_LOGIN_WINDOW_SECS", "60"),
        ("OCOP_TRUST_FORWARDED_FOR", "true"),
        ("OCOP_LOG_FORMAT", "json"),
        ("OCOP_LOG_FILTER", "debug"),
        ("OCOP_PAYMENT_METHODS", "cod,vietqr,vnpay,momo,stripe"),
        ("OCOP_PAYMENT_WINDOW_MINUTES", "15"),
        ("OCOP_ORDER_CLOCK_SECS", "12"),
        ("OCOP_COD_MAX_VND", "5000000"),
        ("OCOP_SMTP_URL", "smtps://u:p@mail.example.vn:465"),
        ("OCOP_MAIL_FROM", "Chợ <a@example.vn>"),
        ("OCOP_COMMISSION_BPS", "300"),
        ("OCOP_COMMISSION_BY_GROUP", "thuc-pham=400"),
        ("OCOP_VIETQR_BANK_BIN", "970436"),
        ("OCOP_VIETQR_ACCOUNT", "1903 5555"),
        ("OCOP_VIETQR_ACCOUNT_NAME", "CHO OCOP"),
        ("OCOP_VNPAY_TMN_CODE", "TMN1"),
        ("OCOP_VNPAY_HASH_SECRET", "vnsecret"),
        ("OCOP_VNPAY_PAY_URL", "https://vnpay.example/pay"),
        ("OCOP_MOMO_PARTNER_CODE", "MOMO1"),
        ("OCOP_MOMO_ACCESS_KEY", "acc"),
        ("OCOP_MOMO_SECRET_KEY", "momosecret"),
        ("OCOP_MOMO_API_BASE", "https://momo.example"),
        ("OCOP_STRIPE_SECRET_KEY", "sk_test_1"),
        ("OCOP_STRIPE_WEBHOOK_SECRET", "whsec_1"),
        ("OCOP_STRIPE_API_BASE", "https://stripe.example"),
        ("OCOP_OPERATOR__NAME", "Chợ Thử"),
    ];
    let c = load(&vars, "development").unwrap();
    assert_eq!(c.server.listen.port(), 8081);
    assert_eq!(c.server.base_url(), "https://cho.example.vn");
    assert_eq!(c.server.web_dir, PathBuf::from("/srv/web"));
    assert_eq!((c.server.body_limit_bytes, c.server.request_timeout_secs), (4096, 11));
    assert!(c.server.trust_forwarded_for);
    assert_eq!(c.storage.data_dir, PathBuf::from("/srv/ocop"));
    assert_eq!(crate::state::config_media_root(&c), PathBuf::from("/mnt/chung/media"));
    assert_eq!((c.storage.database_url().as_str(), c.storage.database_max_connections), ("postgres://db/ocop", 7));
    assert_eq!((c.redis.url(), c.redis.key_prefix.as_str(), c.redis.timeout_ms), (Some("redis://cache/"), "cho:", 123));
    assert_eq!(c.search.cache_mb, 5);
    assert_eq!((c.pages.page_cache_ms, c.pages.page_cache_mb), (250, 6));
    assert_eq!((c.auth.session_ttl_hours, c.auth.api_token_ttl_days), (48, 9));
    assert_eq!((c.auth.login_max_failures, c.auth.login_window_secs, c.auth.cookie_secure), (4, 60, true));
    assert_eq!((c.log.format, c.log.filter.as_str()), (LogFormat::Json, "debug"));
    assert_eq!(c.payments.enabled_methods(), ["cod", "vietqr", "vnpay", "momo", "stripe"]);
    let rules = &c.payments.rules;
    assert_eq!((rules.window_minutes, rules.cod_max_vnd, rules.commission_bps), (15, 5_000_000, 300));
    assert_eq!(rules.commission_by_group, "thuc-pham=400");
    assert_eq!(c.orders.order_clock_secs, 12);
    assert_eq!(
        (c.mail.smtp_url(), c.mail.mail_from.as_str()),
        (Some("smtps://u:p@mail.example.vn:465"), "Chợ <a@example.vn>")
    );
    let account = c.payments.vietqr.bank_account();
    assert_eq!((account.bank_bin.as_str(), account.account.as_str()), ("970436", "19035555"));
    assert_eq!(account.account_name, "CHO OCOP");
    let vnpay = c.payments.vnpay.keys().unwrap();
    assert_eq!((vnpay.tmn_code.as_str(), vnpay.hash_secret.expose_secret()), ("TMN1", "vnsecret"));
    assert_eq!(vnpay.pay_url, "https://vnpay.example/pay");
    let momo = c.payments.momo.keys().unwrap();
    assert_eq!((momo.partner_code.as_str(), momo.access_key.as_str()), ("MOMO1", "acc"));
    assert_eq!(
        (momo.secret_key.expose_secret(), c.payments.momo.api_base.as_str()),
        ("momosecret", "https://momo.example")
    );
    let stripe = &c.payments.stripe;
    assert_eq!(stripe.secret_key().unwrap().expose_secret(), "sk_test_1");
    assert_eq!((stripe.webhook_secret(), stripe.api_base.as_str()), (Some("whsec_1"), "https://stripe.example"));
    assert_eq!(c.operator.name, "Chợ Thử");
}

#[test]
fn a_bad_value_names_its_key_and_variable() {
    let err = load(&[("OCOP_LISTEN", "not an address")], "development").unwrap_err().to_string();
    assert!(err.contains("listen (OCOP_LISTEN)"), "{err}");
    let err = load(&[("OCOP_BODY_LIMIT_BYTES", "12")], "development").unwrap_err().to_string();
    assert!(err.contains("body_limit_bytes"), "{err}");
    let err = load(&[("OCOP_DATABASE_URL", "mysql://x")], "development").unwrap_err().to_string();
    assert!(err.contains("OCOP_DATABASE_URL"), "{err}");
    // A field renamed inside its concern still reports the flat key.
    let err = load(&[("OCOP_REDIS_TIMEOUT_MS", "soon")], "development").unwrap_err().to_string();
    assert!(err.contains("redis_timeout_ms (OCOP_REDIS_TIMEOUT_MS)"), "{err}");
}

#[test]
fn secrets_are_not_printed() {
    let config = load(&[("OCOP_REDIS_URL", "redis://:hunter2@127.0.0.1/")], "development").unwrap();
    assert!(!format!("{config:?}").contains("hunter2"));
    assert_eq!(config.redis.url(), Some("redis://:hunter2@127.0.0.1/"));
}
