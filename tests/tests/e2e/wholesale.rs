//! The supply–demand board: requests checked field by field, the shops that fit told (and
//! only those), offer prices kept to the buyer, the shop and admins, two accepts racing
//! making exactly one match, the deadline expiring a request, and the pages around it.

use ocop_accounts::{Role, User};
use ocop_orders::entity::{mail, notification};
use ocop_tests::fixtures::{PASSWORD, product};
use ocop_tests::{TestApp, spawn_app};
use ocop_wholesale::entity::{notified, offer, request};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::{Value, json};

/// A verified shop in `province` with one live product in `group`; returns (slug, vendor, token).
async fn seller(app: &TestApp, name: &str, province: &str, group: &str) -> (String, User, String) {
    let (slug, vendor, token) = app.shop(name, province).await;
    let mut input = product(&format!("{name} đặc sản"), &format!("SKU-{}", uuid::Uuid::new_v4().simple()), 50_000, 100);
    input.category = group.into();
    app.live_product(&vendor, &slug, &input).await;
    (slug, vendor, token)
}

fn in_days(days: i64) -> String {
    (ocop_wholesale::today_vn() + chrono::Duration::days(days)).format("%Y-%m-%d").to_string()
}

fn rice() -> Value {
    json!({
        "organisation": "Chuỗi siêu thị Hà Nội Xanh",
        "buyer_kind": "supermarket",
        "product": "Gạo ST25 đóng túi 5 kg",
        "category": "Thực phẩm",
        "quantity": 500,
        "unit": "kg",
        "province": "TP Hà Nội",
        "deadline": in_days(20),
        "budget_vnd": "15.000.000 ₫",
        "note": "Giao về kho Long Biên"
    })
}

async fn buyer(app: &TestApp) -> (User, String) {
    app.user(&format!("thumua-{}@example.vn", uuid::Uuid::new_v4().simple()), Role::Shopper).await
}

async fn post_request(app: &TestApp, token: &str, body: &Value) -> Value {
    let res = app.post_json_as(token, "/api/v1/wholesale-requests", body).await;
    let status = res.status();
    let body: Value = res.json().await.unwrap();
    assert_eq!(status, 201, "{body}");
    body
}

async fn offer_as(app: &TestApp, token: &str, id: i64, price: i64, quantity: i64) -> reqwest::Response {
    app.post_json_as(
        token,
        &format!("/api/v1/wholesale-requests/{id}/offers"),
        &json!({"price_per_unit_vnd": price, "quantity": quantity, "lead_time_days": 5, "message": "Gạo vụ mới"}),
    )
    .await
}

async fn bell(app: &TestApp, user: i64) -> Vec<notification::Model> {
    notification::Entity::find().filter(notification::Column::UserId.eq(user)).all(&app.db).await.unwrap()
}

async fn get_as(app: &TestApp, token: Option<&str>, path: &str) -> reqwest::Response {
    let mut req = app.client.get(app.url(path));
    if let Some(token) = token {
        req = req.bearer_auth(token);
    }
    req.send().await.unwrap()
}

