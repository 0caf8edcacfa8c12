//! Vouchers (issue 16): issued by a shop, the marketplace or a province; checked field by
//! field; split over shop orders to the đồng; paid for by the right party in the ledger;
//! used exactly as often as allowed under a crowd; one use per Idempotency-Key.

use ocop_accounts::Role;
use ocop_orders::entity::{order, shop_order};
use ocop_promotions::entity::{voucher, voucher_use};
use ocop_tests::fixtures::product;
use ocop_tests::{TestApp, spawn_app};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QueryOrder, Statement};
use serde_json::{Value, json};

fn cod_with(codes: &[&str]) -> Value {
    json!({"payment_method": "cod", "voucher_codes": codes, "shipping": {"recipient": "Nguyễn Thị Lan",
        "phone": "0912 345 678", "province": "Quảng Ninh", "commune": "Phường Bãi Cháy", "street": "12 Hạ Long"}})
}

fn in_days(days: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::days(days)).to_rfc3339()
}

async fn shopper(app: &TestApp) -> String {
    app.user(&format!("khach-{}@example.vn", uuid::Uuid::new_v4().simple()), Role::Shopper).await.1
}

async fn listing(app: &TestApp, shop: &str, province: &str, sku: &str, price: i64, stock: i64) -> (String, String) {
    let (slug, vendor, token) = app.shop(shop, province).await;
    app.live_product(&vendor, &slug, &product(&format!("{shop} đặc sản"), sku, price, stock)).await;
    (slug, token)
}

async fn add(app: &TestApp, token: &str, sku: &str, shop: &str, quantity: i64) {
    let res =
        app.post_json_as(token, "/api/v1/cart/items", &json!({"sku": sku, "shop": shop, "quantity": quantity})).await;
    assert_eq!(res.status(), 201);
}

async fn checkout(app: &TestApp, token: &str, key: Option<&str>, body: &Value) -> (u16, Value) {
    let mut req = app.client.post(app.url("/api/v1/checkout")).bearer_auth(token).json(body);
    if let Some(key) = key {
        req = req.header("Idempotency-Key", key);
    }
    let res = req.send().await.unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

async fn issue(app: &TestApp, token: &str, path: &str, body: Value) -> Value {
    let res = app.post_json_as(token, path, &body).await;
    let status = res.status().as_u16();
    let body: Value = res.json().await.unwrap();
    assert_eq!(status, 201, "{body}");
    body
}

async fn voucher_row(app: &TestApp, code: &str) -> voucher::Model {
    voucher::Entity::find().filter(voucher::Column::Code.eq(code)).one(&app.db).await.unwrap().unwrap()
}

#[tokio::test]
async fn a_hundred_uses_for_three_hundred_shoppers_are_used_exactly_a_hundred_times() {
    let app = spawn_app().await;
    let (shop, _) = listing(&app, "HTX Chè Tân Cương", "Thái Nguyên", "CHE-200", 150_000, 1_000).await;
    let (_, admin) = app.admin().await;
    issue(
        &app,
        &admin,
        "/api/v1/admin/vouchers",
        json!({"code": "OCOP100", "title": "Tuần hàng OCOP",
        "kind": "fixed", "amount_vnd": 20_000, "total_limit": 100, "ends_at": in_days(7)}),
    )
    .await;
    let mut buyers = Vec::new();
    for _ in 0..300 {
        buyers.push(shopper(&app).await);
    }
    let mut adds = tokio::task::JoinSet::new();
    for token in buyers.clone() {
        let (client, url, shop) = (app.client.clone(), app.url("/api/v1/cart/items"), shop.clone());
        adds.spawn(async move {
            let body = json!({"sku": "CHE-200", "shop": shop, "quantity": 1});
            client.post(url).bearer_auth(token).json(&body).send().await.unwrap().status().as_u16()
        });
    }
    assert!(adds.join_all().await.iter().all(|s| *s == 201));
    // All at one barrier: each checkout is sent at the same moment.
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(buyers.len()));
    let mut attempts = tokio::task::JoinSet::new();
    for token in buyers {
        let (client, url, barrier) = (app.client.clone(), app.url("/api/v1/checkout"), barrier.clone());
        attempts.spawn(async move {
            barrier.wait().await;
            let res = client.post(url).bearer_auth(token).json(&cod_with(&["ocop100"])).send().await.unwrap();
            (res.status().as_u16(), res.json::<Value>().await.unwrap())
        });
    }
    let results = attempts.join_all().await;
    let placed: Vec<&Value> = results.iter().filter(|(s, _)| *s == 201).map(|(_, b)| b).collect();
    let refused: Vec<&Value> = results.iter().filter(|(s, _)| *s == 409).map(|(_, b)| b).collect();
    assert_eq!(placed.len(), 100, "{:?}", results.iter().filter(|(s, _)| *s != 201 && *s != 409).collect::<Vec<_>>());
    assert_eq!(refused.len(), 200);
    for body in &placed {
        assert_eq!(body["discount_vnd"], 20_000);
        assert_eq!(
            body["total_vnd"],
            body["subtotal_vnd"].as_i64().unwrap() + body["shipping_vnd"].as_i64().unwrap() - 20_000
        );
    }
    for body in &refused {
        assert_eq!(body["error"]["code"], "voucher_used_up", "{body}");
        assert!(body["error"]["message"].as_str().unwrap().contains("OCOP100 vừa hết lượt"), "{body}");
    }
    assert_eq!(voucher_row(&app, "OCOP100").await.used_count, 100);
    assert_eq!(voucher_use::Entity::find().all(&app.db).await.unwrap().len(), 100);
    assert_eq!(order::Entity::find().all(&app.db).await.unwrap().len(), 100, "no order without its voucher");
    let sold: i64 = shop_order::Entity::find().all(&app.db).await.unwrap().iter().map(|p| p.goods_discount_vnd).sum();
    assert_eq!(sold, 100 * 20_000);
}

