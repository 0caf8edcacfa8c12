//! The day of an order is Vietnam's day: an order placed at 00:30 in Hà Nội (17:30 UTC the
//! day before) is listed, counted and exported on its Vietnamese date by every surface:
//! the shopper's orders, the shop's orders, the sales dashboards, the fair report and its
//! CSV, and the monthly statement and its CSV.

use chrono::{Duration, NaiveDate, TimeZone as _, Utc};
use ocop_accounts::{Role, User};
use ocop_core::time::{format_date, vn_day_start, vn_offset, vn_today};
use ocop_orders::entity::{order, shop_order};
use ocop_payments::entity::ledger_entry;
use ocop_tests::fixtures::product;
use ocop_tests::{TestApp, spawn_app};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

struct Placed {
    /// Vietnam's yesterday: the order's day.
    day: NaiveDate,
    code: String,
    fair: String,
    shop: (String, User, String),
    admin: (User, String),
    shopper: User,
}

/// A running fair with one booth; a shopper's order through it and a sale at the booth,
/// both at 00:30 yesterday, Vietnam time (the order's time moved in the database after
/// checkout; the booth sale carries its device's clock).
async fn placed_at_half_past_midnight(app: &TestApp) -> Placed {
    let admin = app.admin().await;
    let shop = app.shop("HTX Chả mực Hạ Long", "Quảng Ninh").await;
    app.live_product(&shop.1, &shop.0, &product("Chả mực Hạ Long", "CM-1", 200_000, 100)).await;
    let wall = |d: Duration| (Utc::now() + d).with_timezone(&vn_offset()).format("%Y-%m-%dT%H:%M").to_string();
    let res = app
        .post_json_as(
            &admin.1,
            "/api/v1/fairs",
            &json!({"name": "Hội chợ nửa đêm", "venue_kind": "both", "venue": "Cung Triển lãm Hạ Long",
                "host_province": "Quảng Ninh", "starts_at": wall(-Duration::days(2)), "ends_at": wall(Duration::days(2)),
                "booth_limit": 10}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let fair: Value = res.json().await.unwrap();
    let (fair_id, slug) = (fair["id"].as_i64().unwrap(), fair["slug"].as_str().unwrap().to_owned());
    let res = app.post_json_as(&shop.2, &format!("/api/v1/fairs/{slug}/booths"), &json!({"shop": shop.0})).await;
    let booth = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let res = app
        .post_json_as(&admin.1, &format!("/api/v1/fairs/{slug}/booths/{booth}/decision"), &json!({"accept": true}))
        .await;
    assert_eq!(res.status(), 200);

    let day = vn_today() - Duration::days(1);
    let at = vn_day_start(day) + Duration::minutes(30);
    assert_eq!(at.date_naive(), day - Duration::days(1), "UTC still says the day before");

    let (shopper, token) = app.user("khach-nua-dem@example.vn", Role::Shopper).await;
    let added = app
        .post_json_as(&token, "/api/v1/cart/items", &json!({"sku": "CM-1", "quantity": 1, "fair_id": fair_id}))
        .await;
    assert_eq!(added.status(), 201);
    let res = app
        .post_json_as(
            &token,
            "/api/v1/checkout",
            &json!({"payment_method": "cod", "shipping": {"recipient": "Lan", "phone": "0912345678",
                "province": "Quảng Ninh", "commune": "Phường Bãi Cháy", "street": "1 Hạ Long"}}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let code = res.json::<Value>().await.unwrap()["code"].as_str().unwrap().to_owned();
    let placed = order::Entity::find().filter(order::Column::Code.eq(&code)).one(&app.db).await.unwrap().unwrap();
    order::Entity::update_many()
        .col_expr(order::Column::CreatedAt, Expr::value(at))
        .filter(order::Column::Id.eq(placed.id))
        .exec(&app.db)
        .await
        .unwrap();
    shop_order::Entity::update_many()
        .col_expr(shop_order::Column::CreatedAt, Expr::value(at))
        .filter(shop_order::Column::OrderId.eq(placed.id))
        .exec(&app.db)
        .await
        .unwrap();
    let sale = json!({"client_sale_id": "nua-dem-00000001", "payment_method": "cash", "fair": slug,
        "shop": shop.0, "sold_at": at.to_rfc3339(), "lines": [{"sku": "CM-1", "quantity": 1}]});
    assert_eq!(app.post_json_as(&shop.2, "/api/v1/pos/sales", &sale).await.status(), 201);
    Placed { day, code, fair: slug, shop, admin, shopper }
}

#[tokio::test]
async fn the_shoppers_orders_show_the_vietnamese_day_of_an_order_at_half_past_midnight() {
    let app = spawn_app().await;
    let p = placed_at_half_past_midnight(&app).await;
    let client = app.signed_in(&p.shopper.email).await;
    let list = app.page(&client, "/don-hang").await;
    assert!(list.contains(&p.code), "the order is listed");
    assert!(list.contains(&format_date(p.day)), "its Vietnamese day {}", format_date(p.day));
    assert!(!list.contains(&format_date(p.day - Duration::days(1))), "not UTC's day");
    let detail = app.page(&client, &format!("/don-hang/{}", p.code)).await;
    assert!(detail.contains(&format!("00:30 {}", format_date(p.day))), "placed at 00:30 on its day");
}

#[tokio::test]
async fn the_shops_orders_and_the_admins_show_the_vietnamese_time_of_an_order_at_half_past_midnight() {
    let app = spawn_app().await;
    let p = placed_at_half_past_midnight(&app).await;
    let when = format!("00:30 {}", format_date(p.day));
    let vendor = app.signed_in(&p.shop.1.email).await;
    let list = app.page(&vendor, &format!("/kenh-nguoi-ban/{}/don-hang", p.shop.0)).await;
    assert!(list.contains(&p.code) && list.contains(&when), "{when} in the shop's list");
    let id = shop_order::Entity::find().one(&app.db).await.unwrap().unwrap().id;
    let slip = app.page(&vendor, &format!("/kenh-nguoi-ban/{}/don-hang/{id}/phieu-giao", p.shop.0)).await;
    assert!(slip.contains(&when), "{when} on the packing slip");
    let admin = app.signed_in(&p.admin.0.email).await;
    let orders = app.page(&admin, "/quan-tri/don-hang").await;
    assert!(orders.contains(&when), "{when} in the admin's orders");
}

#[tokio::test]
async fn the_fair_report_and_its_csv_count_half_past_midnight_on_the_vietnamese_day() {
    let app = spawn_app().await;
    let p = placed_at_half_past_midnight(&app).await;
    let iso = p.day.format("%Y-%m-%d").to_string();
    let utc_iso = (p.day - Duration::days(1)).format("%Y-%m-%d").to_string();
    let res = app.get_as(&p.admin.1, &format!("/api/v1/fairs/{}/report", p.fair)).await;
    assert_eq!(res.status(), 200);
    let report: Value = res.json().await.unwrap();
    let orders_on = |date: &str| {
        report["by_day"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["date"] == date)
            .map_or(0, |d| d["orders"].as_i64().unwrap())
    };
    assert_eq!(orders_on(&iso), 2, "the order and the booth sale, on {iso}: {report}");
    assert_eq!(orders_on(&utc_iso), 0, "nothing on UTC's day {utc_iso}");

    let admin = app.signed_in(&p.admin.0.email).await;
    let page = app.page(&admin, &format!("/quan-tri/hoi-cho/{}/bao-cao", p.fair)).await;
    assert!(page.contains(&format!("{}</th><td class=\"num\">", format_date(p.day))), "the day's row");
    let csv = app.page(&admin, &format!("/quan-tri/hoi-cho/{}/bao-cao.csv?bang=ngay", p.fair)).await;
    let row = csv.lines().find(|l| l.starts_with(&iso)).unwrap_or_else(|| panic!("{iso} missing: {csv}"));
    assert_eq!(row.split(',').nth(2), Some("2"), "{row}");
    assert!(csv.lines().filter(|l| l.starts_with(&utc_iso)).all(|l| l.split(',').nth(2) == Some("0")), "{csv}");
}

#[tokio::test]
async fn the_sales_dashboards_count_half_past_midnight_on_the_vietnamese_day() {
    let app = spawn_app().await;
    let p = placed_at_half_past_midnight(&app).await;
    let on = |day: NaiveDate, orders: i64| format!("{}</th><td class=\"num\">{orders}</td>", format_date(day));
    let admin = app.signed_in(&p.admin.0.email).await;
    let vendor = app.signed_in(&p.shop.1.email).await;
    for (client, path) in
        [(&admin, "/quan-tri/doanh-so".to_owned()), (&vendor, format!("/kenh-nguoi-ban/{}/doanh-so", p.shop.0))]
    {
        let page = app.page(client, &path).await;
        assert!(page.contains(&on(p.day, 2)), "{path}: two sales on {}", format_date(p.day));
        assert!(page.contains(&on(p.day - Duration::days(1), 0)), "{path}: none on UTC's day");
    }
}

#[tokio::test]
async fn the_monthly_statement_puts_half_past_midnight_on_the_first_in_the_new_month() {
    let app = spawn_app().await;
    let p = placed_at_half_past_midnight(&app).await;
    let commission = app.state.config.payments.commission().unwrap();
    while ocop_payments::sync::run(&app.db, &commission).await.unwrap() > 0 {}
    // The booth sale's postings, moved to 00:30 on 1 November 2026 in Hà Nội.
    let first_of_november = Utc.with_ymd_and_hms(2026, 10, 31, 17, 30, 0).unwrap();
    let moved = ledger_entry::Entity::update_many()
        .col_expr(ledger_entry::Column::CreatedAt, Expr::value(first_of_november))
        .filter(ledger_entry::Column::Posting.like("pos:%"))
        .exec(&app.db)
        .await
        .unwrap();
    assert!(moved.rows_affected > 0, "the booth sale is in the ledger");
    let vendor = app.signed_in(&p.shop.1.email).await;
    let csv = app.page(&vendor, &format!("/kenh-nguoi-ban/{}/so-du/bao-cao.csv", p.shop.0)).await;
    assert!(csv.lines().any(|l| l.starts_with("2026-11,200000,")), "November's sales: {csv}");
    assert!(!csv.lines().any(|l| l.starts_with("2026-10,")), "nothing in October: {csv}");
    let page = app.page(&vendor, &format!("/kenh-nguoi-ban/{}/so-du", p.shop.0)).await;
    assert!(page.contains("<td>2026-11</td><td>200.000 ₫</td>"), "the statement page lists November's sales");
}