#[tokio::test]
async fn a_request_with_bad_fields_names_each_of_them() {
    let app = spawn_app().await;
    let (_, token) = buyer(&app).await;
    let anonymous = app.post_json("/api/v1/wholesale-requests", &rice()).await;
    assert_eq!(anonymous.status(), 401);

    let bad = json!({
        "organisation": "", "buyer_kind": "bank", "product": "Gạo", "category": "điện tử", "quantity": 0,
        "unit": "con", "province": "Atlantis", "deadline": in_days(0), "budget_vnd": "12,5"
    });
    let res = app.post_json_as(&token, "/api/v1/wholesale-requests", &bad).await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "invalid_input");
    for field in ["organisation", "buyer_kind", "category", "quantity", "unit", "province", "deadline", "budget_vnd"] {
        assert!(body["error"]["fields"][field].is_string(), "{field} not named: {body}");
    }
    assert_eq!(body["error"]["fields"]["deadline"], "Hạn nhận báo giá phải sau hôm nay");
    assert!(body["error"]["fields"].get("product").is_none(), "a good field is not blamed");

    let wrong_type =
        app.post_json_as(&token, "/api/v1/wholesale-requests", &json!({"organisation": "X", "quantity": true})).await;
    assert_eq!(wrong_type.status(), 422);
    let body: Value = wrong_type.json().await.unwrap();
    assert!(body["error"]["fields"]["quantity"].is_string(), "{body}");
    let malformed = app
        .client
        .post(app.url("/api/v1/wholesale-requests"))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body("{")
        .send()
        .await
        .unwrap();
    assert_eq!(malformed.status(), 400);
    assert_eq!(app.get("/api/v1/wholesale-requests?status=done").await.status(), 422);
    assert_eq!(app.get("/api/v1/wholesale-requests/999999").await.status(), 404);
    assert_eq!(app.get("/api/v1/wholesale-requests/abc").await.status(), 400);

    let ok = post_request(&app, &token, &rice()).await;
    assert_eq!(ok["request"]["province_code"], "ha-noi");
    assert_eq!(ok["request"]["province_input"], "TP Hà Nội", "kept as typed");
    let mut former = rice();
    former["province"] = json!("quang nam");
    let ok = post_request(&app, &token, &former).await;
    assert_eq!(ok["request"]["province_code"], "da-nang", "a former province name maps to its current one");
    assert_eq!(ok["request"]["budget_vnd"], 15_000_000);
    assert_eq!(ok["request"]["category"], "thuc-pham");
    assert_eq!(ok["status"], "open");
}

#[tokio::test]
async fn the_shops_that_fit_are_told_same_province_first_and_no_others() {
    let app = spawn_app().await;
    let (hn, hn_vendor, _) = seller(&app, "HTX Gạo sạch Sóc Sơn", "Hà Nội", "thuc-pham").await;
    let (qn, qn_vendor, _) = seller(&app, "HTX Miến dong Bình Liêu", "Quảng Ninh", "thuc-pham").await;
    let (dn, dn_vendor, _) = seller(&app, "Cơ sở Nước mắm Nam Ô", "Đà Nẵng", "thuc-pham").await;
    let (_, tea_vendor, _) = seller(&app, "HTX Chè Tân Cương", "Hà Nội", "do-uong").await;
    let (away, away_vendor, _) = seller(&app, "Cơ sở Giò chả Ước Lễ", "Hà Nội", "thuc-pham").await;
    // Đà Nẵng delivers only at home; the Ước Lễ shop is on vacation; the tea shop sells drinks.
    let dn_shop = ocop_catalog::shops::by_slug(&app.db, &dn).await.unwrap();
    let rates = ocop_orders::shipping::Rates { provinces: vec!["da-nang".into()], ..Default::default() };
    ocop_orders::shipping::save(&app.db, dn_shop.id, &rates).await.unwrap();
    ocop_catalog::shops::set_vacation(&app.db, &away_vendor, &away, true).await.unwrap();
    let (_, token) = buyer(&app).await;

    let posted = post_request(&app, &token, &rice()).await;
    let id = posted["request"]["id"].as_i64().unwrap();
    assert_eq!(posted["request"]["notified_shops"], 2);
    let ranks: Vec<(i64, i32)> = notified::Entity::find()
        .filter(notified::Column::RequestId.eq(id))
        .order_by_asc(notified::Column::Rank)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|n| (n.shop_id, n.rank))
        .collect();
    let hn_id = ocop_catalog::shops::by_slug(&app.db, &hn).await.unwrap().id;
    let qn_id = ocop_catalog::shops::by_slug(&app.db, &qn).await.unwrap().id;
    assert_eq!(ranks, vec![(hn_id, 1), (qn_id, 2)], "the Hà Nội shop first, then the one delivering nationwide");

    let told = bell(&app, hn_vendor.id).await;
    assert_eq!(told.len(), 1);
    assert_eq!(told[0].link, format!("/ket-noi-cung-cau/{id}"));
    assert!(told[0].title.contains("500 kg Gạo ST25") && told[0].title.contains("Hà Nội"), "{}", told[0].title);
    assert_eq!(bell(&app, qn_vendor.id).await.len(), 1);
    for left_out in [&dn_vendor, &tea_vendor, &away_vendor] {
        assert!(bell(&app, left_out.id).await.is_empty(), "{} was told", left_out.email);
    }
    let mails =
        mail::Entity::find().filter(mail::Column::ToEmail.eq(hn_vendor.email.clone())).all(&app.db).await.unwrap();
    assert_eq!(mails.len(), 1);
    assert!(mails[0].body.contains("15.000.000 ₫") && mails[0].body.contains(&format!("/ket-noi-cung-cau/{id}")));

    // The shop's own page lists it, flagged as told; the Đà Nẵng shop does not see it.
    let qn_browser = app.new_client();
    app.post_form(&qn_browser, "/dang-nhap", "/dang-nhap", &[("email", &qn_vendor.email), ("password", PASSWORD)])
        .await;
    let page = qn_browser.get(app.url(&format!("/kenh-nguoi-ban/{qn}/cung-cau"))).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("Gạo ST25 đóng túi 5 kg") && html.contains("Đã báo cho gian hàng"), "{html}");
    let dn_browser = app.new_client();
    app.post_form(&dn_browser, "/dang-nhap", "/dang-nhap", &[("email", &dn_vendor.email), ("password", PASSWORD)])
        .await;
    let html =
        dn_browser.get(app.url(&format!("/kenh-nguoi-ban/{dn}/cung-cau"))).send().await.unwrap().text().await.unwrap();
    assert!(!html.contains("Gạo ST25 đóng túi 5 kg"), "a shop that cannot deliver there does not see it");
    let other = dn_browser.get(app.url(&format!("/kenh-nguoi-ban/{qn}/cung-cau"))).send().await.unwrap();
    assert_eq!(other.status(), 404, "another shop's board is not yours");
}