#[tokio::test]
async fn the_same_code_with_the_same_key_is_one_use() {
    let app = spawn_app().await;
    let (shop, vendor) = listing(&app, "HTX Mật ong Bạc Hà", "Hà Giang", "MAT-500", 250_000, 50).await;
    issue(
        &app,
        &vendor,
        &format!("/api/v1/shops/{shop}/vouchers"),
        json!({"code": "BACHA10", "title": "Mật ong mùa hoa",
        "kind": "percent", "percent": 10, "per_user_limit": 5, "ends_at": in_days(3)}),
    )
    .await;
    let token = shopper(&app).await;
    for round in 0..3 {
        add(&app, &token, "MAT-500", &shop, 1).await;
        let key = format!("vc-{round}");
        let body = cod_with(&["BACHA10"]);
        let (a, b, c) = tokio::join!(
            checkout(&app, &token, Some(&key), &body),
            checkout(&app, &token, Some(&key), &body),
            checkout(&app, &token, Some(&key), &body)
        );
        assert!(
            a.1["code"].is_string() && a.1["code"] == b.1["code"] && b.1["code"] == c.1["code"],
            "{a:?} {b:?} {c:?}"
        );
        assert_eq!(a.1["discount_vnd"], 25_000);
        let again = checkout(&app, &token, Some(&key), &body).await;
        assert_eq!(again.0, 200);
        assert_eq!(voucher_row(&app, "BACHA10").await.used_count, round + 1, "one use per key");
    }
    assert_eq!(voucher_use::Entity::find().all(&app.db).await.unwrap().len(), 3);
}

#[derive(FromQueryResult)]
struct Balance {
    account: String,
    total: i64,
}

async fn balances(app: &TestApp) -> std::collections::HashMap<String, i64> {
    Balance::find_by_statement(Statement::from_string(
        app.db.get_database_backend(),
        "SELECT account, CAST(SUM(amount_vnd) AS BIGINT) AS total FROM ledger_entries GROUP BY account",
    ))
    .all(&app.db)
    .await
    .unwrap()
    .into_iter()
    .map(|b| (b.account, b.total))
    .collect()
}

