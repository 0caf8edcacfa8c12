//! Figures: a fair's report (JSON in its stable shape, page, CSV) for its organisers only,
//! its totals equal to the ledger's once every order is paid, the sales dashboards and their
//! period check, and the demo fair the seed trades.

use chrono::{Duration, Utc};
use ocop_accounts::{Role, User};
use ocop_orders::entity::order;
use ocop_tests::fixtures::product;
use ocop_tests::{TestApp, spawn_app_with};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Statement};
use serde_json::{Value, json};

/// Two shops at a fair running now: one from the host province (Quảng Ninh, booth 1,
/// chả mực at a fair price of 180.000 ₫ instead of 200.000 ₫) and one guest (Hà Nội,
/// booth 2, bát gốm at its own 150.000 ₫).
pub struct Fair {
    pub slug: String,
    pub id: i64,
    pub host: (String, User, String),
    pub guest: (String, User, String),
    pub admin: (User, String),
}

pub async fn live_fair(app: &TestApp) -> Fair {
    let admin = app.admin().await;
    let host = app.shop("HTX Chả mực Hạ Long", "Quảng Ninh").await;
    app.live_product(&host.1, &host.0, &product("Chả mực Hạ Long", "CM-1", 200_000, 100)).await;
    let guest = app.shop("Xưởng gốm Bát Tràng", "Hà Nội").await;
    app.live_product(&guest.1, &guest.0, &product("Bát gốm men lam", "BG-1", 150_000, 100)).await;
    let vn = |d: Duration| (Utc::now() + Duration::hours(7) + d).format("%Y-%m-%dT%H:%M").to_string();
    let res = app
        .post_json_as(
            &admin.1,
            "/api/v1/fairs",
            &json!({"name": "Hội chợ OCOP thử nghiệm", "venue_kind": "both", "venue": "Cung Triển lãm Hạ Long",
                "host_province": "Quảng Ninh", "starts_at": vn(-Duration::days(1)), "ends_at": vn(Duration::days(2)),
                "booth_limit": "10", "grid_columns": "5", "invited_provinces": "Hà Nội"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let fair: Value = res.json().await.unwrap();
    let slug = fair["slug"].as_str().unwrap().to_owned();
    for (shop, token) in [(&host.0, &host.2), (&guest.0, &guest.2)] {
        let res = app.post_json_as(token, &format!("/api/v1/fairs/{slug}/booths"), &json!({"shop": shop})).await;
        assert_eq!(res.status(), 201);
        let booth: Value = res.json().await.unwrap();
        let decided = app
            .post_json_as(
                &admin.1,
                &format!("/api/v1/fairs/{slug}/booths/{}/decision", booth["id"]),
                &json!({"accept": true}),
            )
            .await;
        assert_eq!(decided.status(), 200);
    }
    let priced = app
        .client
        .put(app.url(&format!("/api/v1/fairs/{slug}/prices")))
        .bearer_auth(&host.2)
        .json(&json!({"shop": host.0, "sku": "CM-1", "price_vnd": 180_000}))
        .send()
        .await
        .unwrap();
    assert_eq!(priced.status(), 204);
    Fair { id: fair["id"].as_i64().unwrap(), slug, host, guest, admin }
}

/// A buyer orders through the fair's pages; returns (order id, shop order id).
async fn buy(app: &TestApp, fair: &Fair, shop: &str, sku: &str, quantity: i64, method: &str) -> (i64, i64) {
    let (_, token) = app.user(&format!("k-{}@example.vn", uuid::Uuid::new_v4().simple()), Role::Shopper).await;
    let added = app
        .post_json_as(
            &token,
            "/api/v1/cart/items",
            &json!({"sku": sku, "shop": shop, "quantity": quantity, "fair_id": fair.id}),
        )
        .await;
    assert_eq!(added.status(), 201);
    let body = json!({"payment_method": method, "shipping": {"recipient": "Lan", "phone": "0912345678",
        "province": "Quảng Ninh", "commune": "Phường Bãi Cháy", "street": "1 Hạ Long"}});
    let res = app.post_json_as(&token, "/api/v1/checkout", &body).await;
    assert_eq!(res.status(), 201);
    let placed: Value = res.json().await.unwrap();
    let code = placed["code"].as_str().unwrap();
    let id = order::Entity::find().filter(order::Column::Code.eq(code)).one(&app.db).await.unwrap().unwrap().id;
    (id, placed["shop_orders"][0]["id"].as_i64().unwrap())
}

/// A sale at the shop's booth.
async fn sell(app: &TestApp, fair: &Fair, (shop, _, token): &(String, User, String), sku: &str, method: &str) {
    let body = json!({"client_sale_id": uuid::Uuid::new_v4().simple().to_string(), "payment_method": method,
        "fair": fair.slug, "shop": shop, "lines": [{"sku": sku, "quantity": 1}]});
    assert_eq!(app.post_json_as(token, "/api/v1/pos/sales", &body).await.status(), 201);
}

/// Runs the ledger sync until nothing is left to post.
async fn sync_all(app: &TestApp) {
    let commission = app.state.config.payments.commission().unwrap();
    while ocop_payments::sync::run(&app.db, &commission).await.unwrap() > 0 {}
}

/// What the ledger says buyers paid for the fair's purchases (goods and shipping): the
/// money side (the marketplace's clearing account, or the cash a shop holds) of every
/// sale posting and its reversal, for the fair's shop orders and booth sales.
async fn ledger_gross(app: &TestApp, fair_id: i64) -> i64 {
    let sql = "SELECT CAST(COALESCE(SUM(e.amount_vnd), 0) AS BIGINT) AS total FROM ledger_entries e \
         WHERE (e.account = 'buyer_payments' OR e.account LIKE 'shop:%:cod_receivable') AND e.posting IN ( \
           SELECT 'payment:' || CAST(so.id AS TEXT) FROM shop_orders so WHERE so.fair_id = $1 \
           UNION ALL SELECT 'refund:' || CAST(so.id AS TEXT) FROM shop_orders so WHERE so.fair_id = $2 \
           UNION ALL SELECT 'pos:' || CAST(ps.id AS TEXT) FROM pos_sales ps WHERE ps.fair_id = $3)";
    let row = app
        .db
        .query_one_raw(Statement::from_sql_and_values(
            app.db.get_database_backend(),
            sql,
            [fair_id.into(), fair_id.into(), fair_id.into()],
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<i64>("", "total").unwrap()
}

#[tokio::test]
async fn the_fair_report_answers_its_organisers_in_the_stable_shape_and_nobody_else() {
    let app = spawn_app_with(&[("OCOP_PAYMENT_METHODS", "cod,vietqr")]).await;
    let fair = live_fair(&app).await;
    buy(&app, &fair, &fair.host.0, "CM-1", 2, "cod").await; // 2 × 180.000 at the fair price
    let (paid, _) = buy(&app, &fair, &fair.guest.0, "BG-1", 1, "vietqr").await;
    ocop_orders::transitions::mark_paid(&app.db, paid).await.unwrap();
    buy(&app, &fair, &fair.host.0, "CM-1", 1, "vietqr").await; // never paid: not a sale
    sell(&app, &fair, &fair.host, "CM-1", "cash").await; // 180.000 at the booth
    // Two people look; one of them twice, and at a booth too.
    let (a, b) = (app.new_client(), app.new_client());
    for (client, path) in [(&a, "".to_owned()), (&a, "".to_owned()), (&a, "/gian/1".to_owned()), (&b, "".to_owned())] {
        let res = client.get(app.url(&format!("/hoi-cho/{}{path}", fair.slug))).send().await.unwrap();
        assert_eq!(res.status(), 200);
    }

    let path = format!("/api/v1/fairs/{}/report", fair.slug);
    let res = app.get_as(&fair.admin.1, &path).await;
    assert_eq!(res.status(), 200);
    let report: Value = res.json().await.unwrap();
    for key in ["visitors", "orders", "revenue_vnd", "by_province", "by_booth", "by_day"] {
        assert!(report.get(key).is_some(), "{key} missing: {report}");
    }
    assert_eq!((report["visitors"].as_i64(), report["orders"].as_i64()), (Some(2), Some(3)));
    assert_eq!(report["revenue_vnd"], 360_000 + 150_000 + 180_000);
    assert_eq!(report["by_province"], json!({"Quảng Ninh": 540_000, "Hà Nội": 150_000}));
    let booths = report["by_booth"].as_array().unwrap();
    assert_eq!(booths.len(), 2);
    for booth in booths {
        for key in ["booth", "shop", "orders", "revenue_vnd"] {
            assert!(booth.get(key).is_some(), "by_booth.{key} missing: {booth}");
        }
    }
    assert_eq!(
        (
            booths[0]["booth"].as_i64(),
            booths[0]["shop"].as_str(),
            booths[0]["orders"].as_i64(),
            booths[0]["revenue_vnd"].as_i64()
        ),
        (Some(1), Some("HTX Chả mực Hạ Long"), Some(2), Some(540_000))
    );
    assert_eq!(booths[0]["visits"], 1, "one visitor-day at booth 1");
    let days = report["by_day"].as_array().unwrap();
    let today = ocop_fairs::visits::day_of(Utc::now());
    let day = days.iter().find(|d| d["date"] == today.as_str()).unwrap();
    for key in ["date", "visitors", "orders", "revenue_vnd"] {
        assert!(day.get(key).is_some(), "by_day.{key} missing: {day}");
    }
    assert_eq!(
        (day["visitors"].as_i64(), day["orders"].as_i64(), day["revenue_vnd"].as_i64()),
        (Some(2), Some(3), Some(690_000))
    );
    // One row per Vietnam day the fair touches (four, or three when it starts at midnight).
    let shown: Value = app.get(&format!("/api/v1/fairs/{}", fair.slug)).await.json().await.unwrap();
    let instant = |key: &str| chrono::DateTime::parse_from_rfc3339(shown[key].as_str().unwrap()).unwrap().to_utc();
    let (first, last) = (instant("starts_at"), instant("ends_at") - Duration::seconds(1));
    let expected = (ocop_fairs::visits::day_of(last).parse::<chrono::NaiveDate>().unwrap()
        - ocop_fairs::visits::day_of(first).parse::<chrono::NaiveDate>().unwrap())
    .num_days()
        + 1;
    assert_eq!(days.len() as i64, expected, "each of the fair's days, today included: {days:?}");
    assert_eq!(report["online"]["shipping_vnd"].as_i64().map(|s| s > 0), Some(true), "shipping beside revenue");

    // The host province's coordinator organises it too; a guest's coordinator, a vendor and
    // a shopper do not; nobody without a token.
    let (_, host_coordinator) = app.coordinator_of("Quảng Ninh").await;
    assert_eq!(app.get_as(&host_coordinator, &path).await.status(), 200);
    let (guest_coordinator, guest_token) = app.coordinator_of("Hà Nội").await;
    assert_eq!(app.get_as(&guest_token, &path).await.status(), 403);
    assert_eq!(app.get_as(&fair.host.2, &path).await.status(), 403);
    let (_, shopper) = app.user("xem@example.vn", Role::Shopper).await;
    let refused = app.get_as(&shopper, &path).await;
    assert_eq!(refused.status(), 403);
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["error"]["code"], "forbidden");
    assert_eq!(app.get(&path).await.status(), 401);
    assert_eq!(app.get_as(&fair.admin.1, "/api/v1/fairs/khong-co/report").await.status(), 404);
    let openapi: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    assert!(openapi["paths"]["/api/v1/fairs/{slug}/report"]["get"].is_object());

    // The page and the CSV, for the same people.
    let page = format!("/quan-tri/hoi-cho/{}/bao-cao", fair.slug);
    let admin = app.signed_in(&fair.admin.0.email).await;
    let html = admin.get(app.url(&page)).send().await.unwrap().text().await.unwrap();
    for text in ["690.000 ₫", "540.000 ₫", "HTX Chả mực Hạ Long", "role=\"img\"", "Doanh thu theo ngày", "Quảng Ninh"]
    {
        assert!(html.contains(text), "{text} missing from the report page");
    }
    let csv = admin.get(app.url(&format!("{page}.csv"))).send().await.unwrap();
    assert_eq!(csv.status(), 200);
    assert!(csv.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let csv = csv.text().await.unwrap();
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(
        lines[0],
        "gian,cua_hang,tinh,tinh_dang_cai,luot_ghe_gian,don_truc_tuyen,doanh_thu_truc_tuyen_vnd,giao_dich_tai_gian,doanh_thu_tai_gian_vnd,tong_don,tong_doanh_thu_vnd"
    );
    assert_eq!(lines[1], "1,HTX Chả mực Hạ Long,Quảng Ninh,co,1,1,360000,1,180000,2,540000");
    assert_eq!(lines.len(), 3);
    let by_day = admin.get(app.url(&format!("{page}.csv?bang=ngay"))).send().await.unwrap().text().await.unwrap();
    assert!(by_day.contains(&format!("{today},2,3,510000,180000,690000")), "{by_day}");
    assert_eq!(admin.get(app.url(&format!("{page}.csv?bang=khac"))).send().await.unwrap().status(), 422);
    let guest = app.signed_in(&guest_coordinator.email).await;
    assert_eq!(guest.get(app.url(&page)).send().await.unwrap().status(), 403);
    assert_eq!(guest.get(app.url(&format!("{page}.csv"))).send().await.unwrap().status(), 403);
    let vendor = app.signed_in(&fair.host.1.email).await;
    assert_eq!(vendor.get(app.url(&page)).send().await.unwrap().status(), 403);
}

#[tokio::test]
async fn report_totals_equal_the_ledger_once_every_order_is_paid() {
    let app = spawn_app_with(&[("OCOP_PAYMENT_METHODS", "cod,vietqr")]).await;
    let fair = live_fair(&app).await;
    let (host, _, host_token) = &fair.host;
    // Cash on delivery, delivered: the ledger posts it on delivery.
    let (_, cod_part) = buy(&app, &fair, host, "CM-1", 2, "cod").await;
    let status = format!("/api/v1/shops/{host}/orders/{cod_part}/status");
    for step in [
        json!({"status": "packed"}),
        json!({"status": "shipped", "carrier": "GHN", "tracking_code": "GHN123"}),
        json!({"status": "delivered"}),
    ] {
        assert_eq!(app.post_json_as(host_token, &status, &step).await.status(), 200);
    }
    // Paid by transfer.
    let (paid, _) = buy(&app, &fair, &fair.guest.0, "BG-1", 3, "vietqr").await;
    ocop_orders::transitions::mark_paid(&app.db, paid).await.unwrap();
    // Paid, then the shop could not send it: refunded in the ledger, no sale in the report.
    let (refunded, refunded_part) = buy(&app, &fair, host, "CM-1", 1, "vietqr").await;
    ocop_orders::transitions::mark_paid(&app.db, refunded).await.unwrap();
    let cancel = json!({"status": "cancelled", "reason": "Hết hàng"});
    let res =
        app.post_json_as(host_token, &format!("/api/v1/shops/{host}/orders/{refunded_part}/status"), &cancel).await;
    assert_eq!(res.status(), 200);
    // At the booths, in cash and by VietQR.
    sell(&app, &fair, &fair.host, "CM-1", "cash").await;
    sell(&app, &fair, &fair.guest, "BG-1", "vietqr").await;
    // An order outside the fair is in neither total.
    let (_, token) = app.user("ngoai@example.vn", Role::Shopper).await;
    app.post_json_as(&token, "/api/v1/cart/items", &json!({"sku": "BG-1", "shop": fair.guest.0, "quantity": 1})).await;
    let outside = app
        .post_json_as(
            &token,
            "/api/v1/checkout",
            &json!({"payment_method": "vietqr", "shipping": {"recipient": "Hà",
            "phone": "0912345679", "province": "Hà Nội", "commune": "Phường Cầu Giấy", "street": "2 Xuân Thủy"}}),
        )
        .await;
    let outside: Value = outside.json().await.unwrap();
    let outside_id = order::Entity::find()
        .filter(order::Column::Code.eq(outside["code"].as_str().unwrap()))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    ocop_orders::transitions::mark_paid(&app.db, outside_id).await.unwrap();

    sync_all(&app).await;
    let check = ocop_payments::book::check(&app.db).await.unwrap();
    assert!(check.ok(), "{check:?}");
    let (fair_model, report) = {
        let f = ocop_fairs::fair::by_slug(&app.db, &fair.slug).await.unwrap();
        let r = ocop_figures::fair_report(&app.db, &f).await.unwrap();
        (f, r)
    };
    assert_eq!(report.revenue_vnd, 2 * 180_000 + 3 * 150_000 + 180_000 + 150_000);
    assert_eq!((report.online.orders, report.at_booths.sales), (2, 2));
    assert_eq!(
        report.revenue_vnd + report.online.shipping_vnd,
        ledger_gross(&app, fair_model.id).await,
        "goods and shipping of the fair's sales, as the ledger has them"
    );
    // The host's booth alone, against its shop's entries in those postings.
    let host_id = ocop_catalog::shops::by_slug(&app.db, host).await.unwrap().id;
    let host_row = report.by_booth.iter().find(|b| b.shop_slug == *host).unwrap();
    let sql = "SELECT CAST(COALESCE(SUM(so.subtotal_vnd), 0) AS BIGINT) AS total FROM shop_orders so \
               WHERE so.fair_id = $1 AND so.shop_id = $2 AND EXISTS (SELECT 1 FROM ledger_entries e \
               WHERE e.posting = 'payment:' || CAST(so.id AS TEXT)) AND NOT EXISTS (SELECT 1 FROM ledger_entries e \
               WHERE e.posting = 'refund:' || CAST(so.id AS TEXT))";
    let row = app
        .db
        .query_one_raw(Statement::from_sql_and_values(
            app.db.get_database_backend(),
            sql,
            [fair.id.into(), host_id.into()],
        ))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(host_row.online_vnd, row.try_get::<i64>("", "total").unwrap(), "posted and not reversed");
}

#[tokio::test]
async fn the_sales_dashboards_check_their_period_and_show_each_channel() {
    let app = spawn_app_with(&[("OCOP_PAYMENT_METHODS", "cod,vietqr")]).await;
    let fair = live_fair(&app).await;
    buy(&app, &fair, &fair.host.0, "CM-1", 1, "cod").await;
    sell(&app, &fair, &fair.guest, "BG-1", "cash").await;
    // Outside the fair: online, and at the guest shop's own counter.
    let (_, token) = app.user("ngoai@example.vn", Role::Shopper).await;
    app.post_json_as(&token, "/api/v1/cart/items", &json!({"sku": "BG-1", "shop": fair.guest.0, "quantity": 2})).await;
    let res = app
        .post_json_as(
            &token,
            "/api/v1/checkout",
            &json!({"payment_method": "cod", "shipping": {"recipient": "Hà",
            "phone": "0912345679", "province": "Hà Nội", "commune": "Phường Cầu Giấy", "street": "2 Xuân Thủy"}}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let counter = json!({"client_sale_id": "quay-0000000001", "payment_method": "cash", "shop": fair.guest.0,
        "point_of_sale": "Quầy OCOP Sân bay Nội Bài", "lines": [{"sku": "BG-1", "quantity": 1}]});
    assert_eq!(app.post_json_as(&fair.guest.2, "/api/v1/pos/sales", &counter).await.status(), 201);

    let admin = app.signed_in(&fair.admin.0.email).await;
    let res = admin.get(app.url("/quan-tri/doanh-so")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    // 180.000 online through the fair + 150.000 at its booth; 300.000 online; 150.000 at a counter.
    for text in ["780.000 ₫", "330.000 ₫", "300.000 ₫", "Điểm bán", "Thực phẩm", "role=\"img\"", "Xưởng gốm Bát Tràng"]
    {
        assert!(html.contains(text), "{text} missing from the dashboard");
    }
    let index = admin.get(app.url("/quan-tri")).send().await.unwrap().text().await.unwrap();
    assert!(index.contains("href=\"/quan-tri/doanh-so\""), "linked from /quan-tri");

    for (query, field, message) in [
        ("tu=2026-13-01", "tu", "Từ ngày: viết theo dạng năm-tháng-ngày"),
        ("tu=hom-qua&den=2026-11-30", "tu", "Từ ngày"),
        ("tu=2026-11-30&den=2026-11-01", "den", "Đến ngày phải cùng ngày hoặc sau ngày bắt đầu"),
        ("tu=2024-01-01&den=2026-01-01", "den", "tối đa 366 ngày"),
    ] {
        let res = admin.get(app.url(&format!("/quan-tri/doanh-so?{query}"))).send().await.unwrap();
        assert_eq!(res.status(), 422, "{query}");
        let html = res.text().await.unwrap();
        assert!(
            html.contains(&format!("data-testid=\"error-{field}\"")) && html.contains(message),
            "{query}: {message}"
        );
    }
    let vendor = app.signed_in(&fair.guest.1.email).await;
    assert_eq!(vendor.get(app.url("/quan-tri/doanh-so")).send().await.unwrap().status(), 403);

    // The guest shop's own figures: each channel; another shop's are not its business.
    let mine = format!("/kenh-nguoi-ban/{}/doanh-so", fair.guest.0);
    let html = vendor.get(app.url(&mine)).send().await.unwrap().text().await.unwrap();
    for text in ["600.000 ₫", "Bát gốm men lam", "Hội chợ", "Điểm bán"] {
        assert!(html.contains(text), "{text} missing from the shop's dashboard");
    }
    let dashboard = vendor.get(app.url(&format!("/kenh-nguoi-ban/{}", fair.guest.0))).send().await.unwrap();
    assert!(dashboard.text().await.unwrap().contains(&format!("href=\"{mine}\"")), "linked from the shop dashboard");
    let bad = vendor.get(app.url(&format!("{mine}?den=31/12/2026"))).send().await.unwrap();
    assert_eq!(bad.status(), 422);
    assert!(bad.text().await.unwrap().contains("Đến ngày: viết theo dạng năm-tháng-ngày"));
    assert_eq!(
        vendor.get(app.url(&format!("/kenh-nguoi-ban/{}/doanh-so", fair.host.0))).send().await.unwrap().status(),
        404
    );
}

#[tokio::test]
async fn the_demo_seed_trades_a_past_fair_whose_report_matches_the_ledger() {
    let app = spawn_app_with(&[]).await;
    ocop_demo::seed::demo(&app.db, app.state.media.as_ref()).await.unwrap();
    let count = |table: &'static str| {
        let db = app.db.clone();
        async move {
            let row = db
                .query_one_raw(Statement::from_string(
                    db.get_database_backend(),
                    format!("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM {table}"),
                ))
                .await
                .unwrap()
                .unwrap();
            row.try_get::<i64>("", "n").unwrap()
        }
    };
    let before = (count("orders").await, count("pos_sales").await, count("fair_visits").await, count("fairs").await);
    let reviews = count("reviews").await;
    ocop_demo::seed::demo(&app.db, app.state.media.as_ref()).await.unwrap();
    let after = (count("orders").await, count("pos_sales").await, count("fair_visits").await, count("fairs").await);
    assert_eq!(before, after, "seeding again adds nothing");
    assert_eq!(count("reviews").await, reviews, "nor reviews");
    // Buyers of delivered orders reviewed a share of them; one review waits for an admin;
    // each product's kept rating is its published reviews, counted afresh.
    assert!(reviews > 100, "{reviews} demo reviews");
    assert_eq!(ocop_reviews::moderation::waiting_count(&app.db).await.unwrap(), 1);
    assert!(count("product_questions").await >= 8 && count("product_answers").await >= 8, "questions answered");
    let recount = app
        .db
        .query_all_raw(Statement::from_string(
            app.db.get_database_backend(),
            "SELECT r.product_id, CAST(COUNT(*) AS BIGINT) AS n, CAST(SUM(r.stars) AS BIGINT) AS total, \
             CAST(MAX(p.review_count) AS BIGINT) AS kept, CAST(MAX(p.stars_total) AS BIGINT) AS kept_total \
             FROM reviews r JOIN product_ratings p ON p.product_id = r.product_id \
             WHERE r.status = 'published' GROUP BY r.product_id"
                .to_owned(),
        ))
        .await
        .unwrap();
    assert!(!recount.is_empty());
    for row in recount {
        let get = |c: &str| row.try_get::<i64>("", c).unwrap();
        assert_eq!((get("n"), get("total")), (get("kept"), get("kept_total")), "product {}", get("product_id"));
    }

    let fair = ocop_fairs::fair::by_slug(&app.db, "hoi-cho-ocop-quang-ninh-he").await.unwrap();
    assert!(fair.ends_at < Utc::now(), "the demo fair is over");
    assert_eq!(ocop_fairs::fair::provinces_of(&app.db, &fair).await.unwrap().len(), 7, "the host and six guests");
    let report = ocop_figures::fair_report(&app.db, &fair).await.unwrap();
    let booths = report.by_booth.iter().filter(|b| b.booth.is_some()).count();
    assert!((30..=60).contains(&booths), "{booths} booths");
    assert_eq!(report.by_day.len(), 7);
    assert!(report.by_booth.iter().all(|b| b.revenue_vnd > 0), "every booth sold something");
    assert_eq!(report.provinces[0].code, "quang-ninh");
    let host = report.provinces[0].revenue_vnd;
    assert!(report.provinces.iter().skip(1).all(|p| p.revenue_vnd < host), "the host province sells most");
    // Saturdays and Sundays are the busiest days.
    let weekday = |d: &str| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap().format("%u").to_string();
    let (weekend, week): (Vec<_>, Vec<_>) =
        report.by_day.iter().partition(|d| ["6", "7"].contains(&weekday(&d.date).as_str()));
    let mean = |days: &[&ocop_figures::fair_report::DayRow]| {
        days.iter().map(|d| d.revenue_vnd).sum::<i64>() / days.len().max(1) as i64
    };
    assert!(mean(&weekend) > mean(&week), "weekend {} vs weekdays {}", mean(&weekend), mean(&week));
    assert!(report.visitors > 1_000 && report.visitors < report.by_day.iter().map(|d| d.visitors).sum::<i64>());

    sync_all(&app).await;
    let check = ocop_payments::book::check(&app.db).await.unwrap();
    assert!(check.ok(), "{:?}", (check.unbalanced, check.misfiled));
    assert_eq!(report.revenue_vnd + report.online.shipping_vnd, ledger_gross(&app, fair.id).await);
    let sales = ocop_pos::entity::pos_sale::Entity::find()
        .filter(ocop_pos::entity::pos_sale::Column::FairId.eq(fair.id))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(i64::try_from(sales).unwrap(), report.at_booths.sales);
    // Everyday trading around it: the dashboard of the last 60 days has every channel.
    let today = ocop_figures::period::today_vn(Utc::now());
    let dashboard = ocop_figures::dashboard(&app.db, ocop_figures::Period::last_days(today, 60)).await.unwrap();
    assert!(dashboard.by_channel.iter().all(|c| c.orders > 0), "{:?}", dashboard.by_channel);
    assert_eq!(dashboard.by_channel[1].revenue_vnd, report.revenue_vnd, "the fair channel is the fair");
}