#[tokio::test]
async fn offer_prices_are_seen_only_by_the_buyer_the_shop_and_admins() {
    let app = spawn_app().await;
    let (_, _, shop_token) = seller(&app, "HTX Lúa gạo ST25 Mỹ Xuyên", "Sóc Trăng", "thuc-pham").await;
    let (_, _, rival_token) = seller(&app, "HTX Gạo Điện Biên", "Điện Biên", "thuc-pham").await;
    let (_, admin_token) = app.admin().await;
    let (_, stranger_token) = buyer(&app).await;
    let (_, token) = buyer(&app).await;
    let id = post_request(&app, &token, &rice()).await["request"]["id"].as_i64().unwrap();

    assert_eq!(offer_as(&app, &shop_token, id, 28_000, 600).await.status(), 422, "more than wanted");
    let res = offer_as(&app, &shop_token, id, 28_000, 500).await;
    assert_eq!(res.status(), 201);
    let made: Value = res.json().await.unwrap();
    assert_eq!(made["total_vnd"], 14_000_000);
    let again = offer_as(&app, &shop_token, id, 27_000, 500).await;
    assert_eq!(again.status(), 409);
    assert_eq!(again.json::<Value>().await.unwrap()["error"]["code"], "offer_exists");
    let own = offer_as(&app, &token, id, 1, 1).await;
    assert_eq!(own.status(), 422, "a buyer without a shop cannot offer");
    assert!(own.json::<Value>().await.unwrap()["error"]["fields"]["shop"].is_string());

    for (who, viewer, sees) in [
        ("anonymous", None, false),
        ("a stranger", Some(stranger_token.as_str()), false),
        ("a rival shop", Some(rival_token.as_str()), false),
        ("the offering shop", Some(shop_token.as_str()), true),
        ("the buyer", Some(token.as_str()), true),
        ("an admin", Some(admin_token.as_str()), true),
    ] {
        let res = get_as(&app, viewer, &format!("/api/v1/wholesale-requests/{id}")).await;
        assert_eq!(res.status(), 200);
        let text = res.text().await.unwrap();
        let body: Value = serde_json::from_str(&text).unwrap();
        let offer = &body["offers"][0];
        assert_eq!(offer["quantity"], 500, "{who} sees the offer");
        if sees {
            assert_eq!(offer["price_per_unit_vnd"], 28_000, "{who}");
            assert_eq!(offer["total_vnd"], 14_000_000, "{who}");
        } else {
            assert!(offer["price_per_unit_vnd"].is_null() && offer["total_vnd"].is_null(), "{who}: {offer}");
            assert!(!text.contains("28000") && !text.contains("14000000"), "{who} reads the price somewhere: {text}");
        }
    }
    // The pages keep to the same rule.
    let html = app.get(&format!("/ket-noi-cung-cau/{id}")).await.text().await.unwrap();
    assert!(html.contains("HTX Lúa gạo ST25 Mỹ Xuyên") && !html.contains("28.000 ₫"), "anonymous page shows a price");

    // The thread: the buyer and the shop write; a stranger may not.
    let offer_id = made["id"].as_i64().unwrap();
    let thread = format!("/api/v1/wholesale-requests/{id}/offers/{offer_id}/messages");
    assert_eq!(app.post_json_as(&token, &thread, &json!({"body": "Giao được thứ Hai không?"})).await.status(), 201);
    assert_eq!(app.post_json_as(&shop_token, &thread, &json!({"body": "Được ạ."})).await.status(), 201);
    assert_eq!(app.post_json_as(&stranger_token, &thread, &json!({"body": "Chào"})).await.status(), 403);
    let empty = app.post_json_as(&token, &thread, &json!({"body": "  "})).await;
    assert_eq!(empty.status(), 422);
    assert!(empty.json::<Value>().await.unwrap()["error"]["fields"]["body"].is_string());
    let seen: Value =
        get_as(&app, Some(&shop_token), &format!("/api/v1/wholesale-requests/{id}")).await.json().await.unwrap();
    assert_eq!(seen["offers"][0]["messages"].as_array().unwrap().len(), 2);
    let hidden: Value =
        get_as(&app, Some(&rival_token), &format!("/api/v1/wholesale-requests/{id}")).await.json().await.unwrap();
    assert!(hidden["offers"][0]["messages"].is_null());
}

