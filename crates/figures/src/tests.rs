//! The aggregates against a small hand-made database (in-memory SQLite, the real schema)
//! whose every total is worked out by hand in the comments.
#![expect(clippy::unwrap_used, reason = "fixtures")]

use chrono::{DateTime, NaiveDate, TimeZone as _, Utc};
use ocop_migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement, Value};

use crate::period::Period;
use crate::{dashboard, fair_report, shop_sales};

/// Vietnam wall-clock time as UTC.
fn vn(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, day, hour, minute, 0).unwrap() - chrono::Duration::hours(7)
}

async fn exec(db: &DatabaseConnection, sql: &str, values: Vec<Value>) {
    db.execute_raw(Statement::from_sql_and_values(db.get_database_backend(), sql, values)).await.unwrap();
}

async fn shop(db: &DatabaseConnection, id: i64, slug: &str, province: &str) {
    exec(
        db,
        "INSERT INTO shops (id, slug, name, producer_type, province_code, province_input, commune, street, phone, \
         description, status, created_at, updated_at) VALUES ($1, $2, $3, 'hop_tac_xa', $4, $5, 'Xã', 'Thôn', \
         '0912345678', '', 'verified', $6, $7)",
        vec![
            id.into(),
            slug.into(),
            format!("Cửa hàng {slug}").into(),
            province.into(),
            province.into(),
            vn(1, 8, 0).into(),
            vn(1, 8, 0).into(),
        ],
    )
    .await;
}

async fn product(db: &DatabaseConnection, id: i64, shop: i64, name: &str, category: &str, price: i64) {
    exec(
        db,
        "INSERT INTO products (id, shop_id, slug, name, name_sort, description, category, province_code, \
         province_input, ingredients, shelf_life, storage, status, live, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, '', $6, 'quang-ninh', 'Quảng Ninh', '', '', '', 'approved', TRUE, $7, $8)",
        vec![
            id.into(),
            shop.into(),
            format!("p-{id}").into(),
            name.into(),
            name.into(),
            category.into(),
            vn(1, 8, 0).into(),
            vn(1, 8, 0).into(),
        ],
    )
    .await;
    exec(
        db,
        "INSERT INTO product_variants (id, product_id, shop_id, sku, label, price_vnd, stock, weight_grams, unit, \
         position) VALUES ($1, $2, $3, $4, '', $5, 100, 100, 'hộp', 0)",
        vec![id.into(), id.into(), shop.into(), format!("SKU-{id}").into(), price.into()],
    )
    .await;
}

struct Order {
    id: i64,
    shop: i64,
    fair: Option<i64>,
    status: &'static str,
    at: DateTime<Utc>,
    variant: i64,
    quantity: i32,
    unit: i64,
    shipping: i64,
}

async fn order(db: &DatabaseConnection, o: Order) {
    let goods = o.unit * i64::from(o.quantity);
    exec(
        db,
        "INSERT INTO orders (id, code, user_id, payment_method, payment_status, request_hash, recipient, phone, \
         province_code, province_input, commune, street, subtotal_vnd, shipping_vnd, total_vnd, created_at) \
         VALUES ($1, $2, 1, 'cod', 'cod', '', 'Lan', '0912345678', 'ha-noi', 'Hà Nội', 'Phường', 'Phố', $3, $4, $5, $6)",
        vec![o.id.into(), format!("OCOP-T-{}", o.id).into(), goods.into(), o.shipping.into(), (goods + o.shipping).into(), o.at.into()],
    )
    .await;
    exec(
        db,
        "INSERT INTO shop_orders (id, order_id, shop_id, status, subtotal_vnd, shipping_vnd, total_vnd, created_at, \
         updated_at, fair_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        vec![
            o.id.into(),
            o.id.into(),
            o.shop.into(),
            o.status.into(),
            goods.into(),
            o.shipping.into(),
            (goods + o.shipping).into(),
            o.at.into(),
            o.at.into(),
            o.fair.into(),
        ],
    )
    .await;
    exec(
        db,
        "INSERT INTO order_lines (shop_order_id, variant_id, sku, product_name, product_slug, variant_label, \
         unit_price_vnd, quantity, line_total_vnd, weight_grams) VALUES ($1, $2, 'SKU', 'snapshot', 'p', '', $3, $4, $5, 100)",
        vec![o.id.into(), o.variant.into(), o.unit.into(), o.quantity.into(), goods.into()],
    )
    .await;
}

