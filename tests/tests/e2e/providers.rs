//! MoMo and Stripe against local stand-ins for their APIs: the gateway opens one provider
//! session per order, and their callbacks (MoMo's IPN, Stripe's webhook) change an order
//! exactly once whatever arrives: forged, stale, repeated, out of order, or the wrong amount.

use ocop_accounts::Role;
use ocop_orders::entity::{order, refund_request};
use ocop_payments::entity::payment_event;
use ocop_tests::fake_providers::{self, MOMO_ACCESS, MOMO_PARTNER, MOMO_SECRET, STRIPE_WEBHOOK};
use ocop_tests::fixtures::product;
use ocop_tests::{TestApp, spawn_app_with};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

async fn app_with_providers() -> (TestApp, fake_providers::Providers, String) {
    let fake = fake_providers::start().await;
    let settings = fake.settings();
    let vars: Vec<(&str, &str)> = settings.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let app = spawn_app_with(&vars).await;
    let (shop, vendor, _) = app.shop("HTX Miến dong Bình Liêu", "Quảng Ninh").await;
    app.live_product(&vendor, &shop, &product("Miến dong Bình Liêu", "MD-1", 80_000, 50)).await;
    (app, fake, shop)
}

/// A buyer orders one pack and chooses `method`; returns (token, code, total).
async fn order_with(app: &TestApp, shop: &str, method: &str) -> (String, String, i64) {
    let (_, token) = app.user(&format!("k-{}@example.vn", uuid::Uuid::new_v4().simple()), Role::Shopper).await;
    app.post_json_as(&token, "/api/v1/cart/items", &json!({"sku": "MD-1", "shop": shop, "quantity": 1})).await;
    let body = json!({"payment_method": method, "shipping": {"recipient": "Hà", "phone": "0912345678",
        "province": "Quảng Ninh", "commune": "Phường Bãi Cháy", "street": "1 Hạ Long"}});
    let res = app.post_json_as(&token, "/api/v1/checkout", &body).await;
    assert_eq!(res.status(), 201);
    let placed: Value = res.json().await.unwrap();
    (token, placed["code"].as_str().unwrap().to_owned(), placed["total_vnd"].as_i64().unwrap())
}

async fn payment(app: &TestApp, token: &str, code: &str) -> reqwest::Response {
    app.get_as(token, &format!("/api/v1/orders/{code}/payment")).await
}

async fn payment_status(app: &TestApp, code: &str) -> String {
    order::Entity::find().filter(order::Column::Code.eq(code)).one(&app.db).await.unwrap().unwrap().payment_status
}

fn momo_ipn(code: &str, amount: i64, trans_id: i64, result_code: i64) -> Value {
    let config = ocop_payments::momo::Config {
        partner_code: MOMO_PARTNER.into(),
        access_key: MOMO_ACCESS.into(),
        secret_key: MOMO_SECRET.to_owned().into(),
    };
    let mut ipn = ocop_payments::momo::Ipn {
        partner_code: MOMO_PARTNER.into(),
        order_id: code.into(),
        request_id: format!("{code}-1"),
        amount,
        order_info: "Thanh toan don hang".into(),
        order_type: "momo_wallet".into(),
        trans_id,
        result_code,
        message: if result_code == 0 { "Thành công." } else { "Giao dịch bị từ chối." }.into(),
        pay_type: "qr".into(),
        response_time: 1_764_152_400_000,
        extra_data: String::new(),
        signature: String::new(),
    };
    ipn.signature = ocop_payments::momo::ipn_signature(&config, &ipn);
    json!({"partnerCode": ipn.partner_code, "orderId": ipn.order_id, "requestId": ipn.request_id,
        "amount": ipn.amount, "orderInfo": ipn.order_info, "orderType": ipn.order_type, "transId": ipn.trans_id,
        "resultCode": ipn.result_code, "message": ipn.message, "payType": ipn.pay_type,
        "responseTime": ipn.response_time, "extraData": ipn.extra_data, "signature": ipn.signature})
}

