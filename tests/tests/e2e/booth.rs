//! Selling at a booth: a sale sent again and again is one sale, stock comes from the same
//! inventory as online orders, a sale the stock cannot cover is refused whole and said so,
//! and the ledger takes each sale once.

use ocop_accounts::Role;
use ocop_catalog::entity::variant;
use ocop_pos::entity::pos_sale;
use ocop_tests::fixtures::{PASSWORD, product};
use ocop_tests::{TestApp, browser, spawn_app};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

async fn stock(app: &TestApp, sku: &str) -> i64 {
    variant::Entity::find().filter(variant::Column::Sku.eq(sku)).one(&app.db).await.unwrap().unwrap().stock
}

fn sale(id: &str, sku: &str, quantity: i64, method: &str) -> Value {
    json!({"client_sale_id": id, "payment_method": method, "place": "Gian 12, Hội chợ OCOP Quảng Ninh",
        "sold_at": chrono::Utc::now().to_rfc3339(), "lines": [{"sku": sku, "quantity": quantity}]})
}

#[tokio::test]
async fn a_sale_sent_many_times_is_one_sale_and_reaches_the_ledger_once() {
    let app = spawn_app().await;
    let (shop, vendor, token) = app.shop("HTX Nước mắm Cái Rồng", "Quảng Ninh").await;
    app.live_product(&vendor, &shop, &product("Nước mắm Cái Rồng", "NM-1", 120_000, 10)).await;
    let path = format!("/api/v1/shops/{shop}/pos/sales");
    let body = sale("a1b2c3d4e5f6a7b8", "NM-1", 3, "cash");

    let first = app.post_json_as(&token, &path, &body).await;
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    assert_eq!(first["total_vnd"], 360_000);
    assert!(first["receipt_code"].as_str().unwrap().starts_with("BH-"));
    for _ in 0..3 {
        let again = app.post_json_as(&token, &path, &body).await;
        assert_eq!(again.status(), 200);
        assert_eq!(again.headers()["idempotent-replayed"], "true");
        let again: Value = again.json().await.unwrap();
        assert_eq!(again["receipt_code"], first["receipt_code"]);
    }
    // Five copies at once, as a phone coming back online might send them.
    let racing = sale("racing-0000000001", "NM-1", 1, "vietqr");
    let send = || app.post_json_as(&token, &path, &racing);
    let (a, b, c, d, e) = tokio::join!(send(), send(), send(), send(), send());
    let statuses: Vec<u16> = [a, b, c, d, e].iter().map(|r| r.status().as_u16()).collect();
    assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 1, "{statuses:?}");
    assert_eq!(pos_sale::Entity::find().count(&app.db).await.unwrap(), 2);
    assert_eq!(stock(&app, "NM-1").await, 10 - 3 - 1, "stock taken once per sale");

    // The ledger: cash stays with the shop (netted like COD), VietQR reaches the marketplace.
    let commission = ocop_payments::sync::Commission::parse(500, "").unwrap();
    // The gateway's own clock may post some of them first (its first tick can come late on
    // a busy machine): what counts is that each sale is in the ledger, once.
    ocop_payments::sync::run(&app.db, &commission).await.unwrap();
    assert_eq!(ocop_payments::sync::run(&app.db, &commission).await.unwrap(), 0, "posted once");
    let postings: std::collections::BTreeSet<String> = ocop_payments::entity::ledger_entry::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.posting)
        .collect();
    let sales: Vec<String> =
        pos_sale::Entity::find().all(&app.db).await.unwrap().iter().map(|s| format!("pos:{}", s.id)).collect();
    assert_eq!(postings, sales.into_iter().collect(), "each sale posted, and nothing else");
    let shop_id = ocop_catalog::shops::by_slug(&app.db, &shop).await.unwrap().id;
    let balance = ocop_payments::book::shop_balance(&app.db, shop_id).await.unwrap();
    assert_eq!(balance.cod_receivable, 360_000, "the cash in the booth's till");
    assert_eq!(balance.payable, (360_000 - 18_000) + (120_000 - 6_000));
    let check = ocop_payments::book::check(&app.db).await.unwrap();
    assert!(check.ok(), "{check:?}");
    let months = ocop_payments::book::monthly(&app.db, shop_id).await.unwrap();
    assert_eq!(months[0].sales_vnd, 480_000, "booth sales are in the monthly statement");
}