struct Sale {
    id: i64,
    shop: i64,
    fair: Option<i64>,
    method: &'static str,
    at: DateTime<Utc>,
    product: i64,
    quantity: i64,
    unit: i64,
}

async fn sale(db: &DatabaseConnection, s: Sale) {
    exec(
        db,
        "INSERT INTO pos_sales (id, shop_id, client_sale_id, receipt_code, seller_id, payment_method, fair_id, place, \
         total_vnd, sold_at, received_at) VALUES ($1, $2, $3, $4, 1, $5, $6, '', $7, $8, $9)",
        vec![
            s.id.into(),
            s.shop.into(),
            format!("client-{}", s.id).into(),
            format!("BH-{}", s.id).into(),
            s.method.into(),
            s.fair.into(),
            (s.unit * s.quantity).into(),
            s.at.into(),
            s.at.into(),
        ],
    )
    .await;
    exec(
        db,
        "INSERT INTO pos_sale_lines (sale_id, variant_id, product_id, sku, product_name, quantity, unit_price_vnd, \
         line_total_vnd) VALUES ($1, $2, $3, 'SKU', 'snapshot', $4, $5, $6)",
        vec![
            s.id.into(),
            s.product.into(),
            s.product.into(),
            s.quantity.into(),
            s.unit.into(),
            (s.unit * s.quantity).into(),
        ],
    )
    .await;
}

async fn visit(db: &DatabaseConnection, booth: i64, visitor: &str, day: u32) {
    exec(
        db,
        "INSERT INTO fair_visits (fair_id, booth_id, visitor, day, first_at) VALUES (1, $1, $2, $3, $4)",
        vec![booth.into(), visitor.into(), format!("2026-06-{day:02}").into(), vn(day, 10, 0).into()],
    )
    .await;
}

