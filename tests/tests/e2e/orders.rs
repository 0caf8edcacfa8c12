//! Cart, checkout and orders: never oversell, idempotent retries, server-side prices,
//! checked status moves, who may see what, the unpaid-order clock, refunds, notifications.

use ocop_accounts::Role;
use ocop_orders::entity::{order, shop_order};
use ocop_tests::fixtures::product;
use ocop_tests::{TestApp, spawn_app, spawn_app_with};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::{Value, json};

fn address() -> Value {
    json!({"recipient": "Nguyễn Thị Lan", "phone": "0912 345 678", "province": "Quảng Ninh",
           "commune": "Phường Bãi Cháy", "street": "12 Hạ Long"})
}

fn cod() -> Value {
    json!({"payment_method": "cod", "shipping": address()})
}

/// A live product with one variant in a fresh shop; returns (shop slug, vendor token, variant id).
async fn listing(app: &TestApp, shop: &str, sku: &str, price: i64, stock: i64) -> (String, String, i64) {
    let (slug, vendor, token) = app.shop(shop, "Quảng Ninh").await;
    let listing = app.live_product(&vendor, &slug, &product(&format!("{shop} sản phẩm"), sku, price, stock)).await;
    (slug, token, listing.variants[0].id)
}

async fn add(app: &TestApp, token: &str, sku: &str, shop: &str, quantity: i64) -> reqwest::Response {
    app.post_json_as(token, "/api/v1/cart/items", &json!({"sku": sku, "shop": shop, "quantity": quantity})).await
}

async fn checkout(app: &TestApp, token: &str, key: Option<&str>, body: &Value) -> reqwest::Response {
    let mut req = app.client.post(app.url("/api/v1/checkout")).bearer_auth(token).json(body);
    if let Some(key) = key {
        req = req.header("Idempotency-Key", key);
    }
    req.send().await.unwrap()
}

async fn stock(app: &TestApp, variant_id: i64) -> i64 {
    ocop_catalog::entity::variant::Entity::find_by_id(variant_id).one(&app.db).await.unwrap().unwrap().stock
}

async fn shopper(app: &TestApp) -> (ocop_accounts::User, String) {
    app.user(&format!("khach-{}@example.vn", uuid::Uuid::new_v4().simple()), Role::Shopper).await
}

#[tokio::test]
async fn fifty_checkouts_for_ten_items_make_exactly_ten_orders() {
    let app = spawn_app().await;
    let (shop, _, variant) = listing(&app, "HTX Miến dong Bình Liêu", "MIEN-500", 85_000, 10).await;
    let mut buyers = Vec::new();
    for _ in 0..50 {
        buyers.push(shopper(&app).await.1);
    }
    // Fifty carts filled at once too: no "database is locked" on SQLite.
    let mut adds = tokio::task::JoinSet::new();
    for token in buyers.clone() {
        let (client, url, shop) = (app.client.clone(), app.url("/api/v1/cart/items"), shop.clone());
        adds.spawn(async move {
            let body = json!({"sku": "MIEN-500", "shop": shop, "quantity": 1});
            client.post(url).bearer_auth(token).json(&body).send().await.unwrap().status().as_u16()
        });
    }
    assert!(adds.join_all().await.iter().all(|s| *s == 201));
    let mut attempts = tokio::task::JoinSet::new();
    for token in buyers {
        let (client, url) = (app.client.clone(), app.url("/api/v1/checkout"));
        attempts.spawn(async move {
            let res = client.post(url).bearer_auth(token).json(&cod()).send().await.unwrap();
            let status = res.status().as_u16();
            (status, res.json::<Value>().await.unwrap())
        });
    }
    let results = attempts.join_all().await;
    let placed = results.iter().filter(|(s, _)| *s == 201).count();
    let sold_out: Vec<&Value> = results.iter().filter(|(s, _)| *s == 409).map(|(_, b)| b).collect();
    assert_eq!(placed, 10, "{results:?}");
    assert_eq!(sold_out.len(), 40, "{results:?}");
    for body in sold_out {
        assert_eq!(body["error"]["code"], "out_of_stock");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(message.contains("Hết hàng") && message.contains("MIEN-500"), "{message}");
    }
    assert_eq!(stock(&app, variant).await, 0);
    let orders = order::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(orders.len(), 10);
}