#[tokio::test]
async fn a_sale_the_stock_cannot_cover_is_refused_whole_and_bad_input_names_the_field() {
    let app = spawn_app().await;
    let (shop, vendor, token) = app.shop("HTX Miến dong Bình Liêu", "Quảng Ninh").await;
    app.live_product(&vendor, &shop, &product("Miến dong Bình Liêu", "MD-1", 80_000, 2)).await;
    app.live_product(&vendor, &shop, &product("Chè Bình Liêu", "CB-1", 90_000, 5)).await;
    let path = format!("/api/v1/shops/{shop}/pos/sales");
    // An online order took most of the miến while the phone was offline.
    let two = json!({"client_sale_id": "offline-sale-0001", "payment_method": "cash",
        "lines": [{"sku": "CB-1", "quantity": 1}, {"sku": "MD-1", "quantity": 3}]});
    let res = app.post_json_as(&token, &path, &two).await;
    assert_eq!(res.status(), 409);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "out_of_stock");
    assert!(body["error"]["fields"]["lines"].as_str().unwrap().contains("chỉ còn 2"), "{body}");
    assert_eq!((stock(&app, "CB-1").await, stock(&app, "MD-1").await), (5, 2), "nothing taken");
    assert_eq!(pos_sale::Entity::find().count(&app.db).await.unwrap(), 0);
    // The seller settles it (two packs, not three) under the same id: recorded now.
    let fixed = json!({"client_sale_id": "offline-sale-0001", "payment_method": "cash",
        "lines": [{"sku": "CB-1", "quantity": 1}, {"sku": "MD-1", "quantity": 2}]});
    assert_eq!(app.post_json_as(&token, &path, &fixed).await.status(), 201);
    assert_eq!(stock(&app, "MD-1").await, 0);

    for (body, field) in [
        (
            json!({"client_sale_id": "x", "payment_method": "cash", "lines": [{"sku": "CB-1", "quantity": 1}]}),
            "client_sale_id",
        ),
        (
            json!({"client_sale_id": "good-id-0002", "payment_method": "cheque", "lines": [{"sku": "CB-1", "quantity": 1}]}),
            "payment_method",
        ),
        (json!({"client_sale_id": "good-id-0003", "payment_method": "cash", "lines": []}), "lines"),
        (
            json!({"client_sale_id": "good-id-0004", "payment_method": "cash", "lines": [{"sku": "CB-1", "quantity": 0}]}),
            "lines",
        ),
        (
            json!({"client_sale_id": "good-id-0005", "payment_method": "cash", "lines": [{"sku": "KHONG-CO", "quantity": 1}]}),
            "lines",
        ),
        (
            json!({"client_sale_id": "good-id-0006", "payment_method": "cash", "sold_at": "2020-01-01T00:00:00Z", "lines": [{"sku": "CB-1", "quantity": 1}]}),
            "sold_at",
        ),
        (
            json!({"client_sale_id": "good-id-0007", "payment_method": "cash", "lines": [{"sku": "CB-1", "quantity": "một"}]}),
            "lines",
        ),
    ] {
        let res = app.post_json_as(&token, &path, &body).await;
        assert_eq!(res.status(), 422, "{body}");
        let answer: Value = res.json().await.unwrap();
        let fields = answer["error"]["fields"].as_object().unwrap();
        assert!(fields.keys().any(|k| k.starts_with(field)), "{field}: {answer}");
    }
    // Another shop's seller, and a shopper, cannot sell for this shop.
    let (_, stranger) = app.user("la@example.vn", Role::Shopper).await;
    let res = app.post_json_as(&stranger, &path, &sale("stranger-00001", "CB-1", 1, "cash")).await;
    assert_eq!(res.status(), 404);
    assert_eq!(app.post_json(&path, &sale("anon-000000001", "CB-1", 1, "cash")).await.status(), 401);
}

/// The phone-sized selling screen: pick, take VietQR, finish; the receipt; and a sale the
/// stock cannot cover stays on screen for the seller.
#[tokio::test]
async fn a_booth_sale_paid_by_vietqr_on_a_phone() {
    let Some(b) = browser::phone().await else { return };
    let app = spawn_app().await;
    let (shop, vendor, _) = app.shop("HTX Trà hoa vàng Ba Chẽ", "Quảng Ninh").await;
    app.live_product(&vendor, &shop, &product("Trà hoa vàng Ba Chẽ", "TBC-1", 250_000, 5)).await;
    b.login(&app.address, &vendor.email, PASSWORD).await;
    b.goto(&app.url(&format!("/kenh-nguoi-ban/{shop}"))).await;
    b.click("[data-testid=sell-link]").await;
    b.wait_for_path(&format!("/kenh-nguoi-ban/{shop}/ban-hang")).await;
    b.fill("[data-testid=qty-TBC-1]", "2").await;
    b.click("[data-testid=pay-vietqr]").await;
    b.text_containing("[data-testid=pos-total]", "500.000 ₫").await;
    b.screenshot("booth-vietqr-phone").await;
    b.click("[data-testid=finish-sale]").await;
    b.text_containing("[data-testid=sell-done]", "Đã ghi nhận").await;
    assert_eq!(b.text("[data-testid=pos-pending]").await, "0");
    assert_eq!(stock(&app, "TBC-1").await, 3);
    b.click("[data-testid=receipt-link]").await;
    b.text_containing("[data-testid=receipt-total]", "500.000 ₫").await;
    b.screenshot("booth-receipt-phone").await;

    // Someone online buys the rest while the seller is busy: the next sale cannot be covered.
    b.click("[data-testid=next-sale]").await;
    b.wait_for_path(&format!("/kenh-nguoi-ban/{shop}/ban-hang")).await;
    use sea_orm::ConnectionTrait as _;
    app.db.execute_unprepared("UPDATE product_variants SET stock = 0 WHERE sku = 'TBC-1'").await.unwrap();
    b.fill("[data-testid=qty-TBC-1]", "1").await;
    b.click("[data-testid=finish-sale]").await;
    let conflict = b.text_containing("[data-testid=pos-conflicts]", "chỉ còn 0").await;
    assert!(conflict.contains("Trà hoa vàng Ba Chẽ"), "{conflict}");
    b.screenshot("booth-conflict-phone").await;
    assert_eq!(pos_sale::Entity::find().count(&app.db).await.unwrap(), 1, "the refused sale was not recorded");
    b.close().await;
}