#[tokio::test]
async fn momo_opens_one_payment_per_order_and_its_ipn_pays_it_once() {
    let (app, fake, shop) = app_with_providers().await;
    let (token, code, total) = order_with(&app, &shop, "momo").await;

    let first: Value = payment(&app, &token, &code).await.json().await.unwrap();
    assert_eq!(first["method"], "momo");
    assert_eq!(first["redirect_url"], format!("{}/momo/pay/{code}", fake.base));
    let again: Value = payment(&app, &token, &code).await.json().await.unwrap();
    assert_eq!(again["redirect_url"], first["redirect_url"], "a reload gets the same page");
    {
        let calls = fake.calls.lock().unwrap();
        assert_eq!(calls.momo.len(), 1, "MoMo was asked once");
        let sent = &calls.momo[0];
        assert_eq!(sent["amount"], total);
        assert_eq!(sent["orderId"], code.as_str());
        assert_eq!(sent["ipnUrl"].as_str().unwrap().rsplit_once("/webhooks/").unwrap().1, "momo/ipn");
    }
    // The page sends the buyer straight on.
    let ipn = |body: Value| {
        let (client, url) = (app.client.clone(), app.url("/webhooks/momo/ipn"));
        async move { client.post(url).json(&body).send().await.unwrap().status().as_u16() }
    };
    let mut forged = momo_ipn(&code, total, 3_100_001, 0);
    forged["amount"] = json!(1_000);
    assert_eq!(ipn(forged).await, 400, "bad signature");
    assert_eq!(app.client.post(app.url("/webhooks/momo/ipn")).body("{not json").send().await.unwrap().status(), 400);
    assert_eq!(ipn(momo_ipn(&code, total - 1, 3_100_002, 0)).await, 204, "acknowledged, but refused");
    assert_eq!(payment_status(&app, &code).await, "unpaid", "a wrong amount pays nothing");
    let good = momo_ipn(&code, total, 3_100_003, 0);
    for _ in 0..3 {
        assert_eq!(ipn(good.clone()).await, 204);
    }
    assert_eq!(payment_status(&app, &code).await, "paid");
    // An earlier attempt's failure arrives late.
    assert_eq!(ipn(momo_ipn(&code, total, 3_100_000, 1006)).await, 204);
    assert_eq!(payment_status(&app, &code).await, "paid", "state only moves forward");
    let events = payment_event::Entity::find().all(&app.db).await.unwrap();
    let outcomes: Vec<&str> = events.iter().map(|e| e.outcome.as_str()).collect();
    assert_eq!(outcomes, ["amount_mismatch", "paid", "failed"], "the repeats were recorded once");
    assert_eq!(ocop_payments::confirm::flagged(&app.db).await.unwrap().len(), 1);
    let paid = payment(&app, &token, &code).await;
    assert_eq!(paid.status(), 409, "nothing left to pay");
}

#[tokio::test]
async fn money_for_a_cancelled_order_opens_a_refund_for_the_buyer() {
    let (app, _fake, shop) = app_with_providers().await;
    let (token, code, total) = order_with(&app, &shop, "momo").await;
    let detail: Value = app.get_as(&token, &format!("/api/v1/orders/{code}")).await.json().await.unwrap();
    let part = detail["shop_orders"][0]["id"].as_i64().unwrap();
    // The buyer cancels while MoMo is still processing; then MoMo's success arrives.
    let buyer = ocop_accounts::tokens::authenticate(&app.db, &token).await.unwrap();
    ocop_orders::transitions::act(
        &app.db,
        &buyer,
        part,
        ocop_orders::transitions::Action::Cancel { reason: "Đổi ý".into() },
    )
    .await
    .unwrap();
    assert_eq!(payment_status(&app, &code).await, "void");
    let status = app
        .client
        .post(app.url("/webhooks/momo/ipn"))
        .json(&momo_ipn(&code, total, 3_200_001, 0))
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, 204);
    assert_eq!(payment_status(&app, &code).await, "void", "never a silently paid cancelled order");
    let requests = refund_request::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(requests.len(), 1);
    assert_eq!((requests[0].kind.as_str(), requests[0].status.as_str()), ("late_payment", "requested"));
    assert_eq!(requests[0].shop_order_id, part);
    // The money is owed to the buyer in the ledger until an admin sends it back.
    let commission = ocop_payments::sync::Commission::parse(500, "").unwrap();
    ocop_payments::sync::run(&app.db, &commission).await.unwrap();
    let check = ocop_payments::book::check(&app.db).await.unwrap();
    assert!(check.ok(), "{check:?}");
    assert_eq!(check.balances.get("buyer_refunds_due"), Some(&-total));
    let (admin, _) = app.admin().await;
    assert!(ocop_orders::refunds::for_admin(&app.db).await.unwrap().iter().any(|(r, _)| r.id == requests[0].id));
    ocop_orders::refunds::decide(&app.db, &admin.actor(), requests[0].id, true, "Đã chuyển trả qua MoMo")
        .await
        .unwrap();
    ocop_payments::sync::run(&app.db, &commission).await.unwrap();
    let check = ocop_payments::book::check(&app.db).await.unwrap();
    assert_eq!(check.balances.get("buyer_refunds_due"), Some(&0));
    // The same delivery again opens nothing new.
    app.client.post(app.url("/webhooks/momo/ipn")).json(&momo_ipn(&code, total, 3_200_001, 0)).send().await.unwrap();
    assert_eq!(refund_request::Entity::find().count(&app.db).await.unwrap(), 1);
}

fn stripe_event(id: &str, kind: &str, code: &str, amount: i64, paid: bool) -> String {
    match kind {
        "checkout.session.completed" => json!({"id": id, "type": kind, "data": {"object": {"id": "cs_test_1",
            "amount_total": amount, "currency": "vnd", "payment_status": if paid { "paid" } else { "unpaid" },
            "client_reference_id": code, "metadata": {"order_code": code}}}}),
        _ => json!({"id": id, "type": kind, "data": {"object": {"id": "pi_1", "amount_received": amount,
            "currency": "vnd", "metadata": {"order_code": code}}}}),
    }
    .to_string()
}

