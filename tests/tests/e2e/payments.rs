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
    use ocop_payments::ledger::{self, Account, Posting, PostingKind, Settlement, ShopOrder};
    let app = ocop_tests::spawn_app().await;
    let sale = ShopOrder {
        order_code: "OCOP-261126-TEST".into(),
        shop_id: 7,
        goods: ocop_core::Vnd(100_000),
        shipping: ocop_core::Vnd(30_000),
        marketplace_funded: ocop_core::Vnd(0),
        commission_bps: 500,
        household: true,
        settlement: Settlement::Online,
    };
    let posting = ledger::payment(&sale).unwrap();
    assert!(ocop_payments::book::post(&app.db, "payment:1", Some(1), "Đơn thử", &posting).await.unwrap());
    assert!(
        !ocop_payments::book::post(&app.db, "payment:1", Some(1), "Đơn thử", &posting).await.unwrap(),
        "a repeat posts nothing"
    );
    let lopsided = Posting {
        kind: PostingKind::Payment,
        reference: "x".into(),
        lines: vec![ledger::Line { account: Account::BuyerPayments, amount: 10 }],
    };
    assert!(ocop_payments::book::post(&app.db, "payment:2", Some(2), "lệch", &lopsided).await.is_err());
    let check = ocop_payments::book::check(&app.db).await.unwrap();
    assert!(check.ok(), "{check:?}");
    // 100.000 goods: 5 % commission, 1 % VAT, 0.5 % PIT withheld; shipping passes through.
    let balance = ocop_payments::book::shop_balance(&app.db, 7).await.unwrap();
    assert_eq!(balance.payable, 130_000 - 5_000 - 1_000 - 500);
    // Someone edits the table by hand: the check names the posting.
    use sea_orm::ConnectionTrait;
    app.db
        .execute_raw(sea_orm::Statement::from_string(
            app.db.get_database_backend(),
            "UPDATE ledger_entries SET amount_vnd = amount_vnd + 9000 WHERE account = 'commission_revenue'",
        ))
        .await
        .unwrap();
    let check = ocop_payments::book::check(&app.db).await.unwrap();
    assert!(!check.ok());
    assert_eq!(check.unbalanced, vec![("payment:1".to_owned(), 9_000)]);
}

