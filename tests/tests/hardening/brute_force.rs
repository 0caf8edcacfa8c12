//! A hundred wrong passwords at once on one account from one address: the throttle refuses
//! all but the first few before any hash is computed (the gateway's own counter of argon2
//! runs, read from its /metrics, proves it); the right password works again once the window
//! is over; another account from another address is never held up. On the in-process
//! throttle, and on Redis when OCOP_TEST_REDIS_URL is set.

use std::time::{Duration, Instant};

use serde_json::json;

use crate::support::{Gateway, base_env, figure, free_port, ocop, ocop_binary};

const PASSWORD: &str = "mat-khau-dung-day-du";
const WINDOW_SECS: u64 = 3;
const MAX_FAILURES: u64 = 10;
const ATTEMPTS: usize = 100;

async fn verifications(client: &reqwest::Client, base: &str) -> u64 {
    let text = client.get(format!("{base}/metrics")).send().await.unwrap().text().await.unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix("ocop_password_verifications_total "))
        .unwrap_or_else(|| panic!("no ocop_password_verifications_total in /metrics:\n{text}"))
        .trim()
        .parse()
        .unwrap()
}

async fn login(client: &reqwest::Client, base: &str, email: &str, password: &str, ip: &str) -> reqwest::Response {
    client
        .post(format!("{base}/api/v1/auth/login"))
        .header("X-Forwarded-For", ip)
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap()
}

async fn run(label: &str, redis: Option<String>) {
    let dir = tempfile::tempdir().unwrap();
    let mut env = base_env(dir.path(), free_port());
    env.extend([
        ("OCOP_LOGIN_WINDOW_SECS".to_owned(), WINDOW_SECS.to_string()),
        ("OCOP_LOGIN_MAX_FAILURES".to_owned(), MAX_FAILURES.to_string()),
        ("OCOP_TRUST_FORWARDED_FOR".to_owned(), "true".to_owned()),
    ]);
    if let Some(url) = redis {
        env.push(("OCOP_REDIS_URL".into(), url));
        env.push(("OCOP_REDIS_KEY_PREFIX".into(), format!("ocop_t_{}:", uuid::Uuid::new_v4().simple())));
    }
    let gateway = Gateway::start(env.clone(), dir.path().join("gateway.log")).await;
    let base = gateway.base.clone();
    for email in ["nan-nhan@example.vn", "nguoi-khac@example.vn"] {
        let (ok, _, err) =
            ocop(&["user", "create", "--email", email, "--password", PASSWORD, "--role", "shopper"], &env).await;
        assert!(ok, "ocop user create {email}: {err}");
    }
    let client = reqwest::Client::new();
    let before = verifications(&client, &base).await;

    // All at once, as a script would send them.
    let started = Instant::now();
    let mut burst = tokio::task::JoinSet::new();
    for n in 0..ATTEMPTS {
        let (client, base) = (client.clone(), base.clone());
        burst.spawn(async move {
            let res = login(&client, &base, "nan-nhan@example.vn", &format!("sai-mat-khau-{n}"), "203.0.113.7").await;
            (res.status().as_u16(), res.headers().contains_key("retry-after"))
        });
    }
    let answers = burst.join_all().await;
    let burst_time = started.elapsed();
    let hashed = verifications(&client, &base).await - before;
    let wrong = answers.iter().filter(|(s, _)| *s == 401).count();
    let refused = answers.iter().filter(|(s, _)| *s == 429).count();
    let refused_with_wait = answers.iter().filter(|(s, retry)| *s == 429 && *retry).count();
    let unhashed = ATTEMPTS as u64 - hashed.min(ATTEMPTS as u64);
    figure(label, "wrong passwords sent at once", ATTEMPTS);
    figure(label, "answered 401 (hashed) / 429 (refused)", format!("{wrong} / {refused}"));
    figure(label, "argon2 verifications computed (gateway /metrics)", hashed);
    figure(label, "refused before a hash was computed", unhashed);
    figure(label, "burst answered in", format!("{} ms", burst_time.as_millis()));
    assert_eq!(wrong + refused, ATTEMPTS, "only 401 and 429: {answers:?}");
    assert_eq!(refused_with_wait, refused, "every 429 says when to come back");
    assert!(unhashed >= 90, "{unhashed} of {ATTEMPTS} refused unhashed; {hashed} hashes computed");
    assert_eq!(hashed, wrong as u64, "one hash per 401, none per 429");

    // The right password is refused too while the window runs, still without a hash.
    let locked = login(&client, &base, "nan-nhan@example.vn", PASSWORD, "203.0.113.7").await;
    assert_eq!(locked.status(), 429);
    // Someone else, from elsewhere, is not held up.
    let other = login(&client, &base, "nguoi-khac@example.vn", PASSWORD, "198.51.100.20").await;
    assert_eq!(other.status(), 200, "another account from another address");
    let other_hashes = verifications(&client, &base).await - before - hashed;
    assert_eq!(other_hashes, 1, "the locked attempt computed no hash, the other account's one");

    // After the window: the right password works again, from the same address.
    tokio::time::sleep(Duration::from_secs(WINDOW_SECS) + Duration::from_millis(300)).await;
    let waited = Instant::now();
    let back = loop {
        let res = login(&client, &base, "nan-nhan@example.vn", PASSWORD, "203.0.113.7").await;
        if res.status() != 429 || waited.elapsed() > Duration::from_secs(WINDOW_SECS + 2) {
            break res;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert_eq!(back.status(), 200, "the right password after the window");
    figure(label, "right password accepted again after the window of", format!("{WINDOW_SECS} s"));
    drop(gateway);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_wrong_passwords_at_once_compute_at_most_ten_hashes() {
    tokio::task::spawn_blocking(ocop_binary).await.unwrap();
    run("brute force (in-process throttle)", None).await;
    match std::env::var("OCOP_TEST_REDIS_URL") {
        Ok(url) => run("brute force (Redis throttle)", Some(url)).await,
        Err(_) => println!("hardening | brute force (Redis throttle) | skipped: OCOP_TEST_REDIS_URL not set"),
    }
}