#[tokio::test]
async fn a_discount_splits_to_the_dong_and_each_funder_pays_its_part_in_the_ledger() {
    let app = spawn_app().await;
    let (tea, tea_vendor) = listing(&app, "HTX Trà hoa vàng", "Quảng Ninh", "THV-1", 200_000, 50).await;
    let (fish, _) = listing(&app, "Cơ sở Chả mực Hạ Long", "Quảng Ninh", "CM-1", 100_001, 50).await;
    // The tea cooperative is a household business here: Decree 117 withholding applies.
    app.db
        .execute_unprepared(&format!("UPDATE shops SET producer_type = 'ho_kinh_doanh' WHERE slug = '{tea}'"))
        .await
        .unwrap();
    let (_, admin) = app.admin().await;
    issue(
        &app,
        &admin,
        "/api/v1/admin/vouchers",
        json!({"code": "QUATET", "title": "Quà Tết OCOP Quảng Ninh",
        "kind": "percent", "percent": 10, "amount_vnd": 25_000, "province": "Quảng Ninh", "ends_at": in_days(10)}),
    )
    .await;
    issue(
        &app,
        &tea_vendor,
        &format!("/api/v1/shops/{tea}/vouchers"),
        json!({"code": "TRAVANG20", "title": "Trà hoa vàng giảm",
        "kind": "fixed", "amount_vnd": 20_000, "min_order_vnd": 150_000, "ends_at": in_days(10)}),
    )
    .await;
    let token = shopper(&app).await;
    add(&app, &token, "THV-1", &tea, 1).await;
    add(&app, &token, "CM-1", &fish, 1).await;

    // The cart's vouchers: both apply, and together they are the best set.
    let offered: Value = app.get_as(&token, "/api/v1/cart/vouchers").await.json().await.unwrap();
    let mut best: Vec<&str> = offered["best_codes"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
    best.sort_unstable();
    assert_eq!(best, vec!["QUATET", "TRAVANG20"], "{offered}");
    assert_eq!(offered["best_saving_vnd"], 20_000 + 25_000);

    let (status, placed) = checkout(&app, &token, None, &cod_with(&["travang20", "QUATET"])).await;
    assert_eq!(status, 201, "{placed}");
    assert_eq!(placed["discount_vnd"], 45_000);
    // The province's 10 % of what is left (180 000 + 100 001 = 280 001 → 28 000, capped at
    // 25 000) splits 180 000 : 100 001 → 16 071.33 and 8 928.66: the larger remainder
    // takes the last đồng.
    let parts = placed["shop_orders"].as_array().unwrap();
    let part = |slug: &str| parts.iter().find(|p| p["shop"] == slug).unwrap().clone();
    let (tea_part, fish_part) = (part(&tea), part(&fish));
    assert_eq!(tea_part["discount_vnd"], 20_000 + 16_071);
    assert_eq!(fish_part["discount_vnd"], 8_929);
    let total = |p: &Value| p["total_vnd"].as_i64().unwrap();
    assert_eq!(total(&tea_part) + total(&fish_part), placed["total_vnd"].as_i64().unwrap());

    // Delivered (cash on delivery): the ledger posts each part.
    app.db.execute_unprepared("UPDATE shop_orders SET status = 'delivered'").await.unwrap();
    let commission = ocop_payments::sync::Commission::parse(1_000, "").unwrap();
    assert_eq!(ocop_payments::sync::run(&app.db, &commission).await.unwrap(), 2);
    let b = balances(&app).await;
    assert_eq!(b["promotions_expense"], 25_000, "the province's voucher is paid through the marketplace");
    // The tea shop sold for 180 000 after its own voucher: commission and withholding on that.
    assert_eq!(b["tax:vat_withheld"], -1_800);
    assert_eq!(b["tax:pit_withheld"], -900);
    assert_eq!(b["commission_revenue"], -(18_000 + 10_000));
    let tea_id = ocop_catalog::shops::by_slug(&app.db, &tea).await.unwrap().id;
    let shipping = tea_part["shipping_vnd"].as_i64().unwrap();
    assert_eq!(b[&format!("shop:{tea_id}:payable")], -(180_000 + shipping - 18_000 - 1_800 - 900));
    assert_eq!(b[&format!("shop:{tea_id}:cod_receivable")], total(&tea_part), "the shop collected what the buyer paid");

    // The tea part refunded: every account of its sale goes back to zero, the buyer gets
    // back what they paid for that part.
    app.db
        .execute_unprepared(&format!("UPDATE shop_orders SET status = 'refunded' WHERE shop_id = {tea_id}"))
        .await
        .unwrap();
    assert_eq!(ocop_payments::sync::run(&app.db, &commission).await.unwrap(), 1);
    let after = balances(&app).await;
    assert_eq!(after[&format!("shop:{tea_id}:payable")], 0);
    assert_eq!(after[&format!("shop:{tea_id}:cod_receivable")], 0);
    assert_eq!(after["tax:vat_withheld"], 0);
    assert_eq!(after["promotions_expense"], 8_929, "only the fish part's share is left");

    // The shop's statement shows what the marketplace paid for its sales.
    let months = ocop_payments::book::monthly(&app.db, tea_id).await.unwrap();
    assert_eq!(months[0].marketplace_vouchers_vnd, 0, "refunded");
    let fish_id = ocop_catalog::shops::by_slug(&app.db, &fish).await.unwrap().id;
    let months = ocop_payments::book::monthly(&app.db, fish_id).await.unwrap();
    assert_eq!(months[0].marketplace_vouchers_vnd, 8_929);
    assert_eq!(months[0].sales_vnd, total(&fish_part) + 8_929);
}

#[tokio::test]
async fn bad_vouchers_and_bad_codes_are_refused_naming_the_field() {
    let app = spawn_app().await;
    let (shop, vendor) = listing(&app, "HTX Nước mắm Cái Rồng", "Quảng Ninh", "NM-1", 90_000, 100).await;
    let path = format!("/api/v1/shops/{shop}/vouchers");
    let res = app
        .post_json_as(
            &vendor,
            &path,
            &json!({"code": "x", "kind": "percent", "percent": 120, "ends_at": "mai", "per_user_limit": 0}),
        )
        .await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    for field in ["code", "title", "percent", "ends_at", "per_user_limit"] {
        assert!(body["error"]["fields"][field].is_string(), "{field}: {body}");
    }
    let good = json!({"code": "CAIRONG15", "title": "Nước mắm mùa cá", "kind": "fixed", "amount_vnd": 15_000,
        "min_order_vnd": 150_000, "per_user_limit": 1, "ends_at": in_days(5)});
    issue(&app, &vendor, &path, good.clone()).await;
    let clash = app.post_json_as(&vendor, &path, &good).await;
    assert_eq!(clash.status(), 409);
    assert_eq!(clash.json::<Value>().await.unwrap()["error"]["code"], "voucher_code_taken");
    // Only an admin issues the marketplace's.
    let res = app.post_json_as(&vendor, "/api/v1/admin/vouchers", &good).await;
    assert_eq!(res.status(), 403);

    let token = shopper(&app).await;
    add(&app, &token, "NM-1", &shop, 1).await;
    let (status, body) = checkout(&app, &token, None, &cod_with(&["KHONGCO"])).await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["fields"]["voucher_codes"], "Không có mã giảm giá KHONGCO");
    let (status, body) = checkout(&app, &token, None, &cod_with(&["CAIRONG15"])).await;
    assert_eq!(status, 422);
    let message = body["error"]["fields"]["voucher_codes"].as_str().unwrap();
    assert!(message.contains("150.000 ₫") && message.contains("60.000 ₫"), "{message}");
    assert!(order::Entity::find().all(&app.db).await.unwrap().is_empty());

    // The total the shopper saw is the total charged, or nothing is placed.
    add(&app, &token, "NM-1", &shop, 2).await;
    let mut body = cod_with(&["CAIRONG15"]);
    body["expected_total_vnd"] = json!(1);
    let (status, refused) = checkout(&app, &token, None, &body).await;
    assert_eq!(status, 409);
    assert_eq!(refused["error"]["code"], "price_changed");
    let (status, placed) = checkout(&app, &token, None, &cod_with(&["CAIRONG15"])).await;
    assert_eq!(status, 201, "{placed}");
    // Once per shopper.
    add(&app, &token, "NM-1", &shop, 2).await;
    let (status, again) = checkout(&app, &token, None, &cod_with(&["CAIRONG15"])).await;
    assert_eq!(status, 409);
    assert_eq!(again["error"]["message"], "Bạn đã dùng hết lượt của mã CAIRONG15");
}