#[tokio::test]
async fn two_accepts_racing_make_exactly_one_match() {
    let app = spawn_app().await;
    let (_, _, a_token) = seller(&app, "HTX Gạo Hải Hậu", "Nam Định", "thuc-pham").await;
    let (_, _, b_token) = seller(&app, "HTX Gạo Séng Cù", "Lào Cai", "thuc-pham").await;
    let (_, token) = buyer(&app).await;
    for round in 0..3 {
        let id = post_request(&app, &token, &rice()).await["request"]["id"].as_i64().unwrap();
        let a: Value = offer_as(&app, &a_token, id, 27_000, 500).await.json().await.unwrap();
        let b: Value = offer_as(&app, &b_token, id, 26_500, 400).await.json().await.unwrap();
        let (a, b) = (a["id"].as_i64().unwrap(), b["id"].as_i64().unwrap());
        // Two tabs, each clicking accept on a different offer, several times at once.
        let mut racing = tokio::task::JoinSet::new();
        for i in 0..8 {
            let offer = if i % 2 == 0 { a } else { b };
            let req = app
                .client
                .post(app.url(&format!("/api/v1/wholesale-requests/{id}/offers/{offer}/accept")))
                .bearer_auth(&token);
            racing.spawn(async move { (offer, req.send().await.unwrap().status().as_u16()) });
        }
        let mut winners = Vec::new();
        while let Some(done) = racing.join_next().await {
            let (offer, status) = done.unwrap();
            match status {
                200 => winners.push(offer),
                409 => {}
                other => panic!("round {round}: accept answered {other}"),
            }
        }
        assert_eq!(winners.len(), 1, "round {round}: exactly one accept wins, got {winners:?}");
        let stored = request::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
        assert_eq!(stored.status, "matched");
        assert_eq!(stored.accepted_offer_id, Some(winners[0]));
        let offers = offer::Entity::find().filter(offer::Column::RequestId.eq(id)).all(&app.db).await.unwrap();
        let accepted: Vec<i64> = offers.iter().filter(|o| o.status == "accepted").map(|o| o.id).collect();
        let declined = offers.iter().filter(|o| o.status == "declined").count();
        assert_eq!((accepted, declined), (vec![winners[0]], 1), "round {round}");
    }
    // Once matched, nothing moves it: no new offers, no second choice, no closing.
    let id =
        request::Entity::find().filter(request::Column::Status.eq("matched")).one(&app.db).await.unwrap().unwrap().id;
    let late = offer_as(&app, &token, id, 1, 1).await;
    assert_eq!(late.status(), 409);
    assert_eq!(late.json::<Value>().await.unwrap()["error"]["code"], "request_not_open");
    let close = app.post_json_as(&token, &format!("/api/v1/wholesale-requests/{id}/close"), &json!({})).await;
    assert_eq!(close.status(), 409);
}

