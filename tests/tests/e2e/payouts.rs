//! Payout runs: a shop owner gives a bank account, an admin batches everyone owed, the bank
//! file says what to send, and marking it paid clears the shops' balances in the ledger.

use ocop_accounts::Role;
use ocop_orders::entity::order;
use ocop_tests::fixtures::product;
use ocop_tests::{TestApp, spawn_app_with};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

/// A buyer orders `quantity` of `sku` and pays `method`; returns the order code and part id.
async fn sale(app: &TestApp, shop: &str, sku: &str, quantity: i64, method: &str) -> (String, i64) {
    let (_, token) = app.user(&format!("k-{}@example.vn", uuid::Uuid::new_v4().simple()), Role::Shopper).await;
    app.post_json_as(&token, "/api/v1/cart/items", &json!({"sku": sku, "shop": shop, "quantity": quantity})).await;
    let body = json!({"payment_method": method, "shipping": {"recipient": "Mai", "phone": "0912345678",
        "province": "Quảng Ninh", "commune": "Phường Bãi Cháy", "street": "1 Hạ Long"}});
    let placed: Value = app.post_json_as(&token, "/api/v1/checkout", &body).await.json().await.unwrap();
    let code = placed["code"].as_str().unwrap().to_owned();
    (code, placed["shop_orders"][0]["id"].as_i64().unwrap())
}

