//! Reviews (issue 15): only what a shopper bought and received, once, by them; one edit;
//! the shop's one answer; holds, reports and the admins' decision; ratings that stay exact
//! under concurrent writes; booth receipts claimed by one account; the product page.

use ocop_accounts::{Role, User};
use ocop_orders::entity::{order_line, shop_order};
use ocop_tests::fixtures::product;
use ocop_tests::{TestApp, spawn_app};
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::{Value, json};

fn cod() -> Value {
    json!({"payment_method": "cod", "shipping": {"recipient": "Nguyễn Thị Lan", "phone": "0912 345 678",
        "province": "Quảng Ninh", "commune": "Phường Bãi Cháy", "street": "12 Hạ Long"}})
}

struct Goods {
    shop: String,
    vendor: String,
    vendor_email: String,
    sku: &'static str,
    slug: String,
}

async fn goods(app: &TestApp, shop: &str, sku: &'static str, stock: i64) -> Goods {
    let (slug, vendor, token) = app.shop(shop, "Quảng Ninh").await;
    let listing =
        app.live_product(&vendor, &slug, &product(&format!("Trà hoa vàng {shop}"), sku, 400_000, stock)).await;
    Goods { shop: slug, vendor: token, vendor_email: vendor.email, sku, slug: listing.product.slug }
}

async fn shopper(app: &TestApp) -> (User, String) {
    app.user(&format!("khach-{}@example.vn", uuid::Uuid::new_v4().simple()), Role::Shopper).await
}

/// Buys one of `g` by cash on delivery; returns the shop order and its line.
async fn buy(app: &TestApp, token: &str, g: &Goods) -> (i64, i64) {
    let added =
        app.post_json_as(token, "/api/v1/cart/items", &json!({"sku": g.sku, "shop": g.shop, "quantity": 1})).await;
    assert_eq!(added.status(), 201, "{}", added.text().await.unwrap());
    let placed = app.post_json_as(token, "/api/v1/checkout", &cod()).await;
    assert_eq!(placed.status(), 201);
    let placed: Value = placed.json().await.unwrap();
    let part = placed["shop_orders"][0]["id"].as_i64().unwrap();
    let line = order_line::Entity::find()
        .filter(order_line::Column::ShopOrderId.eq(part))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    (part, line.id)
}

/// The carrier hands the parcel over (the status moves are tested with orders).
async fn deliver(app: &TestApp, part: i64) {
    let found = shop_order::Entity::find_by_id(part).one(&app.db).await.unwrap().unwrap();
    let mut delivered: shop_order::ActiveModel = found.into();
    delivered.status = Set("delivered".into());
    delivered.delivered_at = Set(Some(chrono::Utc::now()));
    delivered.update(&app.db).await.unwrap();
}

async fn write(app: &TestApp, token: &str, line: i64, stars: i64, body: &str) -> reqwest::Response {
    app.post_json_as(token, "/api/v1/reviews", &json!({"order_line_id": line, "stars": stars, "body": body})).await
}

