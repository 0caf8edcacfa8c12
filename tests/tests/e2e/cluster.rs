//! Several gateway instances on one PostgreSQL and one Redis (issue 20): what one instance
//! starts, another finishes; listings change in every instance's search; stock is never
//! oversold across instances; and each background job's work is done once. PostgreSQL only:
//! SQLite serves one instance.

use std::time::Instant;

use ocop_accounts::Role;
use ocop_tests::fixtures::{PASSWORD, product};
use ocop_tests::{Cluster, TestApp, spawn_cluster};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

async fn cluster(n: usize, extra: &[(&str, &str)]) -> Option<Cluster> {
    let cluster = spawn_cluster(n, extra).await;
    if cluster.is_none() {
        println!("cluster tests need PostgreSQL (OCOP_TEST_DATABASE_URL): skipped on SQLite");
    }
    cluster
}

async fn scalar(app: &TestApp, sql: &str) -> i64 {
    let stmt = Statement::from_string(app.db.get_database_backend(), sql.to_owned());
    app.db.query_one_raw(stmt).await.unwrap().unwrap().try_get_by_index::<i64>(0).unwrap()
}

fn shipping() -> Value {
    json!({"recipient": "Nguyễn Thị Lan", "phone": "0912 345 678", "province": "Quảng Ninh",
           "commune": "Phường Bãi Cháy", "street": "12 Hạ Long"})
}

/// A cash-on-delivery checkout of `token`'s cart on `app`, sent with `key`.
async fn checkout_with_key(app: &TestApp, token: &str, key: &str) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/checkout"))
        .bearer_auth(token)
        .header("Idempotency-Key", key)
        .json(&json!({"payment_method": "cod", "shipping": shipping()}))
        .send()
        .await
        .unwrap()
}

async fn search_price(app: &TestApp, query: &str, slug: &str) -> Option<i64> {
    let res = app.get(&format!("/api/v1/search?q={query}")).await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    body["hits"].as_array().unwrap().iter().find(|h| h["slug"] == slug).map(|h| h["price_vnd"].as_i64().unwrap())
}

#[tokio::test]
async fn a_session_a_token_and_a_cart_made_on_one_instance_work_on_another() {
    let Some(cluster) = cluster(2, &[]).await else { return };
    let [a, b] = &cluster.apps[..] else { unreachable!() };
    let (shop, vendor, _) = a.shop("HTX Hai Máy", "Quảng Ninh").await;
    a.live_product(&vendor, &shop, &product("Chè Hai Máy", "HM-1", 70_000, 5)).await;

    // A browser signs in on A and is signed in on B.
    let email = format!("khach-{}@example.vn", uuid::Uuid::new_v4().simple());
    let (user, _) = a.user(&email, Role::Shopper).await;
    let browser = a.signed_in(&email).await;
    let profile = b.page(&browser, "/tai-khoan").await;
    assert!(profile.contains(&user.name) && profile.contains(&email), "B knows A's session");

    // The cart filled on A is the cart B shows, and B checks it out (below).
    let res = a
        .post_form(&browser, "/gio-hang", "/gio-hang/them", &[("sku", "HM-1"), ("shop", &shop), ("quantity", "2")])
        .await;
    assert_eq!(res.status(), 303);
    assert!(b.page(&browser, "/gio-hang").await.contains("140.000 ₫"), "B shows the cart filled on A");

    // An API token from A's login works on B, and B's logout ends it on A.
    let login = a.post_json("/api/v1/auth/login", &json!({"email": email, "password": PASSWORD})).await;
    assert_eq!(login.status(), 200);
    let token = login.json::<Value>().await.unwrap()["token"].as_str().unwrap().to_owned();
    let res = checkout_with_key(b, &token, "cum-hai-may-1").await;
    assert_eq!(res.status(), 201, "B checks out the cart filled on A");
    let order: Value = res.json().await.unwrap();
    // The same key sent to A is the same order, not a second one.
    let again = checkout_with_key(a, &token, "cum-hai-may-1").await;
    assert!(again.status().is_success(), "{}", again.status());
    assert_eq!(again.json::<Value>().await.unwrap()["code"], order["code"]);
    assert_eq!(scalar(a, "SELECT CAST(COUNT(*) AS BIGINT) FROM orders").await, 1);
    assert_eq!(scalar(b, "SELECT CAST(stock AS BIGINT) FROM product_variants").await, 3);
    let logout = b.client.post(b.url("/api/v1/auth/logout")).bearer_auth(&token).send().await.unwrap();
    assert!(logout.status().is_success(), "{}", logout.status());
    assert_eq!(a.get_as(&token, "/api/v1/me").await.status(), 401, "a token ended on B is over on A");
}