#[tokio::test]
async fn an_admin_pays_out_what_shops_are_owed_once_to_the_account_they_gave() {
    let app = spawn_app_with(&[("OCOP_PAYMENT_METHODS", "cod,vietqr"), ("OCOP_COMMISSION_BPS", "1000")]).await;
    let (tea, tea_owner, tea_token) = app.shop("HTX Chè Tân Cương", "Thái Nguyên").await;
    let (honey, honey_owner, _) = app.shop("Hộ kinh doanh Mật ong Ba Chẽ", "Quảng Ninh").await;
    app.live_product(&tea_owner, &tea, &product("Chè Tân Cương", "TC-1", 100_000, 50)).await;
    app.live_product(&honey_owner, &honey, &product("Mật ong Ba Chẽ", "MB-1", 200_000, 50)).await;

    // Tea: one VietQR sale paid (owed 120.000 after 10 % commission on 100.000 + 30.000
    // shipping) and one COD sale delivered (the shop holds that cash).
    let (paid_code, _) = sale(&app, &tea, "TC-1", 1, "vietqr").await;
    let paid_id =
        order::Entity::find().filter(order::Column::Code.eq(&paid_code)).one(&app.db).await.unwrap().unwrap().id;
    ocop_orders::transitions::mark_paid(&app.db, paid_id).await.unwrap();
    let (_, cod_part) = sale(&app, &tea, "TC-1", 1, "cod").await;
    let path = format!("/api/v1/shops/{tea}/orders/{cod_part}/status");
    for step in [
        json!({"status": "packed"}),
        json!({"status": "shipped", "carrier": "GHN", "tracking_code": "G1"}),
        json!({"status": "delivered"}),
    ] {
        assert_eq!(app.post_json_as(&tea_token, &path, &step).await.status(), 200);
    }
    let (honey_code, _) = sale(&app, &honey, "MB-1", 1, "vietqr").await;
    let honey_id =
        order::Entity::find().filter(order::Column::Code.eq(&honey_code)).one(&app.db).await.unwrap().unwrap().id;
    ocop_orders::transitions::mark_paid(&app.db, honey_id).await.unwrap();
    let commission = ocop_payments::sync::Commission::parse(1000, "").unwrap();
    assert_eq!(ocop_payments::sync::run(&app.db, &commission).await.unwrap(), 3);
    let tea_id = ocop_catalog::shops::by_slug(&app.db, &tea).await.unwrap().id;
    let before = ocop_payments::book::shop_balance(&app.db, tea_id).await.unwrap();
    assert_eq!((before.payable, before.cod_receivable), (240_000, 130_000));

    // The tea shop's owner gives an account; a bad one names each field.
    let owner = app.signed_in(&tea_owner.email).await;
    let page = format!("/kenh-nguoi-ban/{tea}/so-du");
    let action = format!("{page}/tai-khoan");
    let bad = app
        .post_form(
            &owner,
            &page,
            &action,
            &[("payout_bank_bin", ""), ("payout_account", "12ab"), ("payout_account_name", "")],
        )
        .await;
    assert_eq!(bad.status(), 422);
    let html = bad.text().await.unwrap();
    for message in ["Chọn ngân hàng", "Số tài khoản gồm 6–19 chữ số", "Tên chủ tài khoản"] {
        assert!(html.contains(message), "{message}");
    }
    let good = app
        .post_form(
            &owner,
            &page,
            &action,
            &[
                ("payout_bank_bin", "970436"),
                ("payout_account", "0071 0001 23456"),
                ("payout_account_name", "HTX Chè Tân Cương"),
            ],
        )
        .await;
    assert_eq!(good.status(), 303);
    let stored = ocop_catalog::shops::by_slug(&app.db, &tea).await.unwrap();
    assert_eq!(stored.payout_account.as_deref(), Some("0071000123456"));
    assert_eq!(stored.payout_account_name.as_deref(), Some("HTX CHE TAN CUONG"), "as the bank spells it");

    // The admin sees both shops owed; only the one with an account can be paid.
    let (admin, _) = app.admin().await;
    let admin_client = app.signed_in(&admin.email).await;
    let index = admin_client.get(app.url("/quan-tri/chi-tra")).send().await.unwrap().text().await.unwrap();
    assert!(index.contains("HTX Chè Tân Cương") && index.contains("Mật ong Ba Chẽ"), "{index}");
    assert!(index.contains("Chưa khai báo tài khoản"));
    let created = app.post_form(&admin_client, "/quan-tri/chi-tra", "/quan-tri/chi-tra", &[]).await;
    assert_eq!(created.status(), 303);
    let batch_path = created.headers()["location"].to_str().unwrap().to_owned();
    let again = app.post_form(&admin_client, "/quan-tri/chi-tra", "/quan-tri/chi-tra", &[]).await;
    assert_eq!(again.status(), 409, "one draft at a time");
    assert!(again.text().await.unwrap().contains("Đang có một đợt chi trả nháp"));

    let csv =
        admin_client.get(app.url(&format!("{batch_path}/ngan-hang.csv"))).send().await.unwrap().text().await.unwrap();
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 2, "{csv}");
    assert!(rows[1].starts_with("1,0071000123456,HTX CHE TAN CUONG,970436,Vietcombank,110000,"), "{csv}");

    // Nothing moves in the ledger until the bank has sent it.
    assert_eq!(ocop_payments::book::shop_balance(&app.db, tea_id).await.unwrap().net, 110_000);
    let paid = app.post_form(&admin_client, &batch_path, &format!("{batch_path}/da-chi"), &[]).await;
    assert_eq!(paid.status(), 303);
    let after = ocop_payments::book::shop_balance(&app.db, tea_id).await.unwrap();
    assert_eq!((after.payable, after.cod_receivable, after.net), (0, 0, 0));
    let twice = app.post_form(&admin_client, &batch_path, &format!("{batch_path}/da-chi"), &[]).await;
    assert_eq!(twice.status(), 409, "paid once");
    let check = ocop_payments::book::check(&app.db).await.unwrap();
    assert!(check.ok(), "{check:?}");
    assert_eq!(check.balances.get("payouts"), Some(&-110_000));

    // The shop sees it; the honey shop is still owed and can be paid in the next batch.
    let balance = owner.get(app.url(&page)).send().await.unwrap().text().await.unwrap();
    assert!(balance.contains("Đã chi") && balance.contains("110.000 ₫"), "{balance}");
    let owed = ocop_payments::payouts::owed(&app.db).await.unwrap();
    assert_eq!(owed.len(), 1);
    assert!(!owed[0].has_account);
    // Staff (not the owner) may look but not say where the money goes.
    let (staff, _) = app.user("nhanvien@example.vn", Role::Vendor).await;
    ocop_catalog::shops::add_member(&app.db, tea_id, staff.id, "staff").await.unwrap();
    let staff_client = app.signed_in(&staff.email).await;
    let refused = app
        .post_form(
            &staff_client,
            &page,
            &action,
            &[("payout_bank_bin", "970436"), ("payout_account", "999999999"), ("payout_account_name", "KE GIAN")],
        )
        .await;
    assert_eq!(refused.status(), 403);
}