/// Shops A (Quảng Ninh, booth 1), B (Hà Nội, booth 2), C (Quảng Ninh, sold through the fair
/// then withdrew) and D (Hà Nội, never at the fair), at a fair of 12–14 June hosted by
/// Quảng Ninh.
async fn fixture() -> DatabaseConnection {
    let db = ocop_core::db::connect("sqlite::memory:", 1).await.unwrap();
    Migrator::up(&db, None).await.unwrap();
    exec(
        &db,
        "INSERT INTO users (id, email, name, password_hash, role, created_at, updated_at, password_changed_at) \
         VALUES (1, 'a@b.vn', 'Lan', 'x', 'admin', $1, $2, $3)",
        vec![vn(1, 8, 0).into(), vn(1, 8, 0).into(), vn(1, 8, 0).into()],
    )
    .await;
    shop(&db, 1, "a", "quang-ninh").await;
    shop(&db, 2, "b", "ha-noi").await;
    shop(&db, 3, "c", "quang-ninh").await;
    shop(&db, 4, "d", "ha-noi").await;
    product(&db, 1, 1, "Chả mực", "thuc-pham", 120_000).await;
    product(&db, 2, 2, "Trà sen", "do-uong", 60_000).await;
    product(&db, 3, 3, "Khăn lụa", "vai-may-mac", 250_000).await;
    product(&db, 4, 4, "Miến dong", "thuc-pham", 35_000).await;
    exec(
        &db,
        "INSERT INTO fairs (id, slug, name, description, venue_kind, venue, host_province, starts_at, ends_at, \
         booth_limit, grid_columns, created_by, created_at) VALUES (1, 'hc', 'Hội chợ hè', '', 'both', 'Hạ Long', \
         'quang-ninh', $1, $2, 10, 5, 1, $3)",
        vec![vn(12, 8, 0).into(), vn(15, 0, 0).into(), vn(1, 8, 0).into()],
    )
    .await;
    exec(&db, "INSERT INTO fair_provinces (fair_id, province_code) VALUES (1, 'quang-ninh'), (1, 'ha-noi')", vec![])
        .await;
    for (id, shop, status, number) in
        [(11, 1, "accepted", Some(1)), (12, 2, "accepted", Some(2)), (13, 3, "withdrawn", None)]
    {
        exec(
            &db,
            "INSERT INTO fair_booths (id, fair_id, shop_id, status, booth_number, note, decision_note, created_at) \
             VALUES ($1, 1, $2, $3, $4, '', '', $5)",
            vec![i64::from(id).into(), i64::from(shop).into(), status.into(), number.into(), vn(1, 8, 0).into()],
        )
        .await;
    }
    let o = |id, shop, fair, status, at, variant, quantity, unit, shipping| Order {
        id,
        shop,
        fair,
        status,
        at,
        variant,
        quantity,
        unit,
        shipping,
    };
    for x in [
        o(1, 1, Some(1), "confirmed", vn(12, 10, 0), 1, 2, 100_000, 30_000),
        o(2, 1, Some(1), "cancelled", vn(12, 11, 0), 1, 1, 100_000, 30_000),
        // 23:30 in Hà Nội is still the 13th.
        o(3, 2, Some(1), "completed", vn(13, 23, 30), 2, 3, 50_000, 20_000),
        o(4, 2, Some(1), "awaiting_payment", vn(13, 12, 0), 2, 1, 50_000, 20_000),
        // 00:30 on the 14th in Hà Nội, still the 13th in UTC.
        o(5, 3, Some(1), "delivered", vn(14, 0, 30), 3, 1, 200_000, 0),
        o(6, 4, None, "confirmed", vn(13, 9, 0), 4, 5, 30_000, 15_000),
        o(7, 1, Some(1), "refunded", vn(13, 9, 0), 1, 1, 100_000, 30_000),
    ] {
        order(&db, x).await;
    }
    sale(
        &db,
        Sale { id: 1, shop: 1, fair: Some(1), method: "cash", at: vn(12, 9, 0), product: 1, quantity: 1, unit: 90_000 },
    )
    .await;
    sale(
        &db,
        Sale {
            id: 2,
            shop: 1,
            fair: Some(1),
            method: "vietqr",
            at: vn(14, 15, 0),
            product: 1,
            quantity: 1,
            unit: 90_000,
        },
    )
    .await;
    sale(
        &db,
        Sale { id: 3, shop: 2, fair: None, method: "cash", at: vn(13, 16, 0), product: 2, quantity: 2, unit: 50_000 },
    )
    .await;
    for (booth, visitor, day) in [
        (0, "v1", 12),
        (0, "v2", 12),
        (0, "v1", 13),
        (0, "v3", 13),
        (11, "v1", 12),
        (11, "v2", 12),
        (11, "v1", 13),
        (12, "v3", 13),
    ] {
        visit(&db, booth, visitor, day).await;
    }
    db
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[tokio::test]
async fn the_fair_report_counts_what_was_committed_per_booth_day_and_province() {
    let db = fixture().await;
    let fair = ocop_fairs::fair::by_slug(&db, "hc").await.unwrap();
    let r = fair_report(&db, &fair).await.unwrap();
    // Online: orders 1, 3, 5 (not the cancelled, unpaid or refunded ones).
    assert_eq!((r.online.orders, r.online.revenue_vnd, r.online.shipping_vnd), (3, 550_000, 50_000));
    // At the booths: sales 1 and 2 (sale 3 was at a counter, not at the fair).
    assert_eq!(
        (r.at_booths.sales, r.at_booths.revenue_vnd, r.at_booths.cash_vnd, r.at_booths.vietqr_vnd),
        (2, 180_000, 90_000, 90_000)
    );
    assert_eq!((r.orders, r.revenue_vnd), (5, 730_000));
    // v1, v2, v3 over the fair; the 12th saw v1 and v2, the 13th v1 and v3.
    assert_eq!((r.visitors, r.booth_visits), (3, 4));

    let booths: Vec<(Option<i32>, &str, i64, i64, i64)> =
        r.by_booth.iter().map(|b| (b.booth, b.shop_slug.as_str(), b.orders, b.revenue_vnd, b.visits)).collect();
    assert_eq!(booths, [(Some(1), "a", 3, 380_000, 3), (None, "c", 1, 200_000, 0), (Some(2), "b", 1, 150_000, 1)]);
    assert_eq!(r.by_booth.iter().map(|b| b.revenue_vnd).sum::<i64>(), r.revenue_vnd);

    let days: Vec<(&str, i64, i64, i64)> =
        r.by_day.iter().map(|d| (d.date.as_str(), d.visitors, d.orders, d.revenue_vnd)).collect();
    assert_eq!(days, [("2026-06-12", 2, 2, 290_000), ("2026-06-13", 2, 1, 150_000), ("2026-06-14", 0, 2, 290_000)]);

    assert_eq!(r.by_province.get("Quảng Ninh"), Some(&580_000));
    assert_eq!(r.by_province.get("Hà Nội"), Some(&150_000));
    assert_eq!(r.host_and_guests(), (580_000, 150_000));
    assert_eq!((r.provinces[0].code.as_str(), r.provinces[0].booths), ("quang-ninh", 1));

    let top: Vec<(&str, i64, i64)> =
        r.top_products.iter().map(|p| (p.name.as_str(), p.quantity, p.revenue_vnd)).collect();
    assert_eq!(top, [("Chả mực", 4, 380_000), ("Khăn lụa", 1, 200_000), ("Trà sen", 3, 150_000)]);
}

#[tokio::test]
async fn the_dashboard_splits_channels_provinces_groups_shops_and_days() {
    let db = fixture().await;
    let period = Period::parse(Some("2026-06-12"), Some("2026-06-14"), day("2026-06-20")).unwrap();
    let d = dashboard(&db, period).await.unwrap();
    let channels: Vec<(&str, i64, i64)> =
        d.by_channel.iter().map(|c| (c.key.as_str(), c.orders, c.revenue_vnd)).collect();
    assert_eq!(channels, [("online", 1, 150_000), ("fair", 5, 730_000), ("point_of_sale", 1, 100_000)]);
    assert_eq!((d.orders, d.revenue_vnd, d.shipping_vnd, d.shops_selling), (7, 980_000, 65_000, 4));
    let provinces: Vec<(&str, i64)> = d.by_province.iter().map(|p| (p.name.as_str(), p.revenue_vnd)).collect();
    assert_eq!(provinces, [("Quảng Ninh", 580_000), ("Hà Nội", 400_000)]);
    let groups: Vec<(&str, i64, i64)> =
        d.by_group.iter().take(3).map(|g| (g.key.as_str(), g.quantity, g.revenue_vnd)).collect();
    assert_eq!(groups, [("thuc-pham", 9, 530_000), ("do-uong", 5, 250_000), ("vai-may-mac", 1, 200_000)]);
    assert_eq!(d.by_group.len(), 6, "every OCOP group, the empty ones too");
    assert_eq!(d.by_group.iter().map(|g| g.revenue_vnd).sum::<i64>(), d.revenue_vnd);
    let shops: Vec<(&str, i64)> = d.by_shop.iter().map(|s| (s.key.as_str(), s.revenue_vnd)).collect();
    assert_eq!(shops, [("a", 380_000), ("b", 250_000), ("c", 200_000), ("d", 150_000)]);
    let days: Vec<(&str, i64, i64, i64, i64)> = d
        .by_day
        .iter()
        .map(|x| (x.date.as_str(), x.revenue_vnd, x.online_vnd, x.fair_vnd, x.point_of_sale_vnd))
        .collect();
    assert_eq!(
        days,
        [
            ("2026-06-12", 290_000, 0, 290_000, 0),
            ("2026-06-13", 400_000, 150_000, 150_000, 100_000),
            ("2026-06-14", 290_000, 0, 290_000, 0)
        ]
    );

    // The 13th ends at midnight in Hà Nội: the order placed at 00:30 on the 14th is out.
    let two_days = Period::parse(Some("2026-06-12"), Some("2026-06-13"), day("2026-06-20")).unwrap();
    let d = dashboard(&db, two_days).await.unwrap();
    assert_eq!(d.revenue_vnd, 290_000 + 400_000);
    assert_eq!(d.by_day.len(), 2);
}

#[tokio::test]
async fn a_shop_sees_its_own_channels_and_best_sellers_only() {
    let db = fixture().await;
    let period = Period::parse(Some("2026-06-01"), Some("2026-06-30"), day("2026-06-30")).unwrap();
    let b = shop_sales(&db, 2, period).await.unwrap();
    let channels: Vec<(&str, i64, i64)> =
        b.by_channel.iter().map(|c| (c.key.as_str(), c.orders, c.revenue_vnd)).collect();
    assert_eq!(channels, [("online", 0, 0), ("fair", 1, 150_000), ("point_of_sale", 1, 100_000)]);
    assert_eq!((b.orders, b.revenue_vnd), (2, 250_000));
    assert_eq!(b.by_day.len(), 30);
    assert_eq!(b.by_day.iter().map(|d| d.revenue_vnd).sum::<i64>(), 250_000);
    let best: Vec<(&str, i64, i64)> =
        b.best_sellers.iter().map(|p| (p.name.as_str(), p.quantity, p.revenue_vnd)).collect();
    assert_eq!(best, [("Trà sen", 5, 250_000)]);
    let a = shop_sales(&db, 1, period).await.unwrap();
    assert_eq!((a.orders, a.revenue_vnd), (3, 380_000));
}