#[tokio::test]
async fn a_request_past_its_deadline_expires_and_takes_nothing_more() {
    let app = spawn_app().await;
    let (_, shop_vendor, shop_token) = seller(&app, "HTX Nước mắm Cái Rồng", "Quảng Ninh", "thuc-pham").await;
    let (_, _, late_token) = seller(&app, "Cơ sở Nước mắm Phan Thiết", "Lâm Đồng", "thuc-pham").await;
    let (buyer_user, token) = buyer(&app).await;
    let id = post_request(&app, &token, &rice()).await["request"]["id"].as_i64().unwrap();
    let made: Value = offer_as(&app, &shop_token, id, 85_000, 200).await.json().await.unwrap();

    // The deadline passes (yesterday, in Vietnam's calendar).
    let mut row: request::ActiveModel = request::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap().into();
    row.deadline = Set(ocop_wholesale::today_vn() - chrono::Duration::days(1));
    row.update(&app.db).await.unwrap();

    // Read as expired at once, before the clock writes it down; nothing is taken.
    let body: Value = app.get(&format!("/api/v1/wholesale-requests/{id}")).await.json().await.unwrap();
    assert_eq!(body["status"], "expired");
    let late = offer_as(&app, &late_token, id, 80_000, 200).await;
    assert_eq!(late.status(), 409);
    assert_eq!(late.json::<Value>().await.unwrap()["error"]["code"], "request_expired");
    let accept = app
        .post_json_as(&token, &format!("/api/v1/wholesale-requests/{id}/offers/{}/accept", made["id"]), &json!({}))
        .await;
    assert_eq!(accept.status(), 409);
    let board: Value = app.get("/api/v1/wholesale-requests").await.json().await.unwrap();
    assert_eq!(board["total"], 0, "the board lists open requests only");
    let expired: Value = app.get("/api/v1/wholesale-requests?status=expired").await.json().await.unwrap();
    assert_eq!(expired["total"], 1);

    // The clock writes it down once: the offer declined, the buyer and the shop told.
    assert_eq!(ocop_wholesale::requests::expire_overdue(&app.db, ocop_wholesale::today_vn()).await.unwrap(), 1);
    assert_eq!(ocop_wholesale::requests::expire_overdue(&app.db, ocop_wholesale::today_vn()).await.unwrap(), 0);
    let stored = request::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
    assert_eq!(stored.status, "expired");
    let offer = offer::Entity::find_by_id(made["id"].as_i64().unwrap()).one(&app.db).await.unwrap().unwrap();
    assert_eq!(offer.status, "declined");
    assert!(bell(&app, buyer_user.id).await.iter().any(|n| n.title.contains("hết hạn")));
    assert!(bell(&app, shop_vendor.id).await.iter().any(|n| n.title.contains("không được chọn")));
}