/// Issue 19: the guard checks the role, the service records who acted. An admin's payout
/// (made and marked paid) and refund decision are in the audit log with the admin's name.
#[tokio::test]
async fn an_admins_payout_and_refund_decision_are_in_the_audit_log_with_who_did_it() {
    let app = spawn_app_with(&[("OCOP_PAYMENT_METHODS", "cod,vietqr")]).await;
    let (tea, tea_owner, tea_token) = app.shop("HTX Chè Tân Cương", "Thái Nguyên").await;
    app.live_product(&tea_owner, &tea, &product("Chè Tân Cương", "TC-1", 100_000, 50)).await;
    let (paid_code, _) = sale(&app, &tea, "TC-1", 1, "vietqr").await;
    let paid_id =
        order::Entity::find().filter(order::Column::Code.eq(&paid_code)).one(&app.db).await.unwrap().unwrap().id;
    ocop_orders::transitions::mark_paid(&app.db, paid_id).await.unwrap();
    let commission = ocop_payments::sync::Commission::parse(500, "").unwrap();
    ocop_payments::sync::run(&app.db, &commission).await.unwrap();
    let tea_id = ocop_catalog::shops::by_slug(&app.db, &tea).await.unwrap().id;
    ocop_payments::payouts::set_account(&app.db, tea_id, "970436", "0071000123456", "HTX Che Tan Cuong").await.unwrap();

    let (admin, _) = app.admin().await;
    let admin_client = app.signed_in(&admin.email).await;
    let created = app.post_form(&admin_client, "/quan-tri/chi-tra", "/quan-tri/chi-tra", &[]).await;
    assert_eq!(created.status(), 303);
    let batch_path = created.headers()["location"].to_str().unwrap().to_owned();
    let batch_id: i64 = batch_path.rsplit('/').next().unwrap().parse().unwrap();
    let paid = app.post_form(&admin_client, &batch_path, &format!("{batch_path}/da-chi"), &[]).await;
    assert_eq!(paid.status(), 303);

    // A COD sale delivered, complained about, refused by the shop, granted by the admin.
    let (buyer, buyer_token) = app.user("mua@example.vn", Role::Shopper).await;
    app.post_json_as(&buyer_token, "/api/v1/cart/items", &json!({"sku": "TC-1", "shop": tea, "quantity": 1})).await;
    let body = json!({"payment_method": "cod", "shipping": {"recipient": "Mai", "phone": "0912345678",
        "province": "Quảng Ninh", "commune": "Phường Bãi Cháy", "street": "1 Hạ Long"}});
    let placed: Value = app.post_json_as(&buyer_token, "/api/v1/checkout", &body).await.json().await.unwrap();
    let part = placed["shop_orders"][0]["id"].as_i64().unwrap();
    let path = format!("/api/v1/shops/{tea}/orders/{part}/status");
    for step in [
        json!({"status": "packed"}),
        json!({"status": "shipped", "carrier": "GHN", "tracking_code": "G2"}),
        json!({"status": "delivered"}),
    ] {
        assert_eq!(app.post_json_as(&tea_token, &path, &step).await.status(), 200);
    }
    let request = ocop_orders::refunds::request(&app.db, &buyer, part, "Gói chè bị ẩm khi nhận").await.unwrap();
    ocop_orders::refunds::answer(&app.db, &tea_owner.actor(), part, false, "Hàng đóng gói kỹ, không thể ẩm")
        .await
        .unwrap();
    let decided = app
        .post_form(
            &admin_client,
            "/quan-tri/khieu-nai",
            &format!("/quan-tri/khieu-nai/{}", request.id),
            &[("grant", "1"), ("note", "Ảnh người mua cho thấy chè bị ẩm")],
        )
        .await;
    assert_eq!(decided.status(), 303);

    let rows = ocop_catalog::entity::audit::Entity::find().all(&app.db).await.unwrap();
    let by = |action: &str, id: i64| rows.iter().find(|r| r.action == action && r.entity_id == id).map(|r| r.actor_id);
    assert_eq!(by("payout.create", batch_id), Some(Some(admin.id)));
    assert_eq!(by("payout.paid", batch_id), Some(Some(admin.id)));
    assert_eq!(by("refund.refuse", request.id), Some(Some(tea_owner.id)));
    assert_eq!(by("refund.grant", request.id), Some(Some(admin.id)));
    let log = admin_client.get(app.url("/quan-tri/nhat-ky")).send().await.unwrap().text().await.unwrap();
    assert!(log.contains(&format!("payout.paid payout_batch #{batch_id}")), "{log}");
    assert!(log.contains(&format!("refund.grant refund_request #{}", request.id)), "{log}");
    assert!(log.contains(&admin.email), "who did it is named");
}