#[tokio::test]
async fn a_retried_checkout_returns_the_same_order_and_takes_stock_once() {
    let app = spawn_app().await;
    let (shop, _, variant) = listing(&app, "HTX Trà hoa vàng", "THV-100", 125_000, 7).await;
    let (_, token) = shopper(&app).await;
    add(&app, &token, "THV-100", &shop, 2).await;
    let first = checkout(&app, &token, Some("retry-1"), &cod()).await;
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    let code = first["code"].as_str().unwrap();
    assert!(code.starts_with("OCOP-") && code.len() == 16, "{code}");
    assert_eq!(first["shop_orders"][0]["status"], "confirmed");

    let again = checkout(&app, &token, Some("retry-1"), &cod()).await;
    assert_eq!(again.status(), 200);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["code"], first["code"]);
    assert_eq!(stock(&app, variant).await, 5, "stock taken once");

    // The same key with another request is refused, never a second order.
    let mut other = cod();
    other["shipping"]["street"] = json!("99 Trần Hưng Đạo");
    let clash = checkout(&app, &token, Some("retry-1"), &other).await;
    assert_eq!(clash.status(), 409);
    assert_eq!(clash.json::<Value>().await.unwrap()["error"]["code"], "idempotency_key_reused");

    // Three submits at the same instant with one key, five times over: one order each time.
    for round in 0..5 {
        add(&app, &token, "THV-100", &shop, 1).await;
        let key = format!("double-{round}");
        let body = cod();
        let (a, b, c) = tokio::join!(
            checkout(&app, &token, Some(&key), &body),
            checkout(&app, &token, Some(&key), &body),
            checkout(&app, &token, Some(&key), &body)
        );
        let (a, b, c): (Value, Value, Value) =
            (a.json().await.unwrap(), b.json().await.unwrap(), c.json().await.unwrap());
        assert!(a["code"].is_string() && a["code"] == b["code"] && b["code"] == c["code"], "{a} {b} {c}");
    }
    assert_eq!(stock(&app, variant).await, 0);
    assert_eq!(order::Entity::find().all(&app.db).await.unwrap().len(), 6);
}