async fn rating(app: &TestApp, slug: &str) -> Value {
    let res = app.get(&format!("/api/v1/products/{slug}/reviews")).await;
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

async fn code_of(res: reqwest::Response) -> (StatusCode, String) {
    let status = res.status();
    let body: Value = res.json().await.unwrap_or_default();
    (status, body["error"]["code"].as_str().unwrap_or_default().to_owned())
}

#[tokio::test]
async fn only_a_received_purchase_is_reviewed_once_by_its_buyer() {
    let app = spawn_app().await;
    let g = goods(&app, "HTX Trà Đầm Hà", "TR-1", 10).await;
    let (_, buyer) = shopper(&app).await;
    let (_, stranger) = shopper(&app).await;
    let (part, line) = buy(&app, &buyer, &g).await;

    let early = write(&app, &buyer, line, 5, "Chưa nhận mà đã khen").await;
    assert_eq!(early.status(), 409);
    assert_eq!(code_of(early).await.1, "not_delivered");
    deliver(&app, part).await;
    let forged = write(&app, &stranger, line, 1, "Tôi chưa mua nhưng chê").await;
    assert_eq!(forged.status(), 404, "another account's line is not theirs to review");
    let bad = write(&app, &buyer, line, 6, "").await;
    assert_eq!(bad.status(), 422);
    assert!(bad.text().await.unwrap().contains("stars"));

    let written = write(&app, &buyer, line, 4, "Trà thơm, nước vàng đẹp, gói cẩn thận").await;
    assert_eq!(written.status(), 201);
    let written: Value = written.json().await.unwrap();
    assert_eq!(written["status"], "published");
    let twice = write(&app, &buyer, line, 5, "Lần hai").await;
    assert_eq!(code_of(twice).await, (StatusCode::CONFLICT, "review_exists".into()));

    let shown = rating(&app, &g.slug).await;
    assert_eq!(shown["rating"]["count"], 1);
    assert_eq!(shown["rating"]["average_text"], "4,0");
    assert_eq!(shown["reviews"][0]["body"], "Trà thơm, nước vàng đẹp, gói cẩn thận");
    assert_eq!(shown["reviews"][0]["bought"], "online");
    let mine: Value = app.get_as(&buyer, "/api/v1/me/reviewable").await.json().await.unwrap();
    assert_eq!(mine[0]["bought"], json!({"kind": "order_line", "id": line}));
    assert_eq!(mine[0]["review"]["id"], written["id"]);

    // One edit; the rating follows it.
    let id = written["id"].as_i64().unwrap();
    let path = format!("/api/v1/reviews/{id}");
    let edit = |token: String, stars: i64| {
        let (client, url) = (app.client.clone(), app.url(&path));
        async move {
            client
                .patch(url)
                .bearer_auth(token)
                .json(&json!({"stars": stars, "body": "Uống một tuần, rất hợp"}))
                .send()
                .await
                .unwrap()
        }
    };
    assert_eq!(edit(stranger.clone(), 1).await.status(), 404);
    assert_eq!(edit(buyer.clone(), 2).await.status(), 200);
    assert_eq!(rating(&app, &g.slug).await["rating"]["average_text"], "2,0");
    assert_eq!(code_of(edit(buyer.clone(), 5).await).await, (StatusCode::CONFLICT, "edit_used".into()));
}

#[tokio::test]
async fn an_edit_after_thirty_days_is_refused() {
    let app = spawn_app().await;
    let g = goods(&app, "HTX Miến dong Bình Liêu", "MD-1", 10).await;
    let (_, buyer) = shopper(&app).await;
    let (part, line) = buy(&app, &buyer, &g).await;
    deliver(&app, part).await;
    let written: Value = write(&app, &buyer, line, 5, "Miến dai").await.json().await.unwrap();
    let id = written["id"].as_i64().unwrap();
    let old = ocop_reviews::entity::review::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
    let mut old: ocop_reviews::entity::review::ActiveModel = old.into();
    old.created_at = Set(chrono::Utc::now() - chrono::Duration::days(31));
    old.update(&app.db).await.unwrap();
    let late = app
        .client
        .patch(app.url(&format!("/api/v1/reviews/{id}")))
        .bearer_auth(&buyer)
        .json(&json!({"stars": 1, "body": "Đổi ý"}))
        .send()
        .await
        .unwrap();
    assert_eq!(code_of(late).await, (StatusCode::CONFLICT, "edit_window_closed".into()));
}

#[tokio::test]
async fn phone_numbers_and_links_wait_for_an_admin_and_the_rating_follows_the_decision() {
    let app = spawn_app().await;
    let g = goods(&app, "HTX Hải sản Vân Đồn", "HS-1", 10).await;
    let (_, buyer) = shopper(&app).await;
    let (part, line) = buy(&app, &buyer, &g).await;
    deliver(&app, part).await;
    let (_, admin) = app.admin().await;

    let held: Value = write(&app, &buyer, line, 1, "Mua rẻ hơn ở đây: gọi 0987 654 321 hoặc xem shopee.vn/abc")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(held["status"], "held");
    assert_eq!(rating(&app, &g.slug).await["rating"]["count"], 0, "a held review does not count");
    let queue: Value = app.get_as(&admin, "/api/v1/admin/reviews").await.json().await.unwrap();
    let waiting = queue.as_array().unwrap().iter().find(|w| w["review"]["id"] == held["id"]).expect("in the queue");
    assert_eq!(waiting["review"]["hold_reason"], "phone", "{waiting}");

    let id = held["id"].as_i64().unwrap();
    let decide = async |decision: &str| {
        let path = format!("/api/v1/admin/reviews/{id}/decision");
        app.post_json_as(&admin, &path, &json!({"decision": decision})).await
    };
    assert_eq!(decide("maybe").await.status(), 422);
    assert_eq!(decide("publish").await.status(), 200);
    let shown = rating(&app, &g.slug).await;
    assert_eq!(shown["rating"]["count"], 1);
    assert_eq!(shown["rating"]["histogram"], json!([1, 0, 0, 0, 0]));
    assert_eq!(decide("remove").await.status(), 200);
    let shown = rating(&app, &g.slug).await;
    assert_eq!(shown["rating"]["count"], 0);
    assert_eq!(shown["reviews"], json!([]));
    // A removed review is not edited back into view.
    let back = app
        .client
        .patch(app.url(&format!("/api/v1/reviews/{id}")))
        .bearer_auth(&buyer)
        .json(&json!({"stars": 5, "body": "Rất tốt"}))
        .send()
        .await
        .unwrap();
    assert_eq!(code_of(back).await, (StatusCode::CONFLICT, "review_removed".into()));
}

#[tokio::test]
async fn a_report_puts_a_published_review_in_the_queue_once_per_account() {
    let app = spawn_app().await;
    let g = goods(&app, "HTX Ba kích Quảng Ninh", "BK-1", 10).await;
    let (_, buyer) = shopper(&app).await;
    let (_, reader) = shopper(&app).await;
    let (part, line) = buy(&app, &buyer, &g).await;
    deliver(&app, part).await;
    let written: Value = write(&app, &buyer, line, 1, "Hàng kém, không giống ảnh").await.json().await.unwrap();
    let path = format!("/api/v1/reviews/{}/report", written["id"]);
    let empty = app.post_json_as(&reader, &path, &json!({"reason": " "})).await;
    assert_eq!(empty.status(), 422);
    assert!(empty.text().await.unwrap().contains("reason"));
    assert_eq!(app.post_json_as(&reader, &path, &json!({"reason": "Đối thủ viết sai sự thật"})).await.status(), 204);
    let again = app.post_json_as(&reader, &path, &json!({"reason": "Lần nữa"})).await;
    assert_eq!(code_of(again).await, (StatusCode::CONFLICT, "already_reported".into()));
    assert_eq!(app.post_json_as(&reader, "/api/v1/reviews/999999/report", &json!({"reason": "x"})).await.status(), 404);

    let (_, admin) = app.admin().await;
    let queue: Value = app.get_as(&admin, "/api/v1/admin/reviews").await.json().await.unwrap();
    let waiting = queue.as_array().unwrap().iter().find(|w| w["review"]["id"] == written["id"]).expect("reported");
    assert_eq!(waiting["reasons"], json!(["Đối thủ viết sai sự thật"]));
    // Still shown until an admin decides; keeping it clears the reports.
    assert_eq!(rating(&app, &g.slug).await["rating"]["count"], 1);
    let keep = app
        .post_json_as(
            &admin,
            &format!("/api/v1/admin/reviews/{}/decision", written["id"]),
            &json!({"decision": "publish"}),
        )
        .await;
    assert_eq!(keep.status(), 200);
    let queue: Value = app.get_as(&admin, "/api/v1/admin/reviews").await.json().await.unwrap();
    assert!(queue.as_array().unwrap().iter().all(|w| w["review"]["id"] != written["id"]));
    assert_eq!(rating(&app, &g.slug).await["rating"]["count"], 1);
}

#[tokio::test]
async fn fifty_reviews_at_once_keep_the_average_exact() {
    let app = spawn_app().await;
    let g = goods(&app, "HTX Rượu Ba Chẽ", "RB-1", 60).await;
    let mut lines = Vec::new();
    for _ in 0..50 {
        let (_, token) = shopper(&app).await;
        let (part, line) = buy(&app, &token, &g).await;
        deliver(&app, part).await;
        lines.push((token, line));
    }
    let mut sends = tokio::task::JoinSet::new();
    for (i, (token, line)) in lines.into_iter().enumerate() {
        let stars = i64::try_from(i % 5).unwrap() + 1;
        let (client, url) = (app.client.clone(), app.url("/api/v1/reviews"));
        let body = json!({"order_line_id": line, "stars": stars, "body": format!("Đánh giá số {i}")});
        sends.spawn(async move { client.post(url).bearer_auth(token).json(&body).send().await.unwrap().status() });
    }
    let statuses = sends.join_all().await;
    assert!(statuses.iter().all(|s| *s == 201), "{statuses:?}");
    let shown = rating(&app, &g.slug).await;
    assert_eq!(shown["rating"]["count"], 50);
    assert_eq!(shown["rating"]["histogram"], json!([10, 10, 10, 10, 10]));
    assert_eq!(shown["rating"]["average_tenths"], 30);
    assert_eq!(shown["rating"]["average_text"], "3,0");
    assert_eq!(shown["total"], 50);
    assert_eq!(shown["pages"], 5);
    let fives: Value = app.get(&format!("/api/v1/products/{}/reviews?stars=5", g.slug)).await.json().await.unwrap();
    assert_eq!(fives["total"], 10);
    assert_eq!(app.get(&format!("/api/v1/products/{}/reviews?stars=9", g.slug)).await.status(), 422);
}

#[tokio::test]
async fn the_shop_answers_once_publicly_and_only_its_own_reviews() {
    let app = spawn_app().await;
    let g = goods(&app, "HTX Chè Hà Giang", "CH-1", 10).await;
    let other = goods(&app, "HTX Mật ong Mèo Vạc", "MO-1", 10).await;
    let (_, buyer) = shopper(&app).await;
    let (part, line) = buy(&app, &buyer, &g).await;
    deliver(&app, part).await;
    let written: Value = write(&app, &buyer, line, 3, "Chè ngon nhưng giao chậm").await.json().await.unwrap();
    let id = written["id"].as_i64().unwrap();
    let reply = async |token: &str, shop: &str, text: &str| {
        let path = format!("/api/v1/shops/{shop}/reviews/{id}/reply");
        app.post_json_as(token, &path, &json!({"reply": text})).await
    };
    assert_eq!(reply(&other.vendor, &other.shop, "Cảm ơn").await.status(), 404, "another shop's review");
    let phone = reply(&g.vendor, &g.shop, "Gọi 0912345678 để được giảm giá").await;
    assert_eq!(phone.status(), 422);
    assert!(phone.text().await.unwrap().contains("reply"));
    let unanswered: Value =
        app.get_as(&g.vendor, &format!("/api/v1/shops/{}/reviews?unanswered=true", g.shop)).await.json().await.unwrap();
    assert_eq!(unanswered.as_array().unwrap().len(), 1);
    assert_eq!(reply(&g.vendor, &g.shop, "Cảm ơn chị, đợt sau shop gửi hoả tốc ạ").await.status(), 200);
    let twice = reply(&g.vendor, &g.shop, "Lần hai").await;
    assert_eq!(code_of(twice).await, (StatusCode::CONFLICT, "reply_exists".into()));
    let shown = rating(&app, &g.slug).await;
    assert_eq!(shown["reviews"][0]["reply"], "Cảm ơn chị, đợt sau shop gửi hoả tốc ạ");
    let unanswered: Value =
        app.get_as(&g.vendor, &format!("/api/v1/shops/{}/reviews?unanswered=true", g.shop)).await.json().await.unwrap();
    assert_eq!(unanswered, json!([]));
}

#[tokio::test]
async fn a_booth_receipt_is_claimed_by_one_account_and_its_goods_reviewed() {
    let app = spawn_app().await;
    let g = goods(&app, "HTX Nước mắm Cái Rồng", "NM-1", 50).await;
    let sale = app
        .post_json_as(
            &g.vendor,
            &format!("/api/v1/shops/{}/pos/sales", g.shop),
            &json!({"client_sale_id": "5a1e0000000000000001", "payment_method": "cash", "place": "Gian 12",
                "sold_at": chrono::Utc::now().to_rfc3339(), "lines": [{"sku": "NM-1", "quantity": 2}]}),
        )
        .await;
    assert_eq!(sale.status(), 201);
    let code = sale.json::<Value>().await.unwrap()["receipt_code"].as_str().unwrap().to_owned();
    let (_, buyer) = shopper(&app).await;
    let (_, other) = shopper(&app).await;

    let unknown = app.post_json_as(&buyer, "/api/v1/receipts/claim", &json!({"code": "BH-000000-ZZZZ"})).await;
    assert_eq!(unknown.status(), 404);
    let claimed = app.post_json_as(&buyer, "/api/v1/receipts/claim", &json!({"code": code.to_lowercase()})).await;
    assert_eq!(claimed.status(), 200);
    let claimed: Value = claimed.json().await.unwrap();
    assert_eq!(claimed[0]["bought"]["kind"], "booth_line");
    let booth_line = claimed[0]["bought"]["id"].as_i64().unwrap();
    let again = app.post_json_as(&buyer, "/api/v1/receipts/claim", &json!({"code": code})).await;
    assert_eq!(again.status(), 200, "claiming one's own receipt again is fine");
    let stolen = app.post_json_as(&other, "/api/v1/receipts/claim", &json!({"code": code})).await;
    assert_eq!(code_of(stolen).await, (StatusCode::CONFLICT, "receipt_claimed".into()));

    let body = |stars: i64| json!({"booth_line_id": booth_line, "stars": stars, "body": "Mua ở hội chợ, mắm thơm"});
    assert_eq!(app.post_json_as(&other, "/api/v1/reviews", &body(1)).await.status(), 404);
    assert_eq!(app.post_json_as(&buyer, "/api/v1/reviews", &body(5)).await.status(), 201);
    let shown = rating(&app, &g.slug).await;
    assert_eq!(shown["rating"]["count"], 1);
    assert_eq!(shown["reviews"][0]["bought"], "booth");
    // A booth buyer answers others' questions about what they bought; the other account cannot.
    let asked: Value = app
        .post_json_as(
            &other,
            &format!("/api/v1/products/{}/questions", g.slug),
            &json!({"body": "Mắm có mặn lắm không?"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let answers = format!("/api/v1/questions/{}/answers", asked["id"]);
    assert_eq!(app.post_json_as(&other, &answers, &json!({"body": "Mình đoán là mặn"})).await.status(), 404);
    let answered = app.post_json_as(&buyer, &answers, &json!({"body": "Vừa phải, chấm rất ngon."})).await;
    assert_eq!(answered.json::<Value>().await.unwrap()["answered_as"], "buyer");
    let both =
        app.post_json_as(&buyer, "/api/v1/reviews", &json!({"order_line_id": 1, "booth_line_id": 1, "stars": 5})).await;
    assert_eq!(both.status(), 422);

    // A receipt from more than 90 days ago is not claimed; nor a 21st in a day.
    let pos = format!("/api/v1/shops/{}/pos/sales", g.shop);
    let sell = async |id: String, days_ago: i64| {
        let sold_at = (chrono::Utc::now() - chrono::Duration::days(days_ago)).to_rfc3339();
        let body = json!({"client_sale_id": id, "payment_method": "cash", "sold_at": sold_at,
            "lines": [{"sku": "NM-1", "quantity": 1}]});
        let sold: Value = app.post_json_as(&g.vendor, &pos, &body).await.json().await.unwrap();
        sold["receipt_code"].as_str().unwrap_or_else(|| panic!("{sold}")).to_owned()
    };
    // The booth app only sends sales of the last 30 days: age this one in the database.
    let old = sell("c1a100000000000000aa".into(), 0).await;
    let aged = ocop_pos::entity::pos_sale::Entity::find()
        .filter(ocop_pos::entity::pos_sale::Column::ReceiptCode.eq(old.clone()))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let mut aged: ocop_pos::entity::pos_sale::ActiveModel = aged.into();
    aged.sold_at = Set(chrono::Utc::now() - chrono::Duration::days(100));
    aged.update(&app.db).await.unwrap();
    let (_, collector) = shopper(&app).await;
    let claim =
        async |code: String| app.post_json_as(&collector, "/api/v1/receipts/claim", &json!({"code": code})).await;
    assert_eq!(claim(old).await.status(), 404);
    for n in 0..20 {
        let code = sell(format!("c1a1{n:016x}"), 0).await;
        let claimed = claim(code).await;
        assert_eq!(claimed.status(), 200, "claim {n}: {}", claimed.text().await.unwrap());
    }
    let one_more = sell("c1a1000000000000ffff".into(), 0).await;
    assert_eq!(code_of(claim(one_more).await).await, (StatusCode::CONFLICT, "too_many_claims".into()));
}

#[tokio::test]
async fn the_product_page_shows_the_rating_its_filters_and_the_forms_speak_vietnamese() {
    let app = spawn_app().await;
    let g = goods(&app, "HTX Sá sùng Quan Lạn", "SS-1", 10).await;
    let (user, buyer) = shopper(&app).await;
    let (part, line) = buy(&app, &buyer, &g).await;
    deliver(&app, part).await;
    let client = app.signed_in(&user.email).await;

    let form = format!("/danh-gia/viet/don/{line}");
    let page = app.page(&client, &form).await;
    assert!(page.contains("Trà hoa vàng HTX Sá sùng Quan Lạn"), "the form names what was bought");
    let refused = app.post_form(&client, &form, &form, &[("stars", "0"), ("body", "")]).await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(html.contains("Chọn từ 1 đến 5 sao"), "{html}");
    let done = app.post_form(&client, &form, &form, &[("stars", "5"), ("body", "Sá sùng khô, ngọt, đáng tiền")]).await;
    assert_eq!(done.status(), 303);
    assert_eq!(done.headers()["location"], format!("/san-pham/{}#danh-gia", g.slug));
    // The form again leads to the edit form, not a second review.
    let again = client.get(app.url(&form)).send().await.unwrap();
    assert_eq!(again.status(), 303);
    assert!(again.headers()["location"].to_str().unwrap().ends_with("/sua"));

    let guest = app.new_client();
    let html = app.page(&guest, &format!("/san-pham/{}", g.slug)).await;
    assert!(html.contains(r#"data-testid="rating-box""#));
    assert!(html.contains("5,0"));
    assert!(html.contains("Sá sùng khô, ngọt, đáng tiền"));
    assert!(html.contains(r#""aggregateRating""#), "JSON-LD carries the rating");
    assert!(html.contains(r#""ratingValue":"5.0""#) || html.contains(r#""ratingValue":5"#), "{html}");
    let chip = html.split("?loai=").nth(1).expect("a chip for the variant reviewed");
    let variant = chip.split('#').next().unwrap();
    assert!(chip.contains("(1)</a>"), "{chip}");
    let by_variant: Value =
        app.get(&format!("/api/v1/products/{}/reviews?variant={variant}", g.slug)).await.json().await.unwrap();
    assert_eq!(by_variant["total"], 1);
    let filtered = app.page(&guest, &format!("/san-pham/{}?sao=1", g.slug)).await;
    assert!(filtered.contains(r#"data-testid="no-matching-reviews""#));
    let nonsense = guest.get(app.url(&format!("/san-pham/{}?sao=9", g.slug))).send().await.unwrap();
    assert_eq!(nonsense.status(), 200, "a bad filter is a note on the page, not an error page");
    assert!(nonsense.text().await.unwrap().contains("Chọn từ 1 đến 5 sao"));

    // The buyer's list shows the review; the shop's workspace too.
    let mine = app.page(&client, "/danh-gia").await;
    assert!(mine.contains("/sua"), "the shopper's list links the edit");
}

#[tokio::test]
async fn questions_are_public_and_answered_by_the_shop_or_a_buyer_once_each() {
    let app = spawn_app().await;
    let g = goods(&app, "HTX Ruốc Quảng Ninh", "RU-1", 10).await;
    let (_, asker) = shopper(&app).await;
    let (_, buyer) = shopper(&app).await;
    let (_, stranger) = shopper(&app).await;
    let (part, _) = buy(&app, &buyer, &g).await;
    let path = format!("/api/v1/products/{}/questions", g.slug);

    assert_eq!(app.post_json(&path, &json!({"body": "Ruốc có mặn không?"})).await.status(), 401);
    let phone = app.post_json_as(&asker, &path, &json!({"body": "Bán sỉ không, gọi 0912345678"})).await;
    assert_eq!(phone.status(), 422);
    assert!(phone.text().await.unwrap().contains("body"));
    let asked = app.post_json_as(&asker, &path, &json!({"body": "Ruốc để được bao lâu sau khi mở nắp?"})).await;
    assert_eq!(asked.status(), 201);
    let id = asked.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    for n in 0..2 {
        let more = app.post_json_as(&asker, &path, &json!({"body": format!("Câu hỏi thêm số {n}")})).await;
        assert_eq!(more.status(), 201);
    }
    let fourth = app.post_json_as(&asker, &path, &json!({"body": "Câu hỏi thứ tư"})).await;
    assert_eq!(code_of(fourth).await, (StatusCode::CONFLICT, "too_many_questions".into()));

    let answers = format!("/api/v1/questions/{id}/answers");
    let reply = json!({"body": "Để ngăn mát tủ lạnh được 3 tháng ạ."});
    assert_eq!(app.post_json_as(&stranger, &answers, &reply).await.status(), 404, "neither sells nor bought it");
    assert_eq!(app.post_json_as(&buyer, &answers, &reply).await.status(), 404, "not delivered yet");
    deliver(&app, part).await;
    let by_buyer = app.post_json_as(&buyer, &answers, &json!({"body": "Nhà mình để tủ lạnh cả tháng vẫn ngon."})).await;
    assert_eq!(by_buyer.status(), 201);
    assert_eq!(by_buyer.json::<Value>().await.unwrap()["answered_as"], "buyer");
    let again = app.post_json_as(&buyer, &answers, &json!({"body": "Trả lời lần nữa"})).await;
    assert_eq!(code_of(again).await, (StatusCode::CONFLICT, "answer_exists".into()));
    let unanswered: Value = app
        .get_as(&g.vendor, &format!("/api/v1/shops/{}/questions?unanswered=true", g.shop))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(unanswered.as_array().unwrap().len(), 2, "two questions wait for anyone");
    assert_eq!(app.post_json_as(&g.vendor, &answers, &reply).await.status(), 201);

    let listed: Value = app.get(&path).await.json().await.unwrap();
    assert_eq!(listed["total"], 3);
    let first = listed["questions"].as_array().unwrap().iter().find(|q| q["id"] == id).unwrap().clone();
    assert_eq!(first["answers"][0]["answered_as"], "shop", "the shop's answer first");
    assert_eq!(first["answers"][0]["author"], "HTX Ruốc Quảng Ninh");
    assert_eq!(first["answers"][1]["answered_as"], "buyer");
}

#[tokio::test]
async fn the_product_page_asks_and_answers_without_javascript() {
    let app = spawn_app().await;
    let g = goods(&app, "HTX Chả mực Hạ Long", "CM-1", 10).await;
    let (user, _) = shopper(&app).await;
    let client = app.signed_in(&user.email).await;
    let product = format!("/san-pham/{}", g.slug);
    let guest = app.page(&app.new_client(), &product).await;
    assert!(guest.contains(r#"data-testid="no-questions""#) && guest.contains("Đăng nhập để đặt câu hỏi"));

    let short = app.post_form(&client, &product, &format!("{product}/hoi"), &[("body", "Có?")]).await;
    assert_eq!(short.status(), 422);
    let html = short.text().await.unwrap();
    assert!(html.contains("ít nhất 5 ký tự") && html.contains(r#"data-testid="qa-error""#), "{html}");
    let asked = app
        .post_form(&client, &product, &format!("{product}/hoi"), &[("body", "Chả mực chiên hay hấp thì ngon hơn?")])
        .await;
    assert_eq!(asked.status(), 303);
    assert_eq!(asked.headers()["location"], format!("{product}#hoi-dap"));
    let html = app.page(&client, &product).await;
    assert!(html.contains("Chả mực chiên hay hấp thì ngon hơn?"));
    assert!(!html.contains(r#"data-testid="answer-submit""#), "a shopper who did not buy it cannot answer");

    let shop_client = app.signed_in(&g.vendor_email).await;
    let html = app.page(&shop_client, &product).await;
    assert!(html.contains(r#"data-testid="answer-submit""#), "the shop can");
    let id: i64 = html.split("/hoi-dap/").nth(1).unwrap().split('/').next().unwrap().parse().unwrap();
    let answered = app
        .post_form(
            &shop_client,
            &product,
            &format!("/hoi-dap/{id}/tra-loi"),
            &[("body", "Chiên vàng hai mặt là ngon nhất ạ.")],
        )
        .await;
    assert_eq!(answered.status(), 303);
    let html = app.page(&app.new_client(), &product).await;
    assert!(html.contains("Chiên vàng hai mặt là ngon nhất ạ.") && html.contains(r#"data-testid="answer""#));

    // The shop's workspace lists what waits, and answering there comes back there.
    let waiting = format!("/kenh-nguoi-ban/{}/hoi-dap", g.shop);
    assert!(app.page(&shop_client, &waiting).await.contains(r#"data-testid="no-shop-questions""#), "all answered");
    app.post_form(&client, &product, &format!("{product}/hoi"), &[("body", "Một hộp bao nhiêu miếng ạ?")]).await;
    let html = app.page(&shop_client, &waiting).await;
    assert!(html.contains("Một hộp bao nhiêu miếng ạ?"));
    let id: i64 = html.split("/hoi-dap/").nth(1).unwrap().split('/').next().unwrap().parse().unwrap();
    let answered = app
        .post_form(
            &shop_client,
            &waiting,
            &format!("/hoi-dap/{id}/tra-loi"),
            &[("body", "Hộp 500 g có 10 miếng ạ."), ("back", &waiting)],
        )
        .await;
    assert_eq!(answered.headers()["location"], waiting.as_str());
    assert!(app.page(&shop_client, &format!("{waiting}?loc=tat-ca")).await.contains("Hộp 500 g có 10 miếng ạ."));
}

#[tokio::test]
async fn the_shop_page_shows_how_punctually_it_ships_and_how_it_answers() {
    let app = spawn_app().await;
    let g = goods(&app, "HTX Bánh gật gù Quảng Yên", "BG-1", 10).await;
    let (_, buyer) = shopper(&app).await;
    let shop_page = format!("/cua-hang/{}", g.shop);
    let html = app.page(&app.new_client(), &shop_page).await;
    assert!(!html.contains(r#"data-testid="shop-stats""#), "nothing to say before the first order");

    // Two orders shipped: one the same day, one placed three days before it was shipped.
    for late in [false, true] {
        let (part, _) = buy(&app, &buyer, &g).await;
        if late {
            let placed = shop_order::Entity::find_by_id(part).one(&app.db).await.unwrap().unwrap();
            let mut earlier: shop_order::ActiveModel = placed.into();
            earlier.created_at = Set(chrono::Utc::now() - chrono::Duration::days(3));
            earlier.update(&app.db).await.unwrap();
        }
        let path = format!("/api/v1/shops/{}/orders/{part}/status", g.shop);
        for step in
            [json!({"status": "packed"}), json!({"status": "shipped", "carrier": "GHTK", "tracking_code": "T1"})]
        {
            assert_eq!(app.post_json_as(&g.vendor, &path, &step).await.status(), 200);
        }
    }
    // Two questions, one answered by the shop.
    let path = format!("/api/v1/products/{}/questions", g.slug);
    let mut ids = Vec::new();
    for body in ["Bánh để được mấy ngày ạ?", "Có ship ra Hà Nội không ạ?"] {
        let asked: Value = app.post_json_as(&buyer, &path, &json!({"body": body})).await.json().await.unwrap();
        ids.push(asked["id"].as_i64().unwrap());
    }
    let answered = app
        .post_json_as(
            &g.vendor,
            &format!("/api/v1/questions/{}/answers", ids[0]),
            &json!({"body": "Dạ để được 5 ngày ạ."}),
        )
        .await;
    assert_eq!(answered.status(), 201);

    let html = app.page(&app.new_client(), &shop_page).await;
    let stats = html.split(r#"data-testid="shop-stats""#).nth(1).unwrap().split("</ul>").next().unwrap();
    assert!(stats.contains("<strong>50%</strong> đơn được gửi đi trong 2 ngày"), "{stats}");
    assert!(stats.contains("trong 2 đơn gần nhất"), "{stats}");
    assert!(stats.contains("<strong>50%</strong> câu hỏi và tin nhắn được cửa hàng trả lời"), "{stats}");
    assert!(stats.contains("thường trong vòng 1 giờ"), "{stats}");
}

#[tokio::test]
async fn shoppers_sort_by_rating_in_search_and_on_listing_pages() {
    let app = spawn_app().await;
    let (shop, vendor, vendor_token) = app.shop("HTX Trà Đường Hoa", "Quảng Ninh").await;
    let mut slugs = Vec::new();
    for (name, sku) in
        [("Trà xanh Đường Hoa", "TX-1"), ("Trà móc câu Đường Hoa", "TM-1"), ("Trà búp Đường Hoa", "TB-1")]
    {
        slugs.push(app.live_product(&vendor, &shop, &product(name, sku, 100_000, 50)).await.product.slug);
    }
    let g = |i: usize, sku: &'static str| Goods {
        shop: shop.clone(),
        vendor: vendor_token.clone(),
        vendor_email: vendor.email.clone(),
        sku,
        slug: slugs[i].clone(),
    };
    // The green tea: three reviews of 5; the hook tea: one of 1; the bud tea: none.
    for (goods, stars) in [(g(0, "TX-1"), 5), (g(0, "TX-1"), 5), (g(0, "TX-1"), 5), (g(1, "TM-1"), 1)] {
        let (_, buyer) = shopper(&app).await;
        let (part, line) = buy(&app, &buyer, &goods).await;
        deliver(&app, part).await;
        assert_eq!(write(&app, &buyer, line, stars, "").await.status(), 201);
    }
    // Best rated first, one 1-star review still above none, unrated last: once the index has
    // taken in the last review.
    let expected = vec![slugs[0].clone(), slugs[1].clone(), slugs[2].clone()];
    ocop_tests::eventually("the ratings in the search index, best first and unrated last", async || {
        let found: Value = app.get("/api/v1/search?q=tra+duong+hoa&sort=rating").await.json().await.unwrap();
        let order: Vec<String> =
            found["hits"].as_array()?.iter().map(|h| h["slug"].as_str().unwrap_or_default().to_owned()).collect();
        (order == expected).then_some(())
    })
    .await;
    let html = app.page(&app.new_client(), &format!("/cua-hang/{shop}?sort=rating")).await;
    let at = |slug: &str| html.find(&format!("/san-pham/{slug}\"")).unwrap();
    assert!(at(&slugs[0]) < at(&slugs[1]), "best rated first on the shop's page");
    assert!(html.contains("Đánh giá cao"));
}

async fn upload_photos(app: &TestApp, token: &str, review: i64, files: Vec<Vec<u8>>) -> reqwest::Response {
    let mut form = reqwest::multipart::Form::new();
    for (i, bytes) in files.into_iter().enumerate() {
        form = form.part("photo", reqwest::multipart::Part::bytes(bytes).file_name(format!("anh-{i}.png")));
    }
    app.client
        .post(app.url(&format!("/api/v1/reviews/{review}/photos")))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_buyer_adds_up_to_five_photos_that_are_re_encoded_and_filtered_on() {
    let app = spawn_app().await;
    let g = goods(&app, "HTX Miến dong Bình Liêu", "MD-ANH", 10).await;
    let (_, lan) = shopper(&app).await;
    let (_, minh) = shopper(&app).await;
    let (part, line) = buy(&app, &lan, &g).await;
    let (other_part, other_line) = buy(&app, &minh, &g).await;
    deliver(&app, part).await;
    deliver(&app, other_part).await;
    let review: Value = write(&app, &lan, line, 5, "Miến dai, nấu lẩu không nát").await.json().await.unwrap();
    let id = review["id"].as_i64().unwrap();
    assert_eq!(write(&app, &minh, other_line, 4, "Ngon").await.status(), 201);

    let added =
        upload_photos(&app, &lan, id, vec![ocop_tests::fixtures::png(1600, 1200), ocop_tests::fixtures::png(300, 300)])
            .await;
    assert_eq!(added.status(), 201);
    let added: Value = added.json().await.unwrap();
    let photos = added["photos"].as_array().unwrap();
    assert_eq!(photos.len(), 2);
    assert_eq!((photos[0]["width"].as_i64(), photos[0]["height"].as_i64()), (Some(1200), Some(900)));
    let served = app.get(&format!("/media/{}", photos[0]["thumb"].as_str().unwrap())).await;
    assert_eq!(served.status(), 200);
    assert_eq!(&served.bytes().await.unwrap()[..3], &[0xFF, 0xD8, 0xFF], "re-encoded as JPEG");

    // Not an image, too many, someone else's review, a guest.
    let (status, body) = {
        let res = upload_photos(&app, &lan, id, vec![b"<svg onload=alert(1)>".to_vec()]).await;
        (res.status(), res.json::<Value>().await.unwrap())
    };
    assert_eq!(status, 422);
    assert!(body["error"]["fields"]["photos"].as_str().unwrap().starts_with("Ảnh thứ 1:"), "{body}");
    let four = (0..4).map(|_| ocop_tests::fixtures::png(200, 200)).collect();
    let res = upload_photos(&app, &lan, id, four).await;
    assert_eq!(res.status(), 422, "2 + 4 is more than 5");
    assert_eq!(upload_photos(&app, &minh, id, vec![ocop_tests::fixtures::png(200, 200)]).await.status(), 404);
    let guest = app.client.post(app.url(&format!("/api/v1/reviews/{id}/photos"))).send().await.unwrap();
    assert_eq!(guest.status(), 401);

    // The product page: the photos under the review, a filter that counts reviews with photos.
    let page = app.page(&app.new_client(), &format!("/san-pham/{}", g.slug)).await;
    assert!(
        page.contains(r#"data-testid="reviews-with-photos""#) && page.contains("Có hình ảnh (1)"),
        "one review has photos"
    );
    assert!(page.contains(r#"data-testid="review-photos""#));
    let filtered = app.page(&app.new_client(), &format!("/san-pham/{}?anh=1", g.slug)).await;
    assert_eq!(filtered.matches(r#"data-testid="review""#).count(), 1);
    let api: Value =
        app.get(&format!("/api/v1/products/{}/reviews?with_photos=true", g.slug)).await.json().await.unwrap();
    assert_eq!((api["total"].as_i64(), api["reviews"][0]["photos"].as_array().map(Vec::len)), (Some(1), Some(2)));

    // Taking one off.
    let photo = photos[1]["id"].as_i64().unwrap();
    let path = format!("/api/v1/reviews/{id}/photos/{photo}");
    assert_eq!(app.client.delete(app.url(&path)).bearer_auth(&minh).send().await.unwrap().status(), 404);
    let left: Value = app.client.delete(app.url(&path)).bearer_auth(&lan).send().await.unwrap().json().await.unwrap();
    assert_eq!(left["photos"].as_array().map(Vec::len), Some(1));
    assert_eq!(app.client.delete(app.url(&path)).bearer_auth(&lan).send().await.unwrap().status(), 404);
}

#[tokio::test]
async fn the_review_form_takes_photos_without_javascript() {
    let app = spawn_app().await;
    let g = goods(&app, "HTX Nấm Hương Đồng Văn", "NAM-ANH", 10).await;
    let (user, token) = shopper(&app).await;
    let (part, line) = buy(&app, &token, &g).await;
    deliver(&app, part).await;
    let client = app.signed_in(&user.email).await;
    let form_path = format!("/danh-gia/viet/don/{line}");
    let html = app.page(&client, &form_path).await;
    assert!(html.contains(r#"enctype="multipart/form-data""#) && html.contains(r#"name="photos""#));
    let csrf = app.csrf_token(&client, &form_path).await;
    let post = |files: Vec<Vec<u8>>, stars: &'static str| {
        let mut form = reqwest::multipart::Form::new().text("stars", stars).text("body", "Nấm thơm, dày cùi");
        for bytes in files {
            form = form.part("photos", reqwest::multipart::Part::bytes(bytes).file_name("nam.png"));
        }
        client.post(app.url(&format!("{form_path}?csrf_token={csrf}"))).multipart(form).send()
    };
    // Six photos: the form comes back with the text kept and the field named.
    let refused = post((0..6).map(|_| ocop_tests::fixtures::png(200, 200)).collect(), "5").await.unwrap();
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(
        html.contains(r#"data-testid="photos-error""#)
            && html.contains("Tối đa 5 ảnh")
            && html.contains("Nấm thơm, dày cùi")
    );
    // An empty file input (no photo chosen) is no photo.
    let sent = post(vec![Vec::new(), ocop_tests::fixtures::png(640, 480)], "5").await.unwrap();
    assert_eq!(sent.status(), 303);
    let page = app.page(&app.new_client(), &format!("/san-pham/{}", g.slug)).await;
    assert_eq!(page.matches(r#"alt="Ảnh của người mua"#).count(), 1);
}
