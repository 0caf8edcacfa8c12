//! Fairs: booth limits that hold under racing acceptances, invitations, organisers' rights,
//! fair prices that apply only while the fair runs and only through it, orders and booth
//! sales tagged with their fair, and visits counted once per visitor and day.

use chrono::{Duration, Utc};
use ocop_fairs::entity::{fair, fair_visit};
use ocop_orders::entity::shop_order;
use ocop_pos::entity::pos_sale;
use ocop_tests::fixtures::{PASSWORD, product, vn_field};
use ocop_tests::{TestApp, spawn_app};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use serde_json::{Value, json};

/// A Vietnam wall-clock time `hours` from now, as the organiser's form writes it.
fn vn(hours: i64) -> String {
    vn_field(Duration::hours(hours))
}

/// Creates a fair through the API; returns its slug and id.
pub(crate) async fn create_fair(
    app: &TestApp,
    token: &str,
    name: &str,
    limit: i64,
    from_h: i64,
    to_h: i64,
) -> (String, i64) {
    let res = app
        .post_json_as(
            token,
            "/api/v1/fairs",
            &json!({"name": name, "venue_kind": "both", "venue": "Cung Triển lãm Quy hoạch Quảng Ninh",
                "host_province": "Quảng Ninh", "invited_provinces": "Hà Nội, Lạng Sơn",
                "starts_at": vn(from_h), "ends_at": vn(to_h), "booth_limit": limit}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let body: Value = res.json().await.unwrap();
    (body["slug"].as_str().unwrap().to_owned(), body["id"].as_i64().unwrap())
}

pub(crate) async fn apply(app: &TestApp, token: &str, slug: &str, shop: &str) -> reqwest::Response {
    app.post_json_as(token, &format!("/api/v1/fairs/{slug}/booths"), &json!({"shop": shop, "note": "Xin một gian"}))
        .await
}

pub(crate) async fn decide(app: &TestApp, token: &str, slug: &str, id: i64, body: Value) -> reqwest::Response {
    app.post_json_as(token, &format!("/api/v1/fairs/{slug}/booths/{id}/decision"), &body).await
}

pub(crate) async fn put_price(app: &TestApp, token: &str, slug: &str, body: Value) -> reqwest::Response {
    app.client
        .put(app.url(&format!("/api/v1/fairs/{slug}/prices")))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_booth_limit_holds_when_organisers_accept_at_once_and_only_invited_shops_apply() {
    let app = spawn_app().await;
    let (_, admin) = app.admin().await;
    let (slug, _) = create_fair(&app, &admin, "Hội chợ OCOP Hạ Long mùa thu", 3, 1, 72).await;

    let mut booth_ids = Vec::new();
    for i in 0..5 {
        let province = if i % 2 == 0 { "Quảng Ninh" } else { "Hà Nội" };
        let (shop, _, token) = app.shop(&format!("HTX Đặc sản số {i}"), province).await;
        let res = apply(&app, &token, &slug, &shop).await;
        assert_eq!(res.status(), 201);
        booth_ids.push(res.json::<Value>().await.unwrap()["id"].as_i64().unwrap());
        if i == 0 {
            let again = apply(&app, &token, &slug, &shop).await;
            assert_eq!(again.status(), 409);
            assert_eq!(again.json::<Value>().await.unwrap()["error"]["code"], "already_applied");
        }
    }
    let (outsider, _, outsider_token) = app.shop("Cơ sở Gạo ST25", "Sóc Trăng").await;
    let res = apply(&app, &outsider_token, &slug, &outsider).await;
    assert_eq!(res.status(), 409);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "not_invited");
    assert!(body["error"]["message"].as_str().unwrap().contains("Quảng Ninh, Hà Nội, Lạng Sơn"), "{body}");

    // Outside the grid, and a coordinator of another province: refused.
    let res = decide(&app, &admin, &slug, booth_ids[0], json!({"accept": true, "booth_number": 4})).await;
    assert_eq!(res.status(), 422);
    assert!(res.json::<Value>().await.unwrap()["error"]["fields"]["booth_number"].is_string());
    let (_, other_coordinator) = app.coordinator_of("Hà Nội").await;
    let res = decide(&app, &other_coordinator, &slug, booth_ids[0], json!({"accept": true})).await;
    assert_eq!(res.status(), 403);

    // Five acceptances at once for three places: three booths, numbered 1..3, two refusals.
    let (_, host_coordinator) = app.coordinator_of("Quảng Ninh").await;
    let accept = |id: i64| decide(&app, &host_coordinator, &slug, id, json!({"accept": true}));
    let (a, b, c, d, e) = tokio::join!(
        accept(booth_ids[0]),
        accept(booth_ids[1]),
        accept(booth_ids[2]),
        accept(booth_ids[3]),
        accept(booth_ids[4])
    );
    let mut numbers = Vec::new();
    let mut full = 0;
    for res in [a, b, c, d, e] {
        match res.status().as_u16() {
            200 => numbers.push(res.json::<Value>().await.unwrap()["booth_number"].as_i64().unwrap()),
            409 => {
                assert_eq!(res.json::<Value>().await.unwrap()["error"]["code"], "fair_full");
                full += 1;
            }
            other => panic!("unexpected {other}"),
        }
    }
    numbers.sort_unstable();
    assert_eq!((numbers, full), (vec![1, 2, 3], 2));

    // A taken number names the field; the public fair lists three booths by number.
    let waiting = ocop_fairs::entity::fair_booth::Entity::find()
        .filter(ocop_fairs::entity::fair_booth::Column::Status.eq("pending"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let res = decide(&app, &admin, &slug, waiting.id, json!({"accept": true, "booth_number": 2})).await;
    assert_eq!(res.status(), 409);
    let body: Value = res.json().await.unwrap();
    assert_eq!(
        (body["error"]["code"].as_str(), body["error"]["fields"]["booth_number"].is_string()),
        (Some("booth_taken"), true)
    );
    let public: Value = app.get(&format!("/api/v1/fairs/{slug}")).await.json().await.unwrap();
    let listed: Vec<i64> =
        public["booths"].as_array().unwrap().iter().map(|b| b["booth_number"].as_i64().unwrap()).collect();
    assert_eq!(listed, [1, 2, 3]);
    assert_eq!(public["accepted"], 3);
    let page = app.get(&format!("/hoi-cho/{slug}")).await.text().await.unwrap();
    assert_eq!(page.matches("booth-cell booth-taken").count(), 3, "three taken cells on the map");
}

#[tokio::test]
async fn bad_fairs_are_refused_naming_each_field_and_only_organisers_create_them() {
    let app = spawn_app().await;
    let (_, admin) = app.admin().await;
    let res = app
        .post_json_as(
            &admin,
            "/api/v1/fairs",
            &json!({"name": "HC", "venue_kind": "boat", "host_province": "Atlantis", "starts_at": vn(48),
                "ends_at": vn(24), "booth_limit": 0, "invited_provinces": "Narnia"}),
        )
        .await;
    assert_eq!(res.status(), 422);
    let fields = &res.json::<Value>().await.unwrap()["error"]["fields"];
    for field in ["name", "venue_kind", "host_province", "ends_at", "booth_limit", "invited_provinces"] {
        assert!(fields[field].is_string(), "{field} not named: {fields}");
    }
    let (_, _, vendor) = app.shop("HTX Chè Đường Hoa", "Quảng Ninh").await;
    let body = json!({"name": "Hội chợ của người bán", "venue_kind": "online", "host_province": "Quảng Ninh",
        "starts_at": vn(1), "ends_at": vn(5), "booth_limit": 10});
    assert_eq!(app.post_json_as(&vendor, "/api/v1/fairs", &body).await.status(), 403);
    let (_, hanoi) = app.coordinator_of("Hà Nội").await;
    assert_eq!(app.post_json_as(&hanoi, "/api/v1/fairs", &body).await.status(), 403, "not their province");
    let (_, quang_ninh) = app.coordinator_of("Quảng Ninh").await;
    assert_eq!(app.post_json_as(&quang_ninh, "/api/v1/fairs", &body).await.status(), 201);
}

#[tokio::test]
async fn fair_prices_apply_only_through_the_fair_and_only_while_it_runs() {
    let app = spawn_app().await;
    let (_, admin) = app.admin().await;
    let (slug, fair_id) = create_fair(&app, &admin, "Hội chợ OCOP Quảng Ninh đông", 10, -1, 48).await;
    let home = app.get("/").await.text().await.unwrap();
    assert!(home.contains("home-fairs") && home.contains(&format!("/hoi-cho/{slug}")), "the home page shows it");
    let (shop, vendor, vendor_token) = app.shop("HTX Chả mực Hạ Long", "Quảng Ninh").await;
    app.live_product(&vendor, &shop, &product("Chả mực Hạ Long", "CM-1", 100_000, 50)).await;
    app.live_product(&vendor, &shop, &product("Sá sùng Vân Đồn", "SS-1", 300_000, 50)).await;

    // No booth yet: no fair price, and buying "through" the fair is refused.
    let price = json!({"shop": shop, "sku": "CM-1", "price_vnd": 80_000});
    let res = put_price(&app, &vendor_token, &slug, price.clone()).await;
    assert_eq!(res.status(), 409);
    assert_eq!(res.json::<Value>().await.unwrap()["error"]["code"], "no_booth");
    let res = apply(&app, &vendor_token, &slug, &shop).await;
    let booth = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    assert_eq!(decide(&app, &admin, &slug, booth, json!({"accept": true, "booth_number": 7})).await.status(), 200);

    // A fair price is a discount.
    let res = put_price(&app, &vendor_token, &slug, json!({"shop": shop, "sku": "CM-1", "price_vnd": 100_000})).await;
    assert_eq!(res.status(), 422);
    assert!(res.json::<Value>().await.unwrap()["error"]["fields"]["price_vnd"].is_string());
    assert_eq!(put_price(&app, &vendor_token, &slug, price).await.status(), 204);
    let (_, _, stranger) = app.shop("HTX Khác", "Quảng Ninh").await;
    let res = put_price(&app, &stranger, &slug, json!({"shop": shop, "sku": "CM-1", "price_vnd": 1_000})).await;
    assert_eq!(res.status(), 403);

    // Through the fair: the fair price; outside it: the usual one.
    let (_, shopper) = app.user("khach-hoi-cho@example.vn", ocop_accounts::Role::Shopper).await;
    let res = app
        .post_json_as(&shopper, "/api/v1/cart/items", &json!({"sku": "CM-1", "quantity": 2, "fair_id": fair_id}))
        .await;
    assert_eq!(res.status(), 201);
    let res = app.post_json_as(&shopper, "/api/v1/cart/items", &json!({"sku": "SS-1", "quantity": 1})).await;
    let cart: Value = res.json().await.unwrap();
    let lines = cart["groups"][0]["lines"].as_array().unwrap();
    let line = |sku: &str| lines.iter().find(|l| l["sku"] == sku).unwrap().clone();
    assert_eq!(
        (line("CM-1")["unit_price_vnd"].as_i64(), line("CM-1")["regular_price_vnd"].as_i64()),
        (Some(80_000), Some(100_000))
    );
    assert_eq!(line("CM-1")["fair_id"], fair_id);
    assert_eq!((line("SS-1")["unit_price_vnd"].as_i64(), line("SS-1")["fair_id"].is_null()), (Some(300_000), true));
    assert_eq!(cart["subtotal_vnd"], 460_000);
    let checkout = json!({"payment_method": "cod", "shipping": {"recipient": "Trần Văn Minh", "phone": "0912345678",
        "province": "Quảng Ninh", "commune": "Phường Hạ Long", "street": "12 Lê Thánh Tông"}});
    let res = app.client.post(app.url("/api/v1/checkout")).bearer_auth(&shopper).json(&checkout).send().await.unwrap();
    assert_eq!(res.status(), 201);
    let order: Value = res.json().await.unwrap();
    assert_eq!(order["subtotal_vnd"], 460_000);
    let part = shop_order::Entity::find().one(&app.db).await.unwrap().unwrap();
    assert_eq!(part.fair_id, Some(fair_id), "the shop order is tagged with the fair");
    let code = order["code"].as_str().unwrap();
    let detail: Value = app.get_as(&shopper, &format!("/api/v1/orders/{code}")).await.json().await.unwrap();
    assert_eq!(detail["shop_orders"][0]["fair"]["name"], "Hội chợ OCOP Quảng Ninh đông", "{detail}");
    let browser = app.new_client();
    let login = [("email", "khach-hoi-cho@example.vn"), ("password", PASSWORD)];
    assert_eq!(app.post_form(&browser, "/dang-nhap", "/dang-nhap", &login).await.status(), 303);
    let page = browser.get(app.url(&format!("/don-hang/{code}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Mua qua") && page.contains(&format!("/hoi-cho/{slug}")), "the order page names the fair");

    // A booth sale during the fair: the fair price, tagged, placed at booth 7.
    let sale = json!({"client_sale_id": "fair-booth-sale-01", "fair": slug, "payment_method": "vietqr",
        "lines": [{"sku": "CM-1", "quantity": 1}]});
    let mut receipts = Vec::new();
    for expected in [201, 200, 200] {
        let res = app.post_json_as(&vendor_token, "/api/v1/pos/sales", &sale).await;
        assert_eq!(res.status(), expected, "sent three times: recorded once");
        receipts.push(res.json::<Value>().await.unwrap());
    }
    assert!(receipts.iter().all(|r| r["receipt_code"] == receipts[0]["receipt_code"]));
    assert_eq!((receipts[0]["total_vnd"].as_i64(), receipts[0]["fair_id"].as_i64()), (Some(80_000), Some(fair_id)));
    assert_eq!(receipts[0]["place"], "Gian 7 · Hội chợ OCOP Quảng Ninh đông");
    assert_eq!(pos_sale::Entity::find().count(&app.db).await.unwrap(), 1);
    // The ledger takes it once and says where it was sold.
    let commission = ocop_payments::sync::Commission::parse(500, "").unwrap();
    ocop_payments::sync::run(&app.db, &commission).await.unwrap();
    let sale_id = receipts[0]["id"].as_i64().unwrap();
    let entries = ocop_payments::entity::ledger_entry::Entity::find()
        .filter(ocop_payments::entity::ledger_entry::Column::Posting.eq(format!("pos:{sale_id}")))
        .all(&app.db)
        .await
        .unwrap();
    assert!(!entries.is_empty() && entries.iter().all(|e| e.memo.contains("Gian 7 · Hội chợ OCOP Quảng Ninh đông")));

    // The fair closes: the cart line goes back to the usual price (shown as changed) and a
    // new order is not tagged; a booth sale for the fair is refused.
    app.post_json_as(&shopper, "/api/v1/cart/items", &json!({"sku": "CM-1", "quantity": 1, "fair_id": fair_id})).await;
    let row = fair::Entity::find_by_id(fair_id).one(&app.db).await.unwrap().unwrap();
    let mut closing: fair::ActiveModel = row.into();
    closing.ends_at = Set(Utc::now() - Duration::minutes(1));
    closing.update(&app.db).await.unwrap();
    let cart: Value = app.get_as(&shopper, "/api/v1/cart").await.json().await.unwrap();
    let line = &cart["groups"][0]["lines"][0];
    assert_eq!((line["unit_price_vnd"].as_i64(), line["price_was_vnd"].as_i64()), (Some(100_000), Some(80_000)));
    assert!(line["fair_id"].is_null());
    let res = app.client.post(app.url("/api/v1/checkout")).bearer_auth(&shopper).json(&checkout).send().await.unwrap();
    assert_eq!(res.status(), 409, "the price moved since it was seen");
    let res = app.client.post(app.url("/api/v1/checkout")).bearer_auth(&shopper).json(&checkout).send().await.unwrap();
    assert_eq!(res.status(), 201);
    assert_eq!(res.json::<Value>().await.unwrap()["subtotal_vnd"], 100_000);
    let untagged =
        shop_order::Entity::find().filter(shop_order::Column::FairId.is_null()).count(&app.db).await.unwrap();
    assert_eq!(untagged, 1);
    let late = json!({"client_sale_id": "fair-booth-sale-02", "fair": slug, "payment_method": "cash",
        "lines": [{"sku": "CM-1", "quantity": 1}]});
    let res = app.post_json_as(&vendor_token, "/api/v1/pos/sales", &late).await;
    assert_eq!(res.status(), 409);
    assert_eq!(res.json::<Value>().await.unwrap()["error"]["code"], "fair_not_live");
    let res = app
        .post_json_as(&shopper, "/api/v1/cart/items", &json!({"sku": "SS-1", "quantity": 1, "fair_id": fair_id}))
        .await;
    assert_eq!(res.status(), 409, "no buying through a closed fair");
}

#[tokio::test]
async fn an_upcoming_fair_sells_nothing_yet_and_visits_count_once_per_visitor_and_day() {
    let app = spawn_app().await;
    let (_, admin) = app.admin().await;
    let (slug, fair_id) = create_fair(&app, &admin, "Hội chợ Tết Quảng Ninh", 20, 24, 96).await;
    let (shop, vendor, token) = app.shop("HTX Bánh gật gù Tiên Yên", "Quảng Ninh").await;
    app.live_product(&vendor, &shop, &product("Bánh gật gù", "BGG-1", 50_000, 30)).await;
    let id = apply(&app, &token, &slug, &shop).await.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    decide(&app, &admin, &slug, id, json!({"accept": true})).await;
    assert_eq!(
        put_price(&app, &token, &slug, json!({"shop": shop, "sku": "BGG-1", "price_vnd": 45_000})).await.status(),
        204
    );
    let (_, shopper) = app.user("som@example.vn", ocop_accounts::Role::Shopper).await;
    let res = app
        .post_json_as(&shopper, "/api/v1/cart/items", &json!({"sku": "BGG-1", "quantity": 1, "fair_id": fair_id}))
        .await;
    assert_eq!(res.status(), 409);
    assert_eq!(res.json::<Value>().await.unwrap()["error"]["code"], "fair_not_live");

    // The page says when it opens and lists nothing to buy yet.
    let page = app.get(&format!("/hoi-cho/{slug}")).await.text().await.unwrap();
    assert!(page.contains("Khai mạc sau"), "countdown to the opening");
    assert!(!page.contains("fair-add-BGG-1"));

    // Two looks from one browser are one visit; another browser is another; a booth page
    // counts for its booth; a crawler is nobody.
    let one = app.new_client();
    for _ in 0..2 {
        one.get(app.url(&format!("/hoi-cho/{slug}"))).send().await.unwrap();
    }
    app.new_client().get(app.url(&format!("/hoi-cho/{slug}"))).send().await.unwrap();
    one.get(app.url(&format!("/hoi-cho/{slug}/gian/1"))).send().await.unwrap();
    app.new_client()
        .get(app.url(&format!("/hoi-cho/{slug}")))
        .header("user-agent", "Googlebot/2.1")
        .send()
        .await
        .unwrap();
    let visits = fair_visit::Entity::find().filter(fair_visit::Column::FairId.eq(fair_id)).all(&app.db).await.unwrap();
    let page_visits = visits.iter().filter(|v| v.booth_id == 0).count();
    // The shared test client's first look above counted too.
    assert_eq!(page_visits, 3);
    assert_eq!(visits.iter().filter(|v| v.booth_id == id).count(), 1);
}

#[tokio::test]
async fn a_fair_held_only_at_its_venue_sells_at_the_booth_not_online() {
    let app = spawn_app().await;
    let (_, admin) = app.admin().await;
    let res = app
        .post_json_as(
            &admin,
            "/api/v1/fairs",
            &json!({"name": "Phiên chợ OCOP Vân Đồn", "venue_kind": "place", "venue": "Cảng hàng không Vân Đồn",
                "host_province": "Quảng Ninh", "starts_at": vn(-1), "ends_at": vn(24), "booth_limit": 6}),
        )
        .await;
    let fair: Value = res.json().await.unwrap();
    let (slug, fair_id) = (fair["slug"].as_str().unwrap().to_owned(), fair["id"].as_i64().unwrap());
    let (shop, vendor, token) = app.shop("HTX Sá sùng Vân Đồn", "Quảng Ninh").await;
    app.live_product(&vendor, &shop, &product("Sá sùng khô Vân Đồn", "SS-100", 500_000, 10)).await;
    let id = apply(&app, &token, &slug, &shop).await.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    decide(&app, &admin, &slug, id, json!({"accept": true})).await;
    put_price(&app, &token, &slug, json!({"shop": shop, "sku": "SS-100", "price_vnd": 450_000})).await;

    let (_, shopper) = app.user("khach-vd@example.vn", ocop_accounts::Role::Shopper).await;
    let res = app
        .post_json_as(&shopper, "/api/v1/cart/items", &json!({"sku": "SS-100", "quantity": 1, "fair_id": fair_id}))
        .await;
    assert_eq!(res.status(), 409);
    assert_eq!(res.json::<Value>().await.unwrap()["error"]["code"], "fair_not_online");
    let page = app.get(&format!("/hoi-cho/{slug}/gian/1")).await.text().await.unwrap();
    assert!(page.contains("450.000 ₫") && !page.contains("fair-add-SS-100"), "prices shown, no online buying");
    assert!(page.contains("chỉ bán tại địa điểm"), "and the page says why");
    let sale = json!({"client_sale_id": "van-don-sale-0001", "fair": slug, "payment_method": "cash",
        "lines": [{"sku": "SS-100", "quantity": 1}]});
    let res = app.post_json_as(&token, "/api/v1/pos/sales", &sale).await;
    assert_eq!(res.status(), 201);
    assert_eq!(res.json::<Value>().await.unwrap()["total_vnd"], 450_000);
}

#[tokio::test]
async fn an_organiser_edits_a_fair_but_not_below_the_booths_already_given() {
    let app = spawn_app().await;
    let (_, admin) = app.admin().await;
    let (slug, _) = create_fair(&app, &admin, "Hội chợ OCOP Móng Cái", 10, 24, 72).await;
    let (shop, _, token) = app.shop("HTX Bánh gai Móng Cái", "Quảng Ninh").await;
    let id = apply(&app, &token, &slug, &shop).await.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    decide(&app, &admin, &slug, id, json!({"accept": true, "booth_number": 9})).await;
    let put = |body: Value| {
        let (app, admin, slug) = (&app, &admin, &slug);
        async move {
            app.client
                .put(app.url(&format!("/api/v1/fairs/{slug}")))
                .bearer_auth(admin)
                .json(&body)
                .send()
                .await
                .unwrap()
        }
    };
    let mut body = json!({"name": "Hội chợ OCOP Móng Cái mở rộng", "venue_kind": "both", "venue": "Quảng trường Móng Cái",
        "host_province": "Quảng Ninh", "invited_provinces": "Lạng Sơn", "starts_at": vn(24), "ends_at": vn(96),
        "booth_limit": 8});
    let res = put(body.clone()).await;
    assert_eq!(res.status(), 422);
    assert!(
        res.json::<Value>().await.unwrap()["error"]["fields"]["booth_limit"].as_str().unwrap().contains("Gian số 9")
    );
    body["booth_limit"] = json!(40);
    let res = put(body).await;
    assert_eq!(res.status(), 200);
    let fair: Value = res.json().await.unwrap();
    assert_eq!(
        (fair["slug"].as_str(), fair["booth_limit"].as_i64()),
        (Some(slug.as_str()), Some(40)),
        "the slug stays"
    );
    assert_eq!(fair["name"], "Hội chợ OCOP Móng Cái mở rộng");
    assert_eq!(fair["guests"], json!(["Lạng Sơn"]));
    let (_, vendor_token) = (shop, token);
    let res = app
        .client
        .put(app.url(&format!("/api/v1/fairs/{slug}")))
        .bearer_auth(&vendor_token)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
}

#[tokio::test]
async fn a_campaign_gathers_the_shops_that_join_at_campaign_prices_with_a_countdown_on_the_home_page() {
    let app = spawn_app().await;
    let (_, admin) = app.admin().await;
    let res = app
        .post_json_as(
            &admin,
            "/api/v1/fairs",
            &json!({"name": "Quà Tết OCOP Quảng Ninh", "venue_kind": "campaign", "venue": "không dùng",
                "host_province": "Quảng Ninh", "starts_at": vn(-1), "ends_at": vn(24 * 20), "booth_limit": 200}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let body: Value = res.json().await.unwrap();
    let (slug, campaign_id) = (body["slug"].as_str().unwrap().to_owned(), body["id"].as_i64().unwrap());
    assert_eq!((body["venue_kind"].as_str(), body["venue"].as_str()), (Some("campaign"), Some("")), "online only");

    let (shop, vendor, vendor_token) = app.shop("HTX Trà Hoa Vàng Ba Chẽ", "Quảng Ninh").await;
    app.live_product(&vendor, &shop, &product("Trà hoa vàng Ba Chẽ", "THV-T", 200_000, 30)).await;
    let booth = apply(&app, &vendor_token, &slug, &shop).await.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    assert_eq!(decide(&app, &admin, &slug, booth, json!({"accept": true})).await.status(), 200);
    let price = json!({"shop": shop, "sku": "THV-T", "price_vnd": 160_000});
    assert_eq!(put_price(&app, &vendor_token, &slug, price).await.status(), 204);

    // The home page's banner: the campaign, its countdown, the shops taking part.
    let home = app.get("/").await.text().await.unwrap().replace("&#x2F;", "/");
    let banner = &home[home.find("data-testid=\"home-fairs\"").expect("a banner")..];
    let banner = &banner[..banner.find("</section>").unwrap()];
    for said in ["Chiến dịch", "Quà Tết OCOP Quảng Ninh", "Kết thúc sau", "data-countdown=", "1 cửa hàng tham gia"]
    {
        assert!(banner.contains(said), "{said}: {banner}");
    }
    assert!(banner.contains(&format!("/hoi-cho/{slug}")));

    // Its page gathers the shops at campaign prices; no booth map, no booth QR.
    let page = app.get(&format!("/hoi-cho/{slug}")).await.text().await.unwrap();
    for said in ["Giá chiến dịch", "Cửa hàng tham gia (1)", "HTX Trà Hoa Vàng Ba Chẽ", "160.000 ₫", "Kết thúc sau"]
    {
        assert!(page.contains(said), "{said}");
    }
    assert!(!page.contains("booth-map"), "a campaign has no booth map");
    let shop_page = app.get(&format!("/hoi-cho/{slug}/gian/1")).await.text().await.unwrap();
    assert!(shop_page.contains("HTX Trà Hoa Vàng Ba Chẽ") && !shop_page.contains("fair-qr"));

    // Bought through the campaign: the campaign price, and the order says so.
    let (_, shopper) = app.user("khach-tet@example.vn", ocop_accounts::Role::Shopper).await;
    let res = app
        .post_json_as(&shopper, "/api/v1/cart/items", &json!({"sku": "THV-T", "quantity": 1, "fair_id": campaign_id}))
        .await;
    assert_eq!(res.status(), 201);
    let cart: Value = res.json().await.unwrap();
    assert_eq!(cart["groups"][0]["lines"][0]["unit_price_vnd"], 160_000);
    let checkout = json!({"payment_method": "cod", "shipping": {"recipient": "Trần Văn Minh", "phone": "0912345678",
        "province": "Quảng Ninh", "commune": "Phường Hạ Long", "street": "12 Lê Thánh Tông"}});
    let res = app.client.post(app.url("/api/v1/checkout")).bearer_auth(&shopper).json(&checkout).send().await.unwrap();
    assert_eq!(res.status(), 201);
    let part = shop_order::Entity::find().one(&app.db).await.unwrap().unwrap();
    assert_eq!((part.fair_id, part.subtotal_vnd), (Some(campaign_id), 160_000));
}
