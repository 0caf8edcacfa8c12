//! Overselling at scale: S items in stock (S = 1, 10, 100), 3×S buyers with it in their
//! cart press "order" at the same instant, twenty times for each S, on SQLite and on
//! PostgreSQL. Exactly S orders each time, the others told it is sold out, and the stock
//! never below zero (watched while the buyers race, not only after).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::time::{Duration, Instant};

use ocop_tests::{TestApp, spawn_app_with};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

use crate::support::{buyers, figure, shipping, shop_with_stock};

const RUNS: usize = 20;
const SIZES: [i64; 3] = [1, 10, 100];

async fn scalar(app: &TestApp, sql: &str) -> i64 {
    let row = app
        .db
        .query_one_raw(Statement::from_string(app.db.get_database_backend(), sql.to_owned()))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index::<i64>(0).unwrap()
}

async fn exec(app: &TestApp, sql: &str) {
    app.db.execute_unprepared(sql).await.unwrap();
}

struct Outcome {
    orders: Vec<i64>,
    refused: usize,
    min_stock: i64,
    slowest: Duration,
}

async fn race(app: &TestApp, label: &str) -> Outcome {
    let max_buyers = 3 * *SIZES.iter().max().unwrap() as usize;
    let goods: Vec<(String, i64)> = SIZES.iter().map(|s| (format!("OV-{s}"), *s)).collect();
    let goods_ref: Vec<(&str, i64)> = goods.iter().map(|(sku, s)| (sku.as_str(), *s)).collect();
    let (shop, variants) = shop_with_stock(&app.db, "HTX Chống Bán Lố", &goods_ref).await;
    let tokens = buyers(&app.db, max_buyers).await;
    let client = reqwest::Client::builder().pool_max_idle_per_host(max_buyers).build().unwrap();
    let mut outcome = Outcome { orders: Vec::new(), refused: 0, min_stock: i64::MAX, slowest: Duration::ZERO };
    for (size, variant) in SIZES.iter().zip(&variants) {
        let sku = format!("OV-{size}");
        let n = 3 * *size as usize;
        let mut per_run = Vec::new();
        for run in 0..RUNS {
            exec(app, "DELETE FROM cart_items").await;
            exec(app, &format!("UPDATE product_variants SET stock = {size} WHERE id = {variant}")).await;
            let before = scalar(app, "SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) FROM orders").await;
            let mut adds = tokio::task::JoinSet::new();
            for token in tokens.iter().take(n).cloned() {
                let (client, url) = (client.clone(), app.url("/api/v1/cart/items"));
                let body = json!({"sku": sku, "shop": shop, "quantity": 1});
                adds.spawn(
                    async move { client.post(url).bearer_auth(token).json(&body).send().await.unwrap().status() },
                );
            }
            let added = adds.join_all().await;
            assert!(added.iter().all(|s| s.as_u16() == 201), "{label} S={size} run {run}: cart adds {added:?}");

            // Watch the stock while the buyers race.
            let racing = Arc::new(AtomicBool::new(true));
            let lowest = Arc::new(AtomicI64::new(i64::MAX));
            let watcher = {
                let (db, racing, lowest) = (app.db.clone(), racing.clone(), lowest.clone());
                let sql = format!("SELECT CAST(stock AS BIGINT) FROM product_variants WHERE id = {variant}");
                tokio::spawn(async move {
                    while racing.load(Ordering::Relaxed) {
                        let stmt = Statement::from_string(db.get_database_backend(), sql.clone());
                        if let Ok(Some(row)) = db.query_one_raw(stmt).await {
                            lowest.fetch_min(row.try_get_by_index::<i64>(0).unwrap(), Ordering::Relaxed);
                        }
                        tokio::time::sleep(Duration::from_millis(2)).await;
                    }
                })
            };
            let gate = Arc::new(tokio::sync::Barrier::new(n));
            let started = Instant::now();
            let mut attempts = tokio::task::JoinSet::new();
            for token in tokens.iter().take(n).cloned() {
                let (client, url, gate) = (client.clone(), app.url("/api/v1/checkout"), gate.clone());
                attempts.spawn(async move {
                    gate.wait().await;
                    let body = json!({"payment_method": "cod", "shipping": shipping()});
                    let res = client.post(url).bearer_auth(token).json(&body).send().await.unwrap();
                    let status = res.status().as_u16();
                    (status, res.json::<Value>().await.unwrap_or(Value::Null))
                });
            }
            let results = attempts.join_all().await;
            let took = started.elapsed();
            racing.store(false, Ordering::Relaxed);
            watcher.await.unwrap();
            let placed = results.iter().filter(|(s, _)| *s == 201).count();
            let refused: Vec<&Value> = results.iter().filter(|(s, _)| *s == 409).map(|(_, b)| b).collect();
            let other: Vec<&(u16, Value)> = results.iter().filter(|(s, _)| *s != 201 && *s != 409).collect();
            assert!(other.is_empty(), "{label} S={size} run {run}: neither placed nor sold out: {other:?}");
            for body in &refused {
                assert_eq!(body["error"]["code"], "out_of_stock", "{label}: {body}");
            }
            let orders = scalar(
                app,
                &format!(
                    "SELECT CAST(COUNT(DISTINCT so.order_id) AS BIGINT) FROM order_lines l \
                     JOIN shop_orders so ON so.id = l.shop_order_id WHERE so.order_id > {before} AND l.variant_id = {variant}"
                ),
            )
            .await;
            let stock_after =
                scalar(app, &format!("SELECT CAST(stock AS BIGINT) FROM product_variants WHERE id = {variant}")).await;
            let seen = lowest.load(Ordering::Relaxed).min(stock_after);
            assert_eq!(placed as i64, *size, "{label} S={size} run {run}: {placed} answered 201");
            assert_eq!(orders, *size, "{label} S={size} run {run}: {orders} orders in the database");
            assert_eq!(stock_after, 0, "{label} S={size} run {run}: stock left");
            assert!(seen >= 0, "{label} S={size} run {run}: stock went to {seen}");
            outcome.orders.push(orders);
            outcome.refused += refused.len();
            outcome.min_stock = outcome.min_stock.min(seen);
            outcome.slowest = outcome.slowest.max(took);
            per_run.push(took);
        }
        let mean = per_run.iter().sum::<Duration>() / RUNS as u32;
        figure(
            label,
            &format!("S={size}, {n} buyers, {RUNS} runs"),
            format!(
                "orders per run always {size}; {} sold out per run; lowest stock seen 0; race {} ms mean, {} ms slowest",
                n - *size as usize,
                mean.as_millis(),
                per_run.iter().max().unwrap().as_millis()
            ),
        );
    }
    outcome
}

async fn run_on(label: &str, extra: &[(&str, &str)]) {
    let app = spawn_app_with(extra).await;
    let started = Instant::now();
    let outcome = race(&app, label).await;
    figure(
        label,
        "total",
        format!(
            "{} races, {} orders, {} sold-out answers, lowest stock {}, {:.1} s",
            outcome.orders.len(),
            outcome.orders.iter().sum::<i64>(),
            outcome.refused,
            outcome.min_stock,
            started.elapsed().as_secs_f64()
        ),
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_buyers_per_item_never_oversell_on_sqlite() {
    // An empty database URL is the SQLite file, whatever the suite's backend.
    run_on("overselling (SQLite)", &[("OCOP_DATABASE_URL", "")]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_buyers_per_item_never_oversell_on_postgres() {
    if std::env::var("OCOP_TEST_DATABASE_URL").is_err() {
        println!("hardening | overselling (PostgreSQL) | skipped: OCOP_TEST_DATABASE_URL not set");
        return;
    }
    run_on("overselling (PostgreSQL)", &[("OCOP_DATABASE_MAX_CONNECTIONS", "10")]).await;
}