#[tokio::test]
async fn buyers_post_and_close_on_pages_and_admins_count_by_province() {
    let app = spawn_app().await;
    let (_, _, shop_token) = seller(&app, "HTX Gạo sạch Sóc Sơn", "Hà Nội", "thuc-pham").await;
    let (buyer_user, _) = buyer(&app).await;
    let browser = app.new_client();
    app.post_form(&browser, "/dang-nhap", "/dang-nhap", &[("email", &buyer_user.email), ("password", PASSWORD)]).await;

    // Signed out, the post form sends people to log in first.
    let anonymous = app.new_client().get(app.url("/ket-noi-cung-cau/dang-yeu-cau")).send().await.unwrap();
    assert_eq!(anonymous.status(), 303);

    let mut form = vec![
        ("organisation", "Nhà hàng Hải sản Biển Xanh"),
        ("buyer_kind", "restaurant"),
        ("product", "Nước mắm cá cơm 40 độ đạm"),
        ("category", "thuc-pham"),
        ("quantity", "1.000"),
        ("unit", "chai"),
        ("province", "Quảng Nam"),
        ("deadline", "2020-01-01"),
        ("budget_vnd", "85.000.000 ₫"),
        ("note", ""),
    ];
    let bad = app.post_form(&browser, "/ket-noi-cung-cau/dang-yeu-cau", "/ket-noi-cung-cau/dang-yeu-cau", &form).await;
    assert_eq!(bad.status(), 422);
    let html = bad.text().await.unwrap();
    assert!(
        html.contains("Hạn nhận báo giá phải sau hôm nay") && html.contains("Nhà hàng Hải sản Biển Xanh"),
        "{html}"
    );
    let deadline = in_days(10);
    form[7] = ("deadline", &deadline);
    let ok = app.post_form(&browser, "/ket-noi-cung-cau/dang-yeu-cau", "/ket-noi-cung-cau/dang-yeu-cau", &form).await;
    assert_eq!(ok.status(), 303);
    let location = ok.headers()["location"].to_str().unwrap().to_owned();
    let id: i64 = location.trim_start_matches("/ket-noi-cung-cau/").trim_end_matches("?moi=1").parse().unwrap();
    let html = browser.get(app.url(&location)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("1.000 chai") && html.contains("Đà Nẵng") && html.contains("85.000.000 ₫"), "{html}");

    // The public board lists it, filtered by group and province.
    let board = app.get("/ket-noi-cung-cau?nhom=thuc-pham&tinh=da-nang").await.text().await.unwrap();
    assert!(board.contains("Nước mắm cá cơm 40 độ đạm") && board.contains("Kết nối cung cầu"));
    let other = app.get("/ket-noi-cung-cau?nhom=do-uong").await.text().await.unwrap();
    assert!(!other.contains("Nước mắm cá cơm"));
    let english = app.new_client();
    english.get(app.url("/ngon-ngu?lang=en&next=/")).send().await.unwrap();
    let html = english.get(app.url("/ket-noi-cung-cau")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("Supply–demand board") && html.contains("Taking offers"), "English board");

    // A shop offers; the buyer closes the request and the offer is declined.
    assert_eq!(offer_as(&app, &shop_token, id, 80_000, 1000).await.status(), 201);
    let mine = browser.get(app.url("/ket-noi-cung-cau/cua-toi")).send().await.unwrap().text().await.unwrap();
    assert!(mine.contains("Nước mắm cá cơm") && mine.contains("1 báo giá"), "{mine}");
    let closed =
        app.post_form(&browser, &format!("/ket-noi-cung-cau/{id}"), &format!("/ket-noi-cung-cau/{id}/dong"), &[]).await;
    assert_eq!(closed.status(), 303);
    let html = browser.get(app.url(&format!("/ket-noi-cung-cau/{id}"))).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("Đã đóng") && html.contains("Không được chọn"), "{html}");
    let twice =
        app.post_form(&browser, &format!("/ket-noi-cung-cau/{id}"), &format!("/ket-noi-cung-cau/{id}/dong"), &[]).await;
    assert_eq!(twice.status(), 409);

    // Admins see the counts by province; others may not.
    let (admin, _) = app.admin().await;
    let admin_browser = app.new_client();
    app.post_form(&admin_browser, "/dang-nhap", "/dang-nhap", &[("email", &admin.email), ("password", PASSWORD)]).await;
    let (_, token) = buyer(&app).await;
    post_request(&app, &token, &rice()).await;
    let html = admin_browser.get(app.url("/quan-tri/cung-cau")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("Cung cầu theo tỉnh") && html.contains("Đà Nẵng") && html.contains("Hà Nội"), "{html}");
    let filtered =
        admin_browser.get(app.url("/quan-tri/cung-cau?tinh=da-nang&trang_thai=closed")).send().await.unwrap();
    let html = filtered.text().await.unwrap();
    assert!(html.contains("Nước mắm cá cơm") && !html.contains("Gạo ST25 đóng túi"), "{html}");
    let refused = browser.get(app.url("/quan-tri/cung-cau")).send().await.unwrap();
    assert_eq!(refused.status(), 403);
}
