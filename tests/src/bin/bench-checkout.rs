//! A load tool for checkout: many buyers at once each add an item and check out with cash
//! on delivery, against a running gateway (`make bench-checkout` starts one on PostgreSQL
//! with the demo catalogue). Prints checkouts per second and latency percentiles.
//!
//! Usage: bench-checkout BASE_URL [CONCURRENCY] [SECONDS]

use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use ocop_demo::seed::DEMO_PASSWORD;
use serde_json::{Value, json};

const VENDOR: &str = "nguoiban@choocop.vn";
const SHOP: &str = "htx-tra-hoa-vang-ba-che";

async fn login(client: &reqwest::Client, base: &str, email: &str, password: &str) -> anyhow::Result<String> {
    let res = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"email": email, "password": password}))
        .send()
        .await?;
    let body: Value = res.json().await?;
    body["token"].as_str().map(str::to_owned).context("login answered without a token")
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let base =
        args.get(1).context("usage: bench-checkout BASE_URL [CONCURRENCY] [SECONDS]")?.trim_end_matches('/').to_owned();
    let concurrency: usize = args.get(2).map_or(Ok(32), |s| s.parse())?;
    let seconds: u64 = args.get(3).map_or(Ok(10), |s| s.parse())?;
    let client = reqwest::Client::builder().pool_max_idle_per_host(concurrency).build()?;

    // One demo listing with stock for the whole run.
    let vendor = login(&client, &base, VENDOR, DEMO_PASSWORD).await?;
    let products: Value =
        client.get(format!("{base}/api/v1/shops/{SHOP}/products")).bearer_auth(&vendor).send().await?.json().await?;
    let sku = products[0]["variants"][0]["sku"].as_str().context("the demo shop has no product")?.to_owned();
    let res = client
        .patch(format!("{base}/api/v1/shops/{SHOP}/products/{sku}"))
        .bearer_auth(&vendor)
        .json(&json!({"stock": 1_000_000}))
        .send()
        .await?;
    if !res.status().is_success() {
        bail!("could not stock {sku}: {}", res.text().await?);
    }

    let mut buyers = Vec::with_capacity(concurrency);
    for i in 0..concurrency {
        let email = format!("bench-{}-{i}@example.vn", std::process::id());
        let res = client
            .post(format!("{base}/api/v1/auth/register"))
            .json(&json!({"email": email, "password": "mat-khau-bench-2026", "name": format!("Khách {i}")}))
            .send()
            .await?;
        let body: Value = res.json().await?;
        buyers.push(body["token"].as_str().context("register answered without a token")?.to_owned());
    }
    println!("{concurrency} buyers, {seconds} s, SKU {sku} of {SHOP}");

    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = tokio::task::JoinSet::new();
    for token in buyers {
        let (client, base, sku) = (client.clone(), base.clone(), sku.clone());
        tasks.spawn(async move {
            let mut latencies = Vec::new();
            let mut failures = 0u64;
            let address = json!({"recipient": "Khách thử tải", "phone": "0912345678", "province": "Quảng Ninh",
                                 "commune": "Phường Bãi Cháy", "street": "1 Hạ Long"});
            while Instant::now() < deadline {
                let added = client
                    .post(format!("{base}/api/v1/cart/items"))
                    .bearer_auth(&token)
                    .json(&json!({"sku": sku, "shop": SHOP, "quantity": 1}))
                    .send()
                    .await;
                if !added.is_ok_and(|r| r.status().is_success()) {
                    failures += 1;
                    continue;
                }
                let started = Instant::now();
                let placed = client
                    .post(format!("{base}/api/v1/checkout"))
                    .bearer_auth(&token)
                    .header("Idempotency-Key", uuid::Uuid::new_v4().to_string())
                    .json(&json!({"payment_method": "cod", "shipping": address}))
                    .send()
                    .await;
                match placed {
                    Ok(r) if r.status() == 201 => latencies.push(started.elapsed()),
                    _ => failures += 1,
                }
            }
            (latencies, failures)
        });
    }
    let mut all = Vec::new();
    let mut failures = 0;
    for (latencies, failed) in tasks.join_all().await {
        all.extend(latencies);
        failures += failed;
    }
    all.sort_unstable();
    let pct = |p: f64| {
        let i = ((all.len() as f64 * p).ceil() as usize).saturating_sub(1).min(all.len().saturating_sub(1));
        all.get(i).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    println!(
        "checkouts: {} in {seconds} s = {:.0}/s; latency p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms; failures {failures}",
        all.len(),
        all.len() as f64 / seconds as f64,
        pct(0.50),
        pct(0.90),
        pct(0.99),
        pct(1.0)
    );
    Ok(())
}