async fn deliver(app: &TestApp, body: &str, t: i64, secret: &str) -> (u16, Value) {
    let header = ocop_payments::stripe::signature_header(secret, body.as_bytes(), t);
    let res = app
        .client
        .post(app.url("/webhooks/stripe"))
        .header("Stripe-Signature", header)
        .header("Content-Type", "application/json")
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn stripe_checkout_in_vnd_and_its_webhook_change_an_order_exactly_once() {
    let (app, fake, shop) = app_with_providers().await;
    let (token, code, total) = order_with(&app, &shop, "stripe").await;
    let first: Value = payment(&app, &token, &code).await.json().await.unwrap();
    assert_eq!(first["method"], "stripe");
    assert!(first["redirect_url"].as_str().unwrap().starts_with(&format!("{}/stripe/pay/cs_test_", fake.base)));
    {
        let calls = fake.calls.lock().unwrap();
        let (key, fields) = &calls.stripe[0];
        assert_eq!(key, &format!("checkout-{code}"));
        let get = |k: &str| fields.iter().find(|(f, _)| f == k).map(|(_, v)| v.as_str());
        assert_eq!(
            get("line_items[0][price_data][unit_amount]"),
            Some(total.to_string().as_str()),
            "VND is zero-decimal"
        );
        assert_eq!(get("metadata[order_code]"), Some(code.as_str()));
    }

    let now = chrono::Utc::now().timestamp();
    let paid = stripe_event("evt_paid", "payment_intent.succeeded", &code, total, true);
    assert_eq!(deliver(&app, &paid, now, "whsec_someone_else").await.0, 400, "bad signature");
    assert_eq!(deliver(&app, &paid, now - 301, STRIPE_WEBHOOK).await.0, 400, "stale timestamp");
    let no_header = app.client.post(app.url("/webhooks/stripe")).body(paid.clone()).send().await.unwrap();
    assert_eq!(no_header.status(), 400);
    assert_eq!(payment_status(&app, &code).await, "unpaid");

    let wrong = stripe_event("evt_wrong", "payment_intent.succeeded", &code, total + 1_000, true);
    let (status, body) = deliver(&app, &wrong, now, STRIPE_WEBHOOK).await;
    assert_eq!((status, body["outcome"].as_str()), (200, Some("amount_mismatch")));
    assert_eq!(payment_status(&app, &code).await, "unpaid");

    for expected in ["paid", "duplicate", "duplicate"] {
        let (status, body) = deliver(&app, &paid, now, STRIPE_WEBHOOK).await;
        assert_eq!((status, body["outcome"].as_str()), (200, Some(expected)));
    }
    assert_eq!(payment_status(&app, &code).await, "paid");
    // The session's own event, still "unpaid", arrives after the payment: nothing moves back.
    let late = stripe_event("evt_session", "checkout.session.completed", &code, total, false);
    let (status, body) = deliver(&app, &late, now, STRIPE_WEBHOOK).await;
    assert_eq!((status, body["outcome"].as_str()), (200, Some("failed")));
    assert_eq!(payment_status(&app, &code).await, "paid");
    let other = json!({"id": "evt_x", "type": "customer.created", "data": {"object": {}}}).to_string();
    assert_eq!(deliver(&app, &other, now, STRIPE_WEBHOOK).await.1["outcome"], "ignored");
    let events = payment_event::Entity::find().all(&app.db).await.unwrap();
    let outcomes: Vec<&str> = events.iter().map(|e| e.outcome.as_str()).collect();
    assert_eq!(outcomes, ["amount_mismatch", "paid", "failed"]);
    let part = ocop_orders::entity::shop_order::Entity::find().one(&app.db).await.unwrap().unwrap();
    assert_eq!(part.status, "confirmed", "exactly one state change");
}

#[tokio::test]
async fn a_provider_that_is_down_gets_a_clear_502_and_a_retry_later_works() {
    let (app, fake, shop) = app_with_providers().await;
    let (token, code, _) = order_with(&app, &shop, "stripe").await;
    fake.set_failing(true);
    let res = payment(&app, &token, &code).await;
    assert_eq!(res.status(), 502);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "provider_unavailable");
    assert!(body["error"]["message"].as_str().unwrap().contains("Stripe"), "{body}");
    fake.set_failing(false);
    let res = payment(&app, &token, &code).await;
    assert_eq!(res.status(), 200, "the failed attempt did not block the next");
    // A method this deployment does not offer is refused at checkout, naming the field.
    app.post_json_as(&token, "/api/v1/cart/items", &json!({"sku": "MD-1", "shop": shop, "quantity": 1})).await;
    let vnpay = app
        .post_json_as(
            &token,
            "/api/v1/checkout",
            &json!({"payment_method": "vnpay", "shipping": {"recipient": "Hà", "phone": "0912345678",
                "province": "Quảng Ninh", "commune": "Phường Bãi Cháy", "street": "1 Hạ Long"}}),
        )
        .await;
    assert_eq!(vnpay.status(), 422);
    let body: Value = vnpay.json().await.unwrap();
    assert!(body["error"]["fields"]["payment_method"].is_string(), "{body}");
}