#[tokio::test]
async fn saved_first_vouchers_first_orders_and_one_that_ran_out_meanwhile() {
    let app = spawn_app().await;
    let (shop, vendor) = listing(&app, "HTX Miến dong Bình Liêu", "Quảng Ninh", "MD-1", 80_000, 100).await;
    let path = format!("/api/v1/shops/{shop}/vouchers");
    issue(
        &app,
        &vendor,
        &path,
        json!({"code": "LUUMA", "title": "Lưu mã trên trang cửa hàng", "kind": "free_shipping",
        "claim_required": true, "ends_at": in_days(5)}),
    )
    .await;
    issue(
        &app,
        &vendor,
        &path,
        json!({"code": "DONDAU", "title": "Đơn đầu tiên", "kind": "fixed", "amount_vnd": 10_000,
        "new_shopper_only": true, "total_limit": 1, "ends_at": in_days(5)}),
    )
    .await;
    // The shop's page lists both; guests see them too.
    let shown: Value =
        app.client.get(app.url(&format!("/api/v1/vouchers?shop={shop}"))).send().await.unwrap().json().await.unwrap();
    assert_eq!(shown.as_array().unwrap().len(), 2, "{shown}");

    let (first, second) = (shopper(&app).await, shopper(&app).await);
    add(&app, &first, "MD-1", &shop, 1).await;
    let (status, body) = checkout(&app, &first, None, &cod_with(&["LUUMA"])).await;
    assert_eq!(status, 422);
    assert!(body["error"]["fields"]["voucher_codes"].as_str().unwrap().contains("Hãy lưu mã LUUMA"), "{body}");
    let offered: Value = app.get_as(&first, "/api/v1/cart/vouchers").await.json().await.unwrap();
    assert_eq!(offered["to_save"][0]["code"], "LUUMA", "{offered}");
    let saved = app.client.post(app.url("/api/v1/vouchers/luuma/claim")).bearer_auth(&first).send().await.unwrap();
    assert_eq!(saved.status(), 201);
    let again = app.client.post(app.url("/api/v1/vouchers/LUUMA/claim")).bearer_auth(&first).send().await.unwrap();
    assert_eq!(again.status(), 200);

    // Both shoppers see DONDAU (one use left); the second places first.
    add(&app, &second, "MD-1", &shop, 1).await;
    let offered: Value = app.get_as(&first, "/api/v1/cart/vouchers").await.json().await.unwrap();
    assert!(offered["best_codes"].as_array().unwrap().contains(&json!("DONDAU")), "{offered}");
    let (status, _) = checkout(&app, &second, None, &cod_with(&["DONDAU"])).await;
    assert_eq!(status, 201);
    let (status, refused) = checkout(&app, &first, None, &cod_with(&["LUUMA", "DONDAU"])).await;
    assert_eq!(status, 409, "{refused}");
    assert_eq!(refused["error"]["code"], "voucher_used_up");
    let cart: Value = app.get_as(&first, "/api/v1/cart").await.json().await.unwrap();
    assert_eq!(cart["groups"][0]["lines"][0]["quantity"], 1, "the cart is kept");
    let (status, placed) = checkout(&app, &first, None, &cod_with(&["LUUMA"])).await;
    assert_eq!(status, 201, "{placed}");
    assert_eq!(placed["discount_vnd"], placed["shipping_vnd"]);
    assert_eq!(placed["total_vnd"], placed["subtotal_vnd"]);
    // A first-order voucher is not for the second order.
    add(&app, &second, "MD-1", &shop, 1).await;
    issue(
        &app,
        &vendor,
        &path,
        json!({"code": "DONDAU2", "title": "Đơn đầu tiên", "kind": "fixed", "amount_vnd": 10_000,
        "new_shopper_only": true, "ends_at": in_days(5)}),
    )
    .await;
    let (status, body) = checkout(&app, &second, None, &cod_with(&["DONDAU2"])).await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["fields"]["voucher_codes"], "Mã DONDAU2 chỉ dành cho đơn hàng đầu tiên");
}

