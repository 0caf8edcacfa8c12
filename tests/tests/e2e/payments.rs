//! Payments: bank statements matched to VietQR orders, and the ledger check.

use ocop_accounts::Role;
use ocop_orders::entity::order;
use ocop_payments::entity::statement_line;
use ocop_tests::fixtures::{PASSWORD, product};
use ocop_tests::{TestApp, spawn_app_with};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

async fn vietqr_order(app: &TestApp, shop: &str, sku: &str, quantity: i64) -> Value {
    let (_, token) = app.user(&format!("khach-{}@example.vn", uuid::Uuid::new_v4().simple()), Role::Shopper).await;
    let res =
        app.post_json_as(&token, "/api/v1/cart/items", &json!({"sku": sku, "shop": shop, "quantity": quantity})).await;
    assert_eq!(res.status(), 201);
    let body = json!({"payment_method": "vietqr", "shipping": {"recipient": "Lan", "phone": "0912345678",
        "province": "Quảng Ninh", "commune": "Phường Bãi Cháy", "street": "1 Hạ Long"}});
    let res = app.post_json_as(&token, "/api/v1/checkout", &body).await;
    assert_eq!(res.status(), 201);
    res.json().await.unwrap()
}

async fn upload(app: &TestApp, client: &reqwest::Client, csv: &str) -> reqwest::Response {
    let token = app.csrf_token(client, "/quan-tri/sao-ke").await;
    let part =
        reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name("sao-ke.csv").mime_str("text/csv").unwrap();
    client
        .post(app.url(&format!("/quan-tri/sao-ke?csrf_token={token}")))
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_bank_statement_confirms_exact_transfers_and_lists_the_rest() {
    let app = spawn_app_with(&[("OCOP_PAYMENT_METHODS", "cod,vietqr")]).await;
    let (shop, vendor, _) = app.shop("HTX Mật ong Bình Liêu", "Quảng Ninh").await;
    app.live_product(&vendor, &shop, &product("Mật ong Bình Liêu", "MO-1", 200_000, 20)).await;
    let paid = vietqr_order(&app, &shop, "MO-1", 1).await;
    let short = vietqr_order(&app, &shop, "MO-1", 2).await;
    let (paid_code, short_code) = (paid["code"].as_str().unwrap(), short["code"].as_str().unwrap());
    assert_eq!(paid["total_vnd"], 230_000);

    let (admin, _) = app.admin().await;
    let client = app.new_client();
    app.post_form(&client, "/dang-nhap", "/dang-nhap", &[("email", &admin.email), ("password", PASSWORD)]).await;
    // The bank drops the hyphens and adds its own words; one line is someone's lunch.
    let squashed = paid_code.replace('-', "");
    let csv = format!(
        "Ngày giao dịch,Số tiền ghi có,Nội dung\n26/11/2026,\"230.000\",MBVCB.123 {squashed} chuyen tien\n\
         26/11/2026,\"300.000\",{short_code}\n26/11/2026,\"45.000\",an trua\n26/11/2026,\"-10.000\",phi SMS\n"
    );
    let res = upload(&app, &client, &csv).await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains("3 dòng · 1 khớp đơn · 0 đã nhập trước · 2 cần xử lý"), "{html}");

    let paid_row = order::Entity::find().filter(order::Column::Code.eq(paid_code)).one(&app.db).await.unwrap().unwrap();
    assert_eq!(paid_row.payment_status, "paid");
    let short_row =
        order::Entity::find().filter(order::Column::Code.eq(short_code)).one(&app.db).await.unwrap().unwrap();
    assert_eq!(short_row.payment_status, "unpaid", "a partial transfer confirms nothing");
    let lines = statement_line::Entity::find().all(&app.db).await.unwrap();
    let statuses: Vec<&str> = lines.iter().map(|l| l.status.as_str()).collect();
    assert_eq!(statuses, ["matched", "partial", "unmatched"]);

    // The same file again: nothing new, nothing paid twice.
    let again = upload(&app, &client, &csv).await.text().await.unwrap();
    assert!(again.contains("3 dòng · 0 khớp đơn · 3 đã nhập trước"), "{again}");
    assert_eq!(statement_line::Entity::find().all(&app.db).await.unwrap().len(), 3);

    // A file that cannot be read names the row.
    let bad = upload(&app, &client, "ngay,so_tien,noi_dung\n31/02/2026,100,x\n").await;
    assert_eq!(bad.status(), 422);
    assert!(bad.text().await.unwrap().contains("Dòng 2"));
}

#[tokio::test]
async fn the_ledger_takes_only_balanced_postings_once_and_the_check_finds_tampering() {
    let app = ocop_tests::spawn_app().await;
    let line = |account: &str, amount: i64| ocop_payments::book::Line {
        account: account.into(),
        shop_id: account.strip_prefix("shop:").and_then(|s| s.parse().ok()),
        amount_vnd: amount,
        memo: "thử".into(),
    };
    let sale = [line("clearing", 100_000), line("shop:7", -95_000), line("commission", -5_000)];
    assert!(ocop_payments::book::post(&app.db, "sale:1", Some(1), &sale).await.unwrap());
    assert!(!ocop_payments::book::post(&app.db, "sale:1", Some(1), &sale).await.unwrap(), "a repeat posts nothing");
    let lopsided = [line("clearing", 100_000), line("shop:7", -90_000)];
    assert!(ocop_payments::book::post(&app.db, "sale:2", Some(2), &lopsided).await.is_err());
    let check = ocop_payments::book::check(&app.db).await.unwrap();
    assert!(check.ok(), "{check:?}");
    assert_eq!(ocop_payments::book::shop_balance(&app.db, 7).await.unwrap(), 95_000);
    // Someone edits the table by hand: the check names the posting.
    use sea_orm::ConnectionTrait;
    app.db
        .execute_raw(sea_orm::Statement::from_string(
            app.db.get_database_backend(),
            "UPDATE ledger_entries SET amount_vnd = 4000 WHERE account = 'commission'",
        ))
        .await
        .unwrap();
    let check = ocop_payments::book::check(&app.db).await.unwrap();
    assert!(!check.ok());
    assert_eq!(check.unbalanced, vec![("sale:1".to_owned(), 9_000)]);
}