#[tokio::test]
async fn paid_delivered_and_refunded_orders_reach_the_ledger_once() {
    let app = spawn_app_with(&[("OCOP_PAYMENT_METHODS", "cod,vietqr"), ("OCOP_COMMISSION_BPS", "1000")]).await;
    let (shop, vendor, vendor_token) = app.shop("HTX Chè Đường Hoa", "Quảng Ninh").await;
    app.live_product(&vendor, &shop, &product("Chè Đường Hoa", "CH-1", 100_000, 20)).await;
    let shop_id = ocop_catalog::shops::by_slug(&app.db, &shop).await.unwrap().id;
    let commission = ocop_payments::sync::Commission::parse(1000, "").unwrap();

    // VietQR: the API tells the buyer what to pay; the statement confirms it; the ledger posts.
    let (buyer, token) = app.user("tra.hoa@example.vn", Role::Shopper).await;
    app.post_json_as(&token, "/api/v1/cart/items", &json!({"sku": "CH-1", "shop": shop, "quantity": 1})).await;
    let body = json!({"payment_method": "vietqr", "shipping": {"recipient": "Hoa", "phone": "0912345678",
        "province": "Quảng Ninh", "commune": "Phường Bãi Cháy", "street": "1 Hạ Long"}});
    let placed: Value = app.post_json_as(&token, "/api/v1/checkout", &body).await.json().await.unwrap();
    let code = placed["code"].as_str().unwrap().to_owned();
    let pay: Value = app.get_as(&token, &format!("/api/v1/orders/{code}/payment")).await.json().await.unwrap();
    assert_eq!(pay["method"], "vietqr");
    assert_eq!(pay["amount_vnd"], 130_000);
    let payload = pay["payload"].as_str().unwrap();
    let decoded = ocop_payments::vietqr::VietQr::decode(payload).unwrap();
    assert_eq!(decoded.purpose.as_deref(), Some(code.as_str()));
    assert_eq!(ocop_payments::sync::run(&app.db, &commission).await.unwrap(), 0, "nothing is due before payment");
    let order_id = order::Entity::find().filter(order::Column::Code.eq(&code)).one(&app.db).await.unwrap().unwrap().id;
    ocop_orders::transitions::mark_paid(&app.db, order_id).await.unwrap();
    assert_eq!(ocop_payments::sync::run(&app.db, &commission).await.unwrap(), 1);
    assert_eq!(ocop_payments::sync::run(&app.db, &commission).await.unwrap(), 0, "posted once");
    let balance = ocop_payments::book::shop_balance(&app.db, shop_id).await.unwrap();
    assert_eq!(balance.payable, 130_000 - 10_000, "10 % commission on goods; shipping passes through");
    let paid_again = app.get_as(&token, &format!("/api/v1/orders/{code}/payment")).await;
    assert_eq!(paid_again.status(), 409);

    // COD: posted when delivered; the shop holds the cash, so it becomes a receivable.
    let (_, cod_token) = app.user("cod@example.vn", Role::Shopper).await;
    app.post_json_as(&cod_token, "/api/v1/cart/items", &json!({"sku": "CH-1", "shop": shop, "quantity": 2})).await;
    let mut cod = body.clone();
    cod["payment_method"] = json!("cod");
    let placed: Value = app.post_json_as(&cod_token, "/api/v1/checkout", &cod).await.json().await.unwrap();
    let part = placed["shop_orders"][0]["id"].as_i64().unwrap();
    let path = format!("/api/v1/shops/{shop}/orders/{part}/status");
    for step in [json!({"status": "packed"}), json!({"status": "shipped", "carrier": "GHN", "tracking_code": "G1"})] {
        app.post_json_as(&vendor_token, &path, &step).await;
    }
    assert_eq!(ocop_payments::sync::run(&app.db, &commission).await.unwrap(), 0, "COD counts once delivered");
    app.post_json_as(&vendor_token, &path, &json!({"status": "delivered"})).await;
    assert_eq!(ocop_payments::sync::run(&app.db, &commission).await.unwrap(), 1);
    let balance = ocop_payments::book::shop_balance(&app.db, shop_id).await.unwrap();
    assert_eq!(balance.cod_receivable, 230_000, "the cash the courier collected for the shop");

    // A refund the admin grants reverses that sale exactly.
    let request = ocop_orders::refunds::request(
        &app.db,
        &ocop_accounts::users::find(&app.db, buyer.id).await.unwrap(),
        part,
        "không phải đơn của tôi",
    )
    .await;
    assert!(request.is_err(), "only the buyer of the part may complain");
    let cod_buyer = ocop_accounts::tokens::authenticate(&app.db, &cod_token).await.unwrap();
    let request = ocop_orders::refunds::request(&app.db, &cod_buyer, part, "Chè bị ẩm mốc").await.unwrap();
    let (admin, _) = app.admin().await;
    ocop_orders::refunds::decide(&app.db, &admin.actor(), request.id, true, "Ảnh cho thấy chè bị mốc").await.unwrap();
    assert_eq!(ocop_payments::sync::run(&app.db, &commission).await.unwrap(), 1);
    let check = ocop_payments::book::check(&app.db).await.unwrap();
    assert!(check.ok(), "{check:?}");
    assert_eq!(check.postings, 3);
    let after = ocop_payments::book::shop_balance(&app.db, shop_id).await.unwrap();
    assert_eq!(after.payable, 120_000, "only the VietQR sale remains");
    let months = ocop_payments::book::monthly(&app.db, shop_id).await.unwrap();
    assert_eq!(months.len(), 1);
    let m = &months[0];
    assert_eq!(
        (m.sales_vnd, m.commission_vnd, m.vat_withheld_vnd, m.pit_withheld_vnd, m.shop_vnd),
        (130_000, 10_000, 0, 0, 120_000)
    );
    // The shop downloads it.
    let vendor_client = app.new_client();
    app.post_form(&vendor_client, "/dang-nhap", "/dang-nhap", &[("email", &vendor.email), ("password", PASSWORD)])
        .await;
    let csv = vendor_client
        .get(app.url(&format!("/kenh-nguoi-ban/{shop}/so-du/bao-cao.csv")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(csv.contains(&format!("{},130000,10000,0,0,120000", m.month)), "{csv}");
}

const VNPAY_SECRET: &str = "TESTSECRETKEYNOTREAL0000000000AB";

/// A callback as VNPay would send it, signed with the shared secret.
fn vnpay_query(code: &str, amount_vnd: i64, transaction_no: &str, response: &str) -> String {
    use hmac::Mac as _;
    let amount = (amount_vnd * 100).to_string();
    let mut params = vec![
        ("vnp_Amount", amount.as_str()),
        ("vnp_BankCode", "NCB"),
        ("vnp_OrderInfo", "Thanh toan don hang"),
        ("vnp_PayDate", "20261126153000"),
        ("vnp_ResponseCode", response),
        ("vnp_TmnCode", "DEMOV210"),
        ("vnp_TransactionNo", transaction_no),
        ("vnp_TransactionStatus", response),
        ("vnp_TxnRef", code),
    ];
    params.sort_unstable();
    let canonical = ocop_payments::vnpay::canonical_query(params.iter().copied());
    let mut mac = hmac::Hmac::<sha2::Sha512>::new_from_slice(VNPAY_SECRET.as_bytes()).unwrap();
    mac.update(canonical.as_bytes());
    format!("{canonical}&vnp_SecureHash={}", hex::encode(mac.finalize().into_bytes()))
}

#[tokio::test]
async fn vnpay_callbacks_change_an_order_exactly_once() {
    let app = spawn_app_with(&[
        ("OCOP_PAYMENT_METHODS", "cod,vietqr,vnpay"),
        ("OCOP_VNPAY_TMN_CODE", "DEMOV210"),
        ("OCOP_VNPAY_HASH_SECRET", VNPAY_SECRET),
    ])
    .await;
    let (shop, vendor, _) = app.shop("HTX Nấm Đông Triều", "Quảng Ninh").await;
    app.live_product(&vendor, &shop, &product("Nấm linh chi Đông Triều", "NL-1", 300_000, 10)).await;
    let (_, token) = app.user("nam@example.vn", Role::Shopper).await;
    app.post_json_as(&token, "/api/v1/cart/items", &json!({"sku": "NL-1", "shop": shop, "quantity": 1})).await;
    let body = json!({"payment_method": "vnpay", "shipping": {"recipient": "Nam", "phone": "0912345678",
        "province": "Quảng Ninh", "commune": "Phường Bãi Cháy", "street": "1 Hạ Long"}});
    let placed: Value = app.post_json_as(&token, "/api/v1/checkout", &body).await.json().await.unwrap();
    let code = placed["code"].as_str().unwrap().to_owned();
    let total = placed["total_vnd"].as_i64().unwrap();
    let pay: Value = app.get_as(&token, &format!("/api/v1/orders/{code}/payment")).await.json().await.unwrap();
    assert_eq!(pay["method"], "vnpay");
    let url = pay["redirect_url"].as_str().unwrap();
    assert!(
        url.starts_with("https://sandbox.vnpayment.vn/") && url.contains(&format!("vnp_Amount={}", total * 100)),
        "{url}"
    );

    let ipn = |query: String| {
        let url = app.url(&format!("/webhooks/vnpay/ipn?{query}"));
        let client = app.client.clone();
        async move {
            client.get(url).send().await.unwrap().json::<Value>().await.unwrap()["RspCode"].as_str().unwrap().to_owned()
        }
    };
    let mut tampered = vnpay_query(&code, total, "14000001", "00");
    tampered = tampered.replace(&format!("vnp_Amount={}", total * 100), "vnp_Amount=100");
    assert_eq!(ipn(tampered).await, "97", "bad signature");
    assert_eq!(ipn(vnpay_query("OCOP-000000-NONE", total, "14000002", "00")).await, "01", "unknown order");
    assert_eq!(ipn(vnpay_query(&code, total - 1, "14000003", "00")).await, "04", "amount mismatch");
    let status = || async {
        order::Entity::find().filter(order::Column::Code.eq(&code)).one(&app.db).await.unwrap().unwrap().payment_status
    };
    assert_eq!(status().await, "unpaid");
    let good = vnpay_query(&code, total, "14000004", "00");
    assert_eq!(ipn(good.clone()).await, "00");
    assert_eq!(status().await, "paid");
    for _ in 0..3 {
        assert_eq!(ipn(good.clone()).await, "02", "a duplicate changes nothing");
    }
    // A late "failed" delivery for an earlier attempt arrives after the success.
    assert_eq!(ipn(vnpay_query(&code, total, "13999999", "24")).await, "00");
    assert_eq!(status().await, "paid", "out of order: state only moves forward");
    let events = ocop_payments::entity::payment_event::Entity::find().all(&app.db).await.unwrap();
    let outcomes: Vec<&str> = events.iter().map(|e| e.outcome.as_str()).collect();
    assert_eq!(outcomes, ["unknown_order", "amount_mismatch", "paid", "failed"]);
    let part = ocop_orders::entity::shop_order::Entity::find().one(&app.db).await.unwrap().unwrap();
    assert_eq!(part.status, "confirmed");
    let flagged = ocop_payments::confirm::flagged(&app.db).await.unwrap();
    assert_eq!(flagged.len(), 1, "the wrong amount waits for a person");
    // The browser's return only displays, and only a genuine one.
    let back = app.get(&format!("/thanh-toan/vnpay/ket-qua?{good}")).await;
    assert_eq!(back.status(), 200);
    assert!(back.text().await.unwrap().contains("VNPay báo thanh toán thành công"));
    assert_eq!(app.get("/thanh-toan/vnpay/ket-qua?vnp_TxnRef=x&vnp_SecureHash=00").await.status(), 400);
}

#[tokio::test]
async fn a_seeded_orders_code_round_trips_through_the_bank_statement_matcher() {
    use ocop_payments::statements::{self, Credit};
    let app = spawn_app_with(&[]).await;
    ocop_demo::seed::demo(&app.db, app.state.media.as_ref()).await.unwrap();
    let order = order::Entity::find()
        .filter(order::Column::PaymentMethod.eq("vietqr"))
        .filter(order::Column::PaymentStatus.eq("paid"))
        .one(&app.db)
        .await
        .unwrap();
    let order = order.expect("the demo seed sells by VietQR");
    // The purpose the order's QR carries, as a bank writes it back: no hyphens, lower case.
    let qr =
        ocop_payments::vietqr::VietQr::for_order("970436", "1012345678", ocop_core::Vnd(order.total_vnd), &order.code)
            .unwrap();
    let purpose = qr.purpose.unwrap();
    let description = format!("MBVCB.8812.{} CT tu 0011", purpose.replace('-', "").to_lowercase());
    let credit = Credit { booked_on: chrono::Utc::now().date_naive(), amount_vnd: order.total_vnd, description };
    let (admin, _) = app.admin().await;
    let report = statements::import(&app.db, &[credit], &admin.actor()).await.unwrap();
    // Seeded orders are paid already: the line waits for a person, naming the order.
    assert_eq!(report.to_resolve.len(), 1, "{report:?}");
    assert_eq!(report.to_resolve[0].order_code.as_deref(), Some(order.code.as_str()));
}