#[tokio::test]
async fn the_demo_issues_a_voucher_of_each_kind_once() {
    let app = spawn_app().await;
    ocop_demo::seed::demo(&app.db, app.state.media.as_ref()).await.unwrap();
    ocop_demo::seed::demo(&app.db, app.state.media.as_ref()).await.unwrap();
    let all = voucher::Entity::find().all(&app.db).await.unwrap();
    let mut codes: Vec<&str> = all.iter().map(|v| v.code.as_str()).collect();
    codes.sort_unstable();
    assert_eq!(codes, vec!["CHOOCOP10", "QUATETQN", "TRAHOAVANG"], "seeding again adds none");
    let shown: Value = app
        .client
        .get(app.url("/api/v1/vouchers?shop=htx-tra-hoa-vang-ba-che"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let shown: Vec<&str> = shown.as_array().unwrap().iter().map(|c| c["code"].as_str().unwrap()).collect();
    assert!(shown.contains(&"TRAHOAVANG") && shown.contains(&"QUATETQN"), "{shown:?}");
}

async fn wallet_uses(app: &TestApp, code: &str, user_id: i64) -> i32 {
    let v = voucher_row(app, code).await;
    ocop_promotions::entity::voucher_wallet::Entity::find_by_id((v.id, user_id))
        .one(&app.db)
        .await
        .unwrap()
        .map_or(0, |w| w.uses)
}

/// The shop order of `shop` in order `code`.
async fn part_of(app: &TestApp, token: &str, code: &str, shop: &str) -> i64 {
    let detail: Value = app.get_as(token, &format!("/api/v1/orders/{code}")).await.json().await.unwrap();
    detail["shop_orders"].as_array().unwrap().iter().find(|p| p["shop"] == shop).unwrap()["id"].as_i64().unwrap()
}

#[tokio::test]
async fn a_cancelled_order_gives_its_voucher_use_back_once() {
    let app = spawn_app().await;
    let (tea, _) = listing(&app, "HTX Trà Hoa Vàng", "Quảng Ninh", "THV-9", 120_000, 100).await;
    let (honey, _) = listing(&app, "HTX Mật Ong Bạc Hà", "Lào Cai", "MO-9", 90_000, 100).await;
    let (_, admin) = app.admin().await;
    let path = "/api/v1/admin/vouchers";
    issue(
        &app,
        &admin,
        path,
        json!({"code": "MOTLAN", "title": "Một lượt duy nhất", "kind": "fixed", "amount_vnd": 10_000,
        "total_limit": 1, "ends_at": in_days(5)}),
    )
    .await;
    let (lan, lan_token) = app.user("lan.huy@example.vn", Role::Shopper).await;
    let (_, minh_token) = app.user("minh.cho@example.vn", Role::Shopper).await;
    add(&app, &lan_token, "THV-9", &tea, 1).await;
    let (status, placed) = checkout(&app, &lan_token, None, &cod_with(&["MOTLAN"])).await;
    assert_eq!(status, 201, "{placed}");
    let code = placed["code"].as_str().unwrap().to_owned();
    add(&app, &minh_token, "THV-9", &tea, 1).await;
    let (status, body) = checkout(&app, &minh_token, None, &cod_with(&["MOTLAN"])).await;
    assert_eq!((status, body["error"]["code"].as_str()), (409, Some("voucher_used_up")), "{body}");

    // Lan cancels on her order's page: the use comes back to the voucher and to her.
    let client = app.signed_in(&lan.email).await;
    let part = part_of(&app, &lan_token, &code, &tea).await;
    let page = format!("/don-hang/{code}");
    let res = app.post_form(&client, &page, &format!("{page}/{part}/huy"), &[("reason", "Đặt nhầm")]).await;
    assert_eq!(res.status(), 303);
    assert_eq!(voucher_row(&app, "MOTLAN").await.used_count, 0);
    assert_eq!(wallet_uses(&app, "MOTLAN", lan.id).await, 0);
    let uses = voucher_use::Entity::find().all(&app.db).await.unwrap();
    assert!(uses.len() == 1 && uses[0].returned_at.is_some(), "the use row says so: {uses:?}");
    // Asked again (the order clock's sweep), nothing changes.
    assert_eq!(ocop_orders::jobs::give_back_vouchers(&app.db, chrono::Utc::now()).await.unwrap(), 0);
    assert_eq!(voucher_row(&app, "MOTLAN").await.used_count, 0);
    // So Minh gets it now.
    let (status, body) = checkout(&app, &minh_token, None, &cod_with(&["MOTLAN"])).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(voucher_row(&app, "MOTLAN").await.used_count, 1);

    // A voucher over two shops' goods comes back only when both parts are cancelled.
    issue(
        &app,
        &admin,
        path,
        json!({"code": "HAISHOP", "title": "Hai cửa hàng", "kind": "percent", "percent": 10,
        "total_limit": 5, "ends_at": in_days(5)}),
    )
    .await;
    let (hoa, hoa_token) = app.user("hoa.hai@example.vn", Role::Shopper).await;
    add(&app, &hoa_token, "THV-9", &tea, 1).await;
    add(&app, &hoa_token, "MO-9", &honey, 1).await;
    let (status, placed) = checkout(&app, &hoa_token, None, &cod_with(&["HAISHOP"])).await;
    assert_eq!(status, 201, "{placed}");
    let code = placed["code"].as_str().unwrap().to_owned();
    let hoa_client = app.signed_in(&hoa.email).await;
    let page = format!("/don-hang/{code}");
    for (shop, left) in [(&tea, 1), (&honey, 0)] {
        let part = part_of(&app, &hoa_token, &code, shop).await;
        let res = app.post_form(&hoa_client, &page, &format!("{page}/{part}/huy"), &[("reason", "")]).await;
        assert_eq!(res.status(), 303);
        assert_eq!(voucher_row(&app, "HAISHOP").await.used_count, left, "after cancelling {shop}");
    }
    assert_eq!(wallet_uses(&app, "HAISHOP", hoa.id).await, 0);

    // An order cancelled without giving back (before this existed): the order clock's
    // sweep gives it back, once.
    let minh_order = order::Entity::find().order_by_desc(order::Column::Id).all(&app.db).await.unwrap();
    let minhs = minh_order.iter().find(|o| o.code != code).unwrap();
    app.db
        .execute_raw(Statement::from_sql_and_values(
            app.db.get_database_backend(),
            "UPDATE shop_orders SET status = 'cancelled' WHERE order_id = $1",
            [minhs.id.into()],
        ))
        .await
        .unwrap();
    assert_eq!(ocop_orders::jobs::give_back_vouchers(&app.db, chrono::Utc::now()).await.unwrap(), 1);
    assert_eq!(ocop_orders::jobs::give_back_vouchers(&app.db, chrono::Utc::now()).await.unwrap(), 0);
    assert_eq!(voucher_row(&app, "MOTLAN").await.used_count, 0);
}