#[tokio::test]
async fn login_throttling_counts_failures_on_every_instance_together() {
    let Some(cluster) = cluster(3, &[("OCOP_LOGIN_MAX_FAILURES", "4")]).await else { return };
    if cluster.apps[0].backend != "postgres+redis" {
        println!("login throttling across instances needs Redis (OCOP_TEST_REDIS_URL): skipped");
        return;
    }
    let email = format!("khach-{}@example.vn", uuid::Uuid::new_v4().simple());
    cluster.apps[0].user(&email, Role::Shopper).await;
    let mut statuses = Vec::new();
    for attempt in 0..6 {
        let app = &cluster.apps[attempt % 3];
        let res = app.post_json("/api/v1/auth/login", &json!({"email": email, "password": "sai-mat-khau"})).await;
        statuses.push(res.status().as_u16());
    }
    // Four failures spread over three instances use the account's allowance up.
    assert_eq!(statuses, [401, 401, 401, 401, 429, 429]);
    let right = cluster.apps[1].post_json("/api/v1/auth/login", &json!({"email": email, "password": PASSWORD})).await;
    assert_eq!(right.status(), 429, "the right password waits too, on any instance");
}

#[tokio::test]
async fn a_change_on_one_instance_reaches_the_others_search() {
    let Some(cluster) = cluster(3, &[]).await else { return };
    let [a, b, c] = &cluster.apps[..] else { unreachable!() };
    let (shop, vendor, vendor_token) = a.shop("HTX Ba Máy", "Quảng Ninh").await;
    let created =
        ocop_catalog::products::create(&a.db, &vendor, &shop, &product("Mật ong Ba Máy", "BM-1", 150_000, 8), true)
            .await
            .unwrap();
    let (_, admin_token) = a.admin().await;

    // Approved through A's API: found on B and C.
    let started = Instant::now();
    let res = a
        .post_json_as(&admin_token, &format!("/api/v1/admin/products/{}/approve", created.product.id), &json!({}))
        .await;
    assert_eq!(res.status(), 200);
    let slug = created.product.slug.clone();
    for other in [b, c] {
        ocop_tests::eventually("the approved listing in another instance's search", async || {
            (search_price(other, "mat%20ong%20ba%20may", &slug).await == Some(150_000)).then_some(())
        })
        .await;
    }
    println!("cluster | approved on A, found on B and C after {} ms", started.elapsed().as_millis());

    // Repriced through B's API: C's search has the new price.
    let started = Instant::now();
    let res = b
        .client
        .patch(b.url(&format!("/api/v1/shops/{shop}/products/BM-1")))
        .bearer_auth(&vendor_token)
        .json(&json!({"price_vnd": 135_000}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    ocop_tests::eventually("the new price in C's search", async || {
        (search_price(c, "mat%20ong%20ba%20may", &slug).await == Some(135_000)).then_some(())
    })
    .await;
    println!("cluster | repriced on B, new price in C's search after {} ms", started.elapsed().as_millis());

    // A photo uploaded through A is served by B (one shared media folder).
    let part = reqwest::multipart::Part::bytes(ocop_tests::fixtures::png(400, 300)).file_name("a.png");
    let res = a
        .client
        .post(a.url(&format!("/api/v1/shops/{shop}/products/BM-1/images")))
        .bearer_auth(&vendor_token)
        .multipart(reqwest::multipart::Form::new().part("image", part))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let url = res.json::<Value>().await.unwrap()["url"].as_str().unwrap().to_owned();
    let served = b.get(&url).await;
    assert_eq!(served.status(), 200, "B serves {url} uploaded through A");
    assert_eq!(served.headers()["content-type"], "image/jpeg");

    // Its shop taken down by an admin on C: gone from A's search and A's product page.
    let started = Instant::now();
    let shop_id = ocop_catalog::shops::by_slug(&c.db, &shop).await.unwrap().id;
    let res = c
        .post_json_as(
            &admin_token,
            &format!("/api/v1/admin/shops/{shop_id}/reject"),
            &json!({"reason": "Giấy phép hết hiệu lực"}),
        )
        .await;
    assert_eq!(res.status(), 200);
    ocop_tests::eventually("the listing gone from A's search", async || {
        search_price(a, "mat%20ong%20ba%20may", &slug).await.is_none().then_some(())
    })
    .await;
    println!(
        "cluster | shop taken down on C, its listing gone from A's search after {} ms",
        started.elapsed().as_millis()
    );
    assert_eq!(a.get(&format!("/san-pham/{slug}")).await.status(), 404);
}

#[tokio::test]
async fn fifty_buyers_on_three_instances_never_oversell_a_stock_of_ten() {
    let Some(cluster) = cluster(3, &[("OCOP_DATABASE_MAX_CONNECTIONS", "8")]).await else { return };
    let a = &cluster.apps[0];
    let (shop, vendor, _) = a.shop("HTX Năm Mươi", "Quảng Ninh").await;
    a.live_product(&vendor, &shop, &product("Trà hoa vàng hộp quà", "NM-10", 400_000, 10)).await;
    let mut tokens = Vec::new();
    for i in 0..50 {
        tokens
            .push(a.user(&format!("nguoimua-{i}-{}@example.vn", uuid::Uuid::new_v4().simple()), Role::Shopper).await.1);
    }
    // Each buyer fills the cart on one instance and checks out on the next.
    let mut adds = tokio::task::JoinSet::new();
    for (i, token) in tokens.iter().enumerate() {
        let (client, url) = (a.client.clone(), cluster.apps[i % 3].url("/api/v1/cart/items"));
        let body = json!({"sku": "NM-10", "shop": shop, "quantity": 1});
        let token = token.clone();
        adds.spawn(async move { client.post(url).bearer_auth(token).json(&body).send().await.unwrap().status() });
    }
    assert!(adds.join_all().await.iter().all(|s| s.as_u16() == 201));
    let gate = std::sync::Arc::new(tokio::sync::Barrier::new(tokens.len()));
    let mut attempts = tokio::task::JoinSet::new();
    for (i, token) in tokens.iter().enumerate() {
        let (client, url, gate) = (a.client.clone(), cluster.apps[(i + 1) % 3].url("/api/v1/checkout"), gate.clone());
        let token = token.clone();
        attempts.spawn(async move {
            gate.wait().await;
            let res = client
                .post(url)
                .bearer_auth(token)
                .json(&json!({"payment_method": "cod", "shipping": shipping()}))
                .send()
                .await
                .unwrap();
            let status = res.status().as_u16();
            (status, res.json::<Value>().await.unwrap_or(Value::Null))
        });
    }
    let results = attempts.join_all().await;
    let placed = results.iter().filter(|(s, _)| *s == 201).count();
    let sold_out = results.iter().filter(|(s, b)| *s == 409 && b["error"]["code"] == "out_of_stock").count();
    assert_eq!((placed, sold_out), (10, 40), "{results:?}");
    assert_eq!(scalar(a, "SELECT CAST(stock AS BIGINT) FROM product_variants").await, 0);
    assert_eq!(scalar(a, "SELECT CAST(COALESCE(SUM(quantity), 0) AS BIGINT) FROM order_lines").await, 10);
    println!("cluster | 50 buyers over 3 instances, stock 10: {placed} orders, {sold_out} told sold out, stock 0");
}

/// Mail files the instances wrote (each writes into its own data folder).
fn mail_files(cluster: &Cluster) -> usize {
    cluster
        .apps
        .iter()
        .map(|app| {
            std::fs::read_dir(app.state.config.storage.data_dir.join("mail")).map_or(0, |dir| dir.flatten().count())
        })
        .sum()
}

#[tokio::test]
async fn two_instances_workers_do_each_piece_of_work_once() {
    // The order clock ticks every second on both, beside the calls below.
    let Some(cluster) = cluster(2, &[("OCOP_ORDER_CLOCK_SECS", "1")]).await else { return };
    let [a, b] = &cluster.apps[..] else { unreachable!() };
    let (shop_slug, vendor, _) = a.shop("HTX Hai Lần", "Quảng Ninh").await;
    a.live_product(&vendor, &shop_slug, &product("Miến dong hai lần", "HL-1", 50_000, 20)).await;

    // 150 messages in the mail outbox, written in one transaction as a checkout would.
    let (user, _) = a.user(&format!("thu-{}@example.vn", uuid::Uuid::new_v4().simple()), Role::Shopper).await;
    {
        use sea_orm::TransactionTrait;
        let txn = a.db.begin().await.unwrap();
        for i in 0..150 {
            let message = ocop_orders::notify::Message {
                title: format!("Thông báo thử số {i}"),
                body: "Nội dung thử.".into(),
                link: "/tai-khoan",
            };
            ocop_orders::notify::tell(&txn, user.id, &message).await.unwrap();
        }
        txn.commit().await.unwrap();
    }
    // Both instances send at the same moment, again and again, beside their own workers.
    let (mailer_a, mailer_b) = (
        ocop_gateway::mailer::Mailer::from_config(&a.state.config).unwrap(),
        ocop_gateway::mailer::Mailer::from_config(&b.state.config).unwrap(),
    );
    for _ in 0..6 {
        tokio::join!(
            ocop_gateway::workers::send_mail_once(&a.state, &mailer_a),
            ocop_gateway::workers::send_mail_once(&b.state, &mailer_b)
        );
    }
    ocop_tests::eventually("the mail outbox sent", async || {
        (scalar(a, "SELECT CAST(COUNT(*) AS BIGINT) FROM mail_outbox WHERE sent_at IS NULL").await == 0).then_some(())
    })
    .await;
    assert_eq!(mail_files(&cluster), 150, "each message sent once across both instances");

    // A certificate expiring in 15 days: one reminder, however many instances look.
    let (admin, _) = a.admin().await;
    let shop = ocop_catalog::shops::by_slug(&a.db, &shop_slug).await.unwrap();
    let decided = ocop_core::time::vn_today() + chrono::Days::new(15) - chrono::Months::new(36);
    ocop_catalog::certificates::record(
        &a.db,
        &admin.actor(),
        &shop,
        &ocop_catalog::certificates::CertificateInput {
            stars: 4,
            decision_number: "88/QĐ-UBND".into(),
            decision_date: decided.format("%Y-%m-%d").to_string(),
            authority: "UBND tỉnh Quảng Ninh".into(),
        },
        true,
    )
    .await
    .unwrap();
    for _ in 0..4 {
        tokio::join!(
            ocop_gateway::workers::certificate_reminders_once(&a.state),
            ocop_gateway::workers::certificate_reminders_once(&b.state)
        );
    }
    let notices = scalar(
        a,
        &format!(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM shop_notices WHERE shop_id = {} AND kind LIKE 'certificate_expiry_%'",
            shop.id
        ),
    )
    .await;
    assert_eq!(notices, 1, "one reminder for one certificate");

    // Eight orders paid by transfer that never arrived: their stock comes back once.
    let mut tokens = Vec::new();
    for i in 0..8 {
        let (_, token) =
            a.user(&format!("chuyenkhoan-{i}-{}@example.vn", uuid::Uuid::new_v4().simple()), Role::Shopper).await;
        let add = a
            .post_json_as(&token, "/api/v1/cart/items", &json!({"sku": "HL-1", "shop": shop_slug, "quantity": 2}))
            .await;
        assert_eq!(add.status(), 201);
        let placed = a
            .post_json_as(&token, "/api/v1/checkout", &json!({"payment_method": "vietqr", "shipping": shipping()}))
            .await;
        assert_eq!(placed.status(), 201, "{}", placed.text().await.unwrap());
        tokens.push(token);
    }
    assert_eq!(scalar(a, "SELECT CAST(stock AS BIGINT) FROM product_variants").await, 4);
    a.db.execute_unprepared("UPDATE orders SET pay_by = pay_by - INTERVAL '2 hours'").await.unwrap();
    let commission = a.state.config.payments.commission().unwrap();
    for _ in 0..4 {
        tokio::join!(
            ocop_gateway::workers::order_clock_once(&a.state, &commission),
            ocop_gateway::workers::order_clock_once(&b.state, &commission)
        );
    }
    ocop_tests::eventually("the unpaid orders released", async || {
        (scalar(a, "SELECT CAST(COUNT(*) AS BIGINT) FROM shop_orders WHERE status = 'cancelled'").await == 8)
            .then_some(())
    })
    .await;
    assert_eq!(
        scalar(a, "SELECT CAST(stock AS BIGINT) FROM product_variants").await,
        20,
        "each order's stock back once"
    );
    let cancelled_mail = scalar(
        a,
        "SELECT CAST(COUNT(*) AS BIGINT) FROM mail_outbox WHERE subject LIKE '%hủy%' OR subject LIKE '%Hủy%'",
    )
    .await;
    assert!(cancelled_mail <= 8, "at most one cancellation notice per order, {cancelled_mail}");
    println!(
        "cluster | two instances' workers: 150 mails sent once ({} files), 1 certificate reminder, 8 unpaid orders released once",
        mail_files(&cluster)
    );
}