#[tokio::test]
async fn the_server_prices_everything_and_shows_price_changes() {
    let app = spawn_app().await;
    let (shop, vendor_token, _) = listing(&app, "HTX Nước mắm Cái Rồng", "NM-500", 90_000, 20).await;
    let (_, token) = shopper(&app).await;
    add(&app, &token, "NM-500", &shop, 2).await;
    let mut body = cod();
    body["total_vnd"] = json!(1);
    body["lines"] = json!([{"sku": "NM-500", "quantity": 2, "unit_price_vnd": 1}]);
    body["shipping_vnd"] = json!(0);
    // The price moves after the shopper added it: shown, not applied silently.
    let res = app
        .client
        .patch(app.url(&format!("/api/v1/shops/{shop}/products/NM-500")))
        .bearer_auth(&vendor_token)
        .json(&json!({"price_vnd": 95_000}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let cart: Value = app.get_as(&token, "/api/v1/cart").await.json().await.unwrap();
    assert_eq!(cart["price_changed"], true);
    assert_eq!(cart["groups"][0]["lines"][0]["price_was_vnd"], 90_000);
    let refused = checkout(&app, &token, None, &body).await;
    assert_eq!(refused.status(), 409);
    assert_eq!(refused.json::<Value>().await.unwrap()["error"]["code"], "price_changed");
    // Now seen: the order goes through at the new price, whatever the body claims.
    let placed: Value = checkout(&app, &token, None, &body).await.json().await.unwrap();
    assert_eq!(placed["subtotal_vnd"], 190_000);
    assert_eq!(placed["shipping_vnd"], 30_000);
    assert_eq!(placed["total_vnd"], 220_000);
    assert_eq!(placed["shop_orders"][0]["lines"][0]["unit_price_vnd"], 95_000);
}

#[tokio::test]
async fn one_cart_two_shops_each_with_its_own_shipping() {
    let app = spawn_app().await;
    let (tea, _, _) = listing(&app, "HTX Trà Ba Chẽ", "TRA-1", 300_000, 10).await;
    let (fish, fish_token, _) = listing(&app, "Cơ sở Chả mực Hạ Long", "CHA-1", 180_000, 10).await;
    let tea_id = ocop_catalog::shops::by_slug(&app.db, &tea).await.unwrap().id;
    let rates = ocop_orders::shipping::Rates { free_above_vnd: Some(500_000), ..Default::default() };
    ocop_orders::shipping::save(&app.db, tea_id, &rates).await.unwrap();
    // Chả mực is fresh food: only within Quảng Ninh.
    let fish_listing = ocop_catalog::entity::product::Entity::find()
        .filter(ocop_catalog::entity::product::Column::Name.contains("Chả mực"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let mut fresh: ocop_catalog::entity::product::ActiveModel = fish_listing.into();
    fresh.perishable = Set(true);
    fresh.update(&app.db).await.unwrap();
    let _ = fish_token;

    let (_, token) = shopper(&app).await;
    add(&app, &token, "TRA-1", &tea, 2).await;
    add(&app, &token, "CHA-1", &fish, 1).await;
    let mut far = cod();
    far["shipping"]["province"] = json!("Hà Nội");
    far["shipping"]["commune"] = json!("Phường Hoàn Kiếm");
    let refused = checkout(&app, &token, None, &far).await;
    assert_eq!(refused.status(), 422);
    let refused: Value = refused.json().await.unwrap();
    assert!(refused["error"]["fields"]["shipping"].as_str().unwrap().contains("Hàng tươi"), "{refused}");

    let placed: Value = checkout(&app, &token, None, &cod()).await.json().await.unwrap();
    let parts = placed["shop_orders"].as_array().unwrap();
    assert_eq!(parts.len(), 2);
    let tea_part = parts.iter().find(|p| p["shop"] == tea.as_str()).unwrap();
    let fish_part = parts.iter().find(|p| p["shop"] == fish.as_str()).unwrap();
    assert_eq!(tea_part["shipping_vnd"], 0, "free above 500.000 ₫");
    assert_eq!(fish_part["shipping_vnd"], 30_000);
    assert_eq!(placed["total_vnd"], 600_000 + 180_000 + 30_000);
    let cart: Value = app.get_as(&token, "/api/v1/cart").await.json().await.unwrap();
    assert_eq!(cart["groups"].as_array().unwrap().len(), 0, "ordered items leave the cart");
}

#[tokio::test]
async fn bad_checkout_input_names_the_field() {
    let app = spawn_app().await;
    let (shop, _, _) = listing(&app, "HTX Ba kích", "BK-1", 200_000, 3).await;
    let (_, token) = shopper(&app).await;
    let over = add(&app, &token, "BK-1", &shop, 4).await;
    assert_eq!(over.status(), 422);
    assert!(over.json::<Value>().await.unwrap()["error"]["fields"]["quantity"].as_str().unwrap().contains("chỉ còn 3"));
    add(&app, &token, "BK-1", &shop, 1).await;
    let bad = json!({"payment_method": "cod", "shipping": {"recipient": "", "phone": "12345", "province": "Atlantis", "commune": "", "street": ""}});
    let res = checkout(&app, &token, None, &bad).await;
    assert_eq!(res.status(), 422);
    let fields = res.json::<Value>().await.unwrap()["error"]["fields"].clone();
    for field in ["recipient", "phone", "province", "commune", "street"] {
        assert!(fields[field].is_string(), "{field}: {fields}");
    }
    let res = checkout(&app, &token, None, &json!({"payment_method": "bitcoin", "shipping": address()})).await;
    assert!(res.json::<Value>().await.unwrap()["error"]["fields"]["payment_method"].is_string());
    let res = checkout(&app, &token, None, &json!({"payment_method": "cod", "pickup_point": "khong-co"})).await;
    assert_eq!(res.status(), 422);
    // A former province name is accepted and mapped.
    let mut former = cod();
    former["shipping"]["province"] = json!("Hải Dương");
    former["shipping"]["commune"] = json!("phuong thanh dong");
    let (_, token2) = shopper(&app).await;
    add(&app, &token2, "BK-1", &shop, 1).await;
    let placed: Value = checkout(&app, &token2, None, &former).await.json().await.unwrap();
    assert_eq!(placed["province"], "hai-phong");
    // A commune of another province is named as the problem.
    let mut elsewhere = cod();
    elsewhere["shipping"]["commune"] = json!("Phường Hoàn Kiếm");
    add(&app, &token2, "BK-1", &shop, 1).await;
    let res = checkout(&app, &token2, None, &elsewhere).await;
    assert_eq!(res.status(), 422);
    assert!(res.json::<Value>().await.unwrap()["error"]["fields"]["commune"].as_str().unwrap().contains("Quảng Ninh"));
}

#[tokio::test]
async fn nobody_sees_or_moves_an_order_that_is_not_theirs() {
    let app = spawn_app().await;
    let (shop_a, token_a, _) = listing(&app, "Gian hàng A", "A-1", 100_000, 5).await;
    let (shop_b, token_b, _) = listing(&app, "Gian hàng B", "B-1", 100_000, 5).await;
    let (_, buyer) = shopper(&app).await;
    let (_, stranger) = shopper(&app).await;
    add(&app, &buyer, "A-1", &shop_a, 1).await;
    let placed: Value = checkout(&app, &buyer, None, &cod()).await.json().await.unwrap();
    let code = placed["code"].as_str().unwrap();
    let part = placed["shop_orders"][0]["id"].as_i64().unwrap();

    let get = |token: &str, path: String| app.client.get(app.url(&path)).bearer_auth(token.to_owned()).send();
    assert_eq!(get(&stranger, format!("/api/v1/orders/{code}")).await.unwrap().status(), 404);
    assert_eq!(get(&buyer, format!("/api/v1/orders/{code}")).await.unwrap().status(), 200);
    // Shop B sees none of shop A's orders, by its own shop or by A's.
    let b_orders: Value = get(&token_b, format!("/api/v1/shops/{shop_b}/orders")).await.unwrap().json().await.unwrap();
    assert_eq!(b_orders.as_array().unwrap().len(), 0);
    assert_eq!(get(&token_b, format!("/api/v1/shops/{shop_a}/orders")).await.unwrap().status(), 404);
    let moved = app
        .post_json_as(&token_b, &format!("/api/v1/shops/{shop_b}/orders/{part}/status"), &json!({"status": "packed"}))
        .await;
    assert_eq!(moved.status(), 404);
    let a_orders: Value = get(&token_a, format!("/api/v1/shops/{shop_a}/orders")).await.unwrap().json().await.unwrap();
    assert_eq!(a_orders[0]["code"], code);
}

#[tokio::test]
async fn status_moves_are_checked_timestamped_and_cancelling_returns_stock() {
    let app = spawn_app().await;
    let (shop, vendor, variant) = listing(&app, "HTX Mật ong Đông Triều", "MO-1", 150_000, 5).await;
    let (_, buyer) = shopper(&app).await;
    add(&app, &buyer, "MO-1", &shop, 2).await;
    let placed: Value = checkout(&app, &buyer, None, &cod()).await.json().await.unwrap();
    let code = placed["code"].as_str().unwrap().to_owned();
    let part = placed["shop_orders"][0]["id"].as_i64().unwrap();
    let status_path = format!("/api/v1/shops/{shop}/orders/{part}/status");
    let skip = app
        .post_json_as(&vendor, &status_path, &json!({"status": "shipped", "carrier": "GHN", "tracking_code": "X1"}))
        .await;
    assert_eq!(skip.status(), 409, "no skipping from confirmed to shipped");
    assert_eq!(app.post_json_as(&vendor, &status_path, &json!({"status": "packed"})).await.status(), 200);
    // The buyer can no longer cancel once packed.
    let cancel = app.post_json_as(&buyer, &status_path, &json!({"status": "cancelled"})).await;
    assert_eq!(cancel.status(), 404, "the buyer has no shop access");
    let missing = app.post_json_as(&vendor, &status_path, &json!({"status": "shipped"})).await;
    assert_eq!(missing.status(), 422);
    let fields = missing.json::<Value>().await.unwrap()["error"]["fields"].clone();
    assert!(fields["carrier"].is_string() && fields["tracking_code"].is_string());
    let ship = json!({"status": "shipped", "carrier": "Viettel Post", "tracking_code": "VTP123456"});
    assert_eq!(app.post_json_as(&vendor, &status_path, &ship).await.status(), 200);
    let back = app.post_json_as(&vendor, &status_path, &json!({"status": "packed"})).await;
    assert_eq!(back.status(), 409, "no going back");
    let late_cancel =
        app.post_json_as(&vendor, &status_path, &json!({"status": "cancelled", "reason": "hết hàng"})).await;
    assert_eq!(late_cancel.status(), 409, "shipped goods are not cancelled");
    let order: Value = app.get_as(&buyer, &format!("/api/v1/orders/{code}")).await.json().await.unwrap();
    let timeline: Vec<&str> =
        order["shop_orders"][0]["timeline"].as_array().unwrap().iter().map(|e| e["status"].as_str().unwrap()).collect();
    assert_eq!(timeline, ["confirmed", "packed", "shipped"]);
    assert_eq!(order["shop_orders"][0]["tracking_code"], "VTP123456");
    assert_eq!(stock(&app, variant).await, 3);

    // A second order the shop cancels with a reason: the stock comes back.
    add(&app, &buyer, "MO-1", &shop, 3).await;
    let second: Value = checkout(&app, &buyer, None, &cod()).await.json().await.unwrap();
    assert_eq!(stock(&app, variant).await, 0);
    let second_part = second["shop_orders"][0]["id"].as_i64().unwrap();
    let path = format!("/api/v1/shops/{shop}/orders/{second_part}/status");
    let no_reason = app.post_json_as(&vendor, &path, &json!({"status": "cancelled"})).await;
    assert_eq!(no_reason.status(), 422);
    let ok = app.post_json_as(&vendor, &path, &json!({"status": "cancelled", "reason": "Lô hàng bị lỗi bao bì"})).await;
    assert_eq!(ok.status(), 200);
    assert_eq!(stock(&app, variant).await, 3);
}

#[tokio::test]
async fn unpaid_online_orders_give_their_stock_back() {
    let app = spawn_app_with(&[("OCOP_PAYMENT_METHODS", "cod,vietqr"), ("OCOP_ORDER_CLOCK_SECS", "1")]).await;
    let (shop, _, variant) = listing(&app, "HTX Gạo Đông Triều", "GAO-5", 120_000, 4).await;
    let (_, buyer) = shopper(&app).await;
    add(&app, &buyer, "GAO-5", &shop, 4).await;
    let placed: Value = checkout(&app, &buyer, None, &json!({"payment_method": "vietqr", "shipping": address()}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(placed["shop_orders"][0]["status"], "awaiting_payment");
    assert_eq!(placed["payment_status"], "unpaid");
    assert_eq!(stock(&app, variant).await, 0);
    // The window ends (as if 30 minutes passed): the clock releases the stock.
    let row = order::Entity::find().one(&app.db).await.unwrap().unwrap();
    let mut active: order::ActiveModel = row.into();
    active.pay_by = Set(Some(chrono::Utc::now() - chrono::Duration::minutes(1)));
    active.update(&app.db).await.unwrap();
    ocop_tests::eventually("the clock to release the stock", async || (stock(&app, variant).await == 4).then_some(()))
        .await;
    let part = shop_order::Entity::find().one(&app.db).await.unwrap().unwrap();
    assert_eq!(part.status, "cancelled");
    let row = order::Entity::find().one(&app.db).await.unwrap().unwrap();
    assert_eq!(row.payment_status, "void");
}

#[tokio::test]
async fn refunds_follow_the_complaint_window_and_an_admin_decides() {
    let app = spawn_app().await;
    let (shop, vendor, _) = listing(&app, "HTX Ruốc hàu", "RH-1", 80_000, 5).await;
    let (buyer_user, buyer) = shopper(&app).await;
    add(&app, &buyer, "RH-1", &shop, 1).await;
    let placed: Value = checkout(&app, &buyer, None, &cod()).await.json().await.unwrap();
    let part = placed["shop_orders"][0]["id"].as_i64().unwrap();
    let path = format!("/api/v1/shops/{shop}/orders/{part}/status");
    for step in [
        json!({"status": "packed"}),
        json!({"status": "shipped", "carrier": "GHTK", "tracking_code": "S1"}),
        json!({"status": "delivered"}),
    ] {
        assert_eq!(app.post_json_as(&vendor, &path, &step).await.status(), 200);
    }
    let request = ocop_orders::refunds::request(&app.db, &buyer_user, part, "Hũ bị vỡ khi nhận").await.unwrap();
    let vendor_user = ocop_accounts::tokens::authenticate(&app.db, &vendor).await.unwrap();
    ocop_orders::refunds::answer(&app.db, &vendor_user.actor(), part, false, "Hàng đóng gói kỹ, không thể vỡ")
        .await
        .unwrap();
    let (admin, _) = app.admin().await;
    ocop_orders::refunds::decide(&app.db, &admin.actor(), request.id, true, "Ảnh người mua cho thấy hũ vỡ")
        .await
        .unwrap();
    let so = shop_order::Entity::find_by_id(part).one(&app.db).await.unwrap().unwrap();
    assert_eq!(so.status, "refunded");

    // Fresh food: 24 hours only.
    let fresh = shop_order::Entity::find_by_id(part).one(&app.db).await.unwrap().unwrap();
    let mut late: shop_order::ActiveModel = fresh.into();
    late.status = Set("delivered".into());
    late.perishable = Set(true);
    late.delivered_at = Set(Some(chrono::Utc::now() - chrono::Duration::hours(25)));
    late.update(&app.db).await.unwrap();
    shop_order::Entity::find_by_id(part).one(&app.db).await.unwrap().unwrap();
    ocop_orders::entity::refund_request::Entity::delete_many().exec(&app.db).await.unwrap();
    let closed = ocop_orders::refunds::request(&app.db, &buyer_user, part, "Hàng bị hỏng").await;
    assert!(matches!(closed, Err(ocop_core::Error::Conflict { code: "complaint_window_closed", .. })), "{closed:?}");
    // With no request, the clock completes it.
    let done = ocop_orders::jobs::complete_delivered(&app.db, chrono::Utc::now()).await.unwrap();
    assert_eq!(done, 1);
}

#[tokio::test]
async fn placing_an_order_tells_the_buyer_and_the_shop() {
    let app = spawn_app().await;
    let (shop, vendor_token, _) = listing(&app, "HTX Sá sùng Vân Đồn", "SS-1", 500_000, 5).await;
    let (_, buyer) = shopper(&app).await;
    add(&app, &buyer, "SS-1", &shop, 1).await;
    let placed: Value = checkout(&app, &buyer, None, &cod()).await.json().await.unwrap();
    let code = placed["code"].as_str().unwrap();
    let vendor = ocop_accounts::tokens::authenticate(&app.db, &vendor_token).await.unwrap();
    assert_eq!(ocop_orders::notify::unread(&app.db, vendor.id).await.unwrap(), 1);
    let mail_dir = app.state.config.storage.data_dir.join("mail");
    let mails = ocop_tests::eventually("two mails in the outbox's folder", async || {
        let mails =
            std::fs::read_dir(&mail_dir).map(|d| d.filter_map(Result::ok).collect::<Vec<_>>()).unwrap_or_default();
        (mails.len() >= 2).then_some(mails)
    })
    .await;
    assert_eq!(mails.len(), 2, "one to the buyer, one to the shop owner");
    let texts: Vec<String> = mails.iter().map(|m| std::fs::read_to_string(m.path()).unwrap()).collect();
    assert!(texts.iter().all(|t| t.contains(&code.to_string()) || t.contains("=?utf-8?")), "{texts:?}");
    // The sender writes a file, then marks its row: the second mark may lag the file.
    let sent = ocop_tests::eventually("both outbox rows marked sent", async || {
        let sent = ocop_orders::entity::mail::Entity::find()
            .filter(ocop_orders::entity::mail::Column::SentAt.is_not_null())
            .all(&app.db)
            .await
            .unwrap();
        (sent.len() >= 2).then_some(sent)
    })
    .await;
    assert_eq!(sent.len(), 2);
}

#[tokio::test]
async fn a_resting_shop_takes_no_new_orders() {
    let app = spawn_app().await;
    let (shop, vendor_token, _) = listing(&app, "HTX Nghỉ Tết", "NT-1", 50_000, 5).await;
    let (_, buyer) = shopper(&app).await;
    add(&app, &buyer, "NT-1", &shop, 1).await;
    let vendor = ocop_accounts::tokens::authenticate(&app.db, &vendor_token).await.unwrap();
    ocop_catalog::shops::set_vacation(&app.db, &vendor, &shop, true).await.unwrap();
    let res = checkout(&app, &buyer, None, &cod()).await;
    assert_eq!(res.status(), 409);
    assert!(res.json::<Value>().await.unwrap()["error"]["message"].as_str().unwrap().contains("tạm nghỉ"));
    let (_, other) = shopper(&app).await;
    assert_eq!(add(&app, &other, "NT-1", &shop, 1).await.status(), 409);
    let page = app.get(&format!("/san-pham/{}", "htx-nghi-tet-san-pham")).await.text().await.unwrap();
    assert!(!page.contains("data-testid=\"add-to-cart\""));
}

#[tokio::test]
async fn a_guest_cart_joins_the_account_at_login_and_checkout_works_by_form() {
    let app = spawn_app().await;
    let (shop, _, variant) = listing(&app, "HTX Khoai Hoành Bồ", "KH-1", 60_000, 9).await;
    let browser = app.new_client();
    let res = app
        .post_form(
            &browser,
            "/san-pham/htx-khoai-hoanh-bo-san-pham",
            "/gio-hang/them",
            &[("sku", "KH-1"), ("shop", &shop), ("quantity", "2")],
        )
        .await;
    assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
    let cart = browser.get(app.url("/gio-hang")).send().await.unwrap().text().await.unwrap();
    assert!(cart.contains("120.000 ₫"), "guest cart shows the line");
    let email = format!("khach-{}@example.vn", uuid::Uuid::new_v4().simple());
    app.user(&email, Role::Shopper).await;
    let login = app
        .post_form(
            &browser,
            "/dang-nhap",
            "/dang-nhap",
            &[("email", &email), ("password", ocop_tests::fixtures::PASSWORD)],
        )
        .await;
    assert_eq!(login.status(), 303);
    let cart = browser.get(app.url("/gio-hang")).send().await.unwrap().text().await.unwrap();
    assert!(cart.contains("120.000 ₫"), "the guest cart joined the account");

    let checkout_form = [
        ("delivery", "ship"),
        ("recipient", "Trần Văn Bình"),
        ("phone", "0987654321"),
        ("province", "quang ninh"),
        ("commune", "Phường Hạ Long"),
        ("street", "5 Lê Thánh Tông"),
        ("payment_method", "cod"),
        ("save_address", "1"),
    ];
    let review = app.post_form(&browser, "/thanh-toan", "/thanh-toan", &checkout_form).await;
    assert_eq!(review.status(), 200);
    let html = review.text().await.unwrap();
    assert!(html.contains("data-testid=\"review-total\">150.000 ₫"), "120.000 + 30.000 shipping");
    let key = html.split("name=\"idempotency_key\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let mut fields: Vec<(&str, &str)> = checkout_form.to_vec();
    fields.push(("idempotency_key", &key));
    let placed = app.post_form(&browser, "/gio-hang", "/thanh-toan/dat-hang", &fields).await;
    assert_eq!(placed.status(), 303);
    let location = placed.headers()["location"].to_str().unwrap().to_owned();
    // A double click posts the same form again: the same order.
    let again = app.post_form(&browser, "/gio-hang", "/thanh-toan/dat-hang", &fields).await;
    assert_eq!(again.headers()["location"].to_str().unwrap(), location);
    assert_eq!(stock(&app, variant).await, 7);
    let page = browser.get(app.url(location.split('?').next().unwrap())).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Đã xác nhận") && page.contains("Trần Văn Bình"));
    // The address was saved for next time.
    let user = ocop_accounts::users::authenticate(&app.db, &email, ocop_tests::fixtures::PASSWORD).await.unwrap();
    assert_eq!(ocop_orders::addresses::of_user(&app.db, user.id).await.unwrap().len(), 1);
    // Someone else's order page is not found.
    let stranger = app.new_client();
    let other = format!("khac-{}@example.vn", uuid::Uuid::new_v4().simple());
    app.user(&other, Role::Shopper).await;
    app.post_form(
        &stranger,
        "/dang-nhap",
        "/dang-nhap",
        &[("email", &other), ("password", ocop_tests::fixtures::PASSWORD)],
    )
    .await;
    let res = stranger.get(app.url(location.split('?').next().unwrap())).send().await.unwrap();
    assert_eq!(res.status(), 404);
}

#[tokio::test]
async fn cash_on_delivery_has_a_limit_and_a_shop_may_refuse_it() {
    let app = spawn_app_with(&[("OCOP_COD_MAX_VND", "200000")]).await;
    let (shop, _, _) = listing(&app, "HTX Rượu Ba Kích", "RBK-1", 90_000, 10).await;
    let (_, token) = shopper(&app).await;
    add(&app, &token, "RBK-1", &shop, 2).await;
    let over = checkout(&app, &token, None, &cod()).await;
    assert_eq!(over.status(), 422, "180.000 + 30.000 shipping is over the 200.000 ₫ limit");
    let fields = over.json::<Value>().await.unwrap()["error"]["fields"].clone();
    assert!(fields["payment_method"].as_str().unwrap().contains("200.000 ₫"), "{fields}");
    let vietqr = json!({"payment_method": "vietqr", "shipping": address()});
    assert_eq!(checkout(&app, &token, None, &vietqr).await.status(), 201, "another method is fine");

    let row = ocop_catalog::shops::by_slug(&app.db, &shop).await.unwrap();
    let mut no_cod: ocop_catalog::entity::shop::ActiveModel = row.into();
    no_cod.cod_enabled = Set(false);
    no_cod.update(&app.db).await.unwrap();
    add(&app, &token, "RBK-1", &shop, 1).await;
    let refused = checkout(&app, &token, None, &cod()).await;
    assert_eq!(refused.status(), 422);
    let fields = refused.json::<Value>().await.unwrap()["error"]["fields"].clone();
    assert!(fields["payment_method"].as_str().unwrap().contains("không nhận thanh toán khi nhận hàng"), "{fields}");
}
