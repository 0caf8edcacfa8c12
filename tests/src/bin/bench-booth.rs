//! A load tool for booth selling: many seller phones at once each send sales (every tenth
//! sent twice, as a phone back online would), against a running gateway with the demo
//! catalogue (`make bench-booth` starts one on PostgreSQL). Prints sales per second, latency
//! percentiles, and checks that each sale id was recorded once.
//!
//! Usage: bench-booth BASE_URL [DEVICES] [SECONDS]

use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use ocop_demo::seed::DEMO_PASSWORD;
use serde_json::{Value, json};

const VENDOR: &str = "nguoiban@choocop.vn";
const SHOP: &str = "htx-tra-hoa-vang-ba-che";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let base = args.get(1).context("usage: bench-booth BASE_URL [DEVICES] [SECONDS]")?.trim_end_matches('/').to_owned();
    let devices: usize = args.get(2).map_or(Ok(32), |s| s.parse())?;
    let seconds: u64 = args.get(3).map_or(Ok(10), |s| s.parse())?;
    let client = reqwest::Client::builder().pool_max_idle_per_host(devices).build()?;
    let login: Value = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"email": VENDOR, "password": DEMO_PASSWORD}))
        .send()
        .await?
        .json()
        .await?;
    let token = login["token"].as_str().context("login answered without a token")?.to_owned();
    let products: Value =
        client.get(format!("{base}/api/v1/shops/{SHOP}/products")).bearer_auth(&token).send().await?.json().await?;
    let sku = products[0]["variants"][0]["sku"].as_str().context("the demo shop has no product")?.to_owned();
    let res = client
        .patch(format!("{base}/api/v1/shops/{SHOP}/products/{sku}"))
        .bearer_auth(&token)
        .json(&json!({"stock": 1_000_000}))
        .send()
        .await?;
    if !res.status().is_success() {
        bail!("could not stock {sku}: {}", res.text().await?);
    }
    println!("{devices} devices, {seconds} s, SKU {sku} of {SHOP}");
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = tokio::task::JoinSet::new();
    for device in 0..devices {
        let (client, base, sku, token) = (client.clone(), base.clone(), sku.clone(), token.clone());
        tasks.spawn(async move {
            let (mut latencies, mut new, mut replays, mut failures) = (Vec::new(), 0u64, 0u64, 0u64);
            let mut n = 0u64;
            while Instant::now() < deadline {
                n += 1;
                let id = format!("bench-{}-{device}-{n}", std::process::id());
                let body = json!({"client_sale_id": id, "payment_method": if n.is_multiple_of(3) { "vietqr" } else { "cash" },
                    "place": "Gian 12, Hội chợ OCOP", "lines": [{"sku": sku, "quantity": 1}]});
                for attempt in 0..if n.is_multiple_of(10) { 2 } else { 1 } {
                    let started = Instant::now();
                    let sent = client
                        .post(format!("{base}/api/v1/shops/{SHOP}/pos/sales"))
                        .bearer_auth(&token)
                        .json(&body)
                        .send()
                        .await;
                    match sent.map(|r| r.status().as_u16()) {
                        Ok(201) if attempt == 0 => new += 1,
                        Ok(200) if attempt == 1 => replays += 1,
                        _ => failures += 1,
                    }
                    latencies.push(started.elapsed());
                }
            }
            (latencies, new, replays, failures)
        });
    }
    let (mut all, mut new, mut replays, mut failures) = (Vec::new(), 0, 0, 0);
    for (latencies, n, r, f) in tasks.join_all().await {
        all.extend(latencies);
        new += n;
        replays += r;
        failures += f;
    }
    all.sort_unstable();
    let pct = |p: f64| {
        let i = ((all.len() as f64 * p).ceil() as usize).saturating_sub(1).min(all.len().saturating_sub(1));
        all.get(i).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    println!(
        "booth sales: {new} recorded in {seconds} s = {:.0}/s ({replays} resends answered with the first copy); \
         latency p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms; failures {failures}",
        new as f64 / seconds as f64,
        pct(0.50),
        pct(0.90),
        pct(0.99),
        pct(1.0)
    );
    Ok(())
}
