//! Buyer–seller messages (issue 15): a conversation per shopper and shop, unread counts on
//! both sides, one notice per burst, contacts masked until an order exists, private to the
//! two sides until one reports it, pages without JavaScript.

use ocop_accounts::{Role, User};
use ocop_tests::fixtures::product;
use ocop_tests::{TestApp, spawn_app};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

struct Shop {
    slug: String,
    vendor: User,
    vendor_token: String,
    product_slug: String,
    sku: &'static str,
}

async fn shop(app: &TestApp, name: &str, sku: &'static str) -> Shop {
    let (slug, vendor, vendor_token) = app.shop(name, "Thái Nguyên").await;
    let listing = app.live_product(&vendor, &slug, &product(&format!("Trà Tân Cương {name}"), sku, 180_000, 20)).await;
    Shop { slug, vendor, vendor_token, product_slug: listing.product.slug, sku }
}

async fn shopper(app: &TestApp) -> (User, String) {
    app.user(&format!("khach-{}@example.vn", uuid::Uuid::new_v4().simple()), Role::Shopper).await
}

async fn start(app: &TestApp, token: &str, shop: &str, body: Value) -> reqwest::Response {
    app.post_json_as(token, &format!("/api/v1/shops/{shop}/conversations"), &body).await
}

async fn send(app: &TestApp, token: &str, id: i64, body: &str) -> reqwest::Response {
    app.post_json_as(token, &format!("/api/v1/conversations/{id}/messages"), &json!({ "body": body })).await
}

async fn json_of(res: reqwest::Response) -> (StatusCode, Value) {
    let status = res.status();
    (status, res.json().await.unwrap_or_default())
}

async fn unread(app: &TestApp, token: &str) -> (i64, i64) {
    let body: Value = app.get_as(token, "/api/v1/me/conversations/unread").await.json().await.unwrap();
    (body["as_shopper"].as_i64().unwrap(), body["as_shop"].as_i64().unwrap())
}

async fn bell(app: &TestApp, user_id: i64) -> u64 {
    ocop_orders::entity::notification::Entity::find()
        .filter(ocop_orders::entity::notification::Column::UserId.eq(user_id))
        .count(&app.db)
        .await
        .unwrap()
}

/// The messages' texts as `token`'s side reads them, oldest first.
async fn bodies(app: &TestApp, token: &str, id: i64) -> Vec<String> {
    let body: Value = app.get_as(token, &format!("/api/v1/conversations/{id}")).await.json().await.unwrap();
    body["messages"].as_array().unwrap().iter().map(|m| m["body"].as_str().unwrap().to_owned()).collect()
}

async fn report(app: &TestApp, token: &str, id: i64, reason: &str) -> reqwest::Response {
    app.post_json_as(token, &format!("/api/v1/conversations/{id}/report"), &json!({ "reason": reason })).await
}

#[tokio::test]
async fn a_shopper_and_a_shop_talk_with_unread_counts_and_one_notice_per_burst() {
    let app = spawn_app().await;
    let tea = shop(&app, "HTX Chè La Bằng", "CHE-LB").await;
    let (lan, lan_token) = shopper(&app).await;

    let (status, started) = json_of(
        start(&app, &lan_token, &tea.slug, json!({"body": "Chè này pha mấy lần nước?", "product": tea.product_slug}))
            .await,
    )
    .await;
    assert_eq!(status, 201, "{started}");
    let id = started["conversation_id"].as_i64().unwrap();
    assert_eq!(unread(&app, &tea.vendor_token).await, (0, 1), "the shop has one unread");
    assert_eq!(bell(&app, tea.vendor.id).await, 1, "the shop's staff are told once");
    // A second message before the shop opened it: counted, not told again.
    assert_eq!(send(&app, &lan_token, id, "Và bảo quản thế nào ạ?").await.status(), 201);
    assert_eq!(unread(&app, &tea.vendor_token).await, (0, 2));
    assert_eq!(bell(&app, tea.vendor.id).await, 1, "one notice per burst");
    // Writing to the shop again lands in the same conversation.
    let (_, again) = json_of(start(&app, &lan_token, &tea.slug, json!({"body": "Shop ơi?"})).await).await;
    assert_eq!(again["conversation_id"].as_i64(), Some(id));

    let inbox: Value = app
        .get_as(&tea.vendor_token, &format!("/api/v1/shops/{}/conversations?unread=true", tea.slug))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(inbox[0]["id"].as_i64(), Some(id));
    assert_eq!(inbox[0]["unread"], 3);
    assert_eq!(inbox[0]["product"]["slug"], tea.product_slug.as_str());
    let (status, thread) = json_of(app.get_as(&tea.vendor_token, &format!("/api/v1/conversations/{id}")).await).await;
    assert_eq!((status, thread["side"].as_str()), (StatusCode::OK, Some("shop")));
    assert_eq!(thread["messages"].as_array().unwrap().len(), 3);
    assert_eq!(unread(&app, &tea.vendor_token).await, (0, 0), "opening it reads it");

    assert_eq!(send(&app, &tea.vendor_token, id, "Pha 3–4 lần nước, nước 80 độ ạ.").await.status(), 201);
    assert_eq!(unread(&app, &lan_token).await, (1, 0));
    assert_eq!(bell(&app, lan.id).await, 1);
    let mails = ocop_orders::entity::mail::Entity::find()
        .filter(ocop_orders::entity::mail::Column::ToEmail.eq(lan.email.clone()))
        .all(&app.db)
        .await
        .unwrap();
    assert!(mails.iter().any(|m| m.body.contains("Pha 3–4 lần nước")), "and by e-mail");
    let (_, mine) = json_of(app.get_as(&lan_token, "/api/v1/me/conversations").await).await;
    assert_eq!(mine[0]["last_from_me"], false);
    assert_eq!(mine[0]["unread"], 1);

    // Nobody else sees it: another shopper, an admin, an unknown id.
    let (_, other) = shopper(&app).await;
    let (_, admin) = app.admin().await;
    for token in [&other, &admin] {
        assert_eq!(app.get_as(token, &format!("/api/v1/conversations/{id}")).await.status(), 404);
        assert_eq!(send(&app, token, id, "chen ngang").await.status(), 404);
    }
    assert_eq!(app.get_as(&admin, &format!("/api/v1/shops/{}/conversations", tea.slug)).await.status(), 404);
    assert_eq!(app.get_as(&lan_token, "/api/v1/conversations/999999").await.status(), 404);
    assert_eq!(app.get(&format!("/api/v1/conversations/{id}")).await.status(), 401);

    // Staff cannot write to their own shop.
    let (status, body) = json_of(start(&app, &tea.vendor_token, &tea.slug, json!({"body": "tự nhắn"})).await).await;
    assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("own_shop")));
}

#[tokio::test]
async fn bad_messages_are_refused_naming_the_field() {
    let app = spawn_app().await;
    let tea = shop(&app, "HTX Chè Trại Cài", "CHE-TC").await;
    let other = shop(&app, "HTX Miến Việt Cường", "MIEN-VC").await;
    let (_, token) = shopper(&app).await;
    let field = |body: &Value| body["error"]["fields"].as_object().map(|f| f.keys().cloned().collect::<Vec<_>>());
    for (input, named) in [
        (json!({"body": "   "}), "body"),
        (json!({"body": "x".repeat(2001)}), "body"),
        (json!({"body": "Còn hàng không?", "product": other.product_slug}), "product"),
        (json!({"body": "Còn hàng không?", "product": "khong-co"}), "product"),
        (json!({"body": "Đơn của tôi?", "order": "OCOP-261204-XXXX"}), "order"),
    ] {
        let (status, body) = json_of(start(&app, &token, &tea.slug, input).await).await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(field(&body), Some(vec![named.to_owned()]), "{body}");
    }
    assert_eq!(start(&app, &token, "khong-co-shop", json!({"body": "Chào shop"})).await.status(), 404);
    let (_, list) = json_of(app.get_as(&token, "/api/v1/me/conversations").await).await;
    assert_eq!(list, json!([]), "nothing was opened by refused messages");
}

#[tokio::test]
async fn contacts_are_masked_for_the_other_side_until_the_shopper_orders() {
    let app = spawn_app().await;
    let tea = shop(&app, "HTX Chè Phú Lương", "CHE-PL").await;
    let (_, token) = shopper(&app).await;
    let text = "Shop gọi mình 0912 345 678 hoặc xem zalo.me/chephuluong nhé";
    let (_, started) = json_of(start(&app, &token, &tea.slug, json!({ "body": text })).await).await;
    assert_eq!(started["message"]["masked_for_other_side"], true);
    let id = started["conversation_id"].as_i64().unwrap();

    let shop_sees = bodies(&app, &tea.vendor_token, id).await;
    assert_eq!(shop_sees[0], "Shop gọi mình *** hoặc xem *** nhé");
    assert_eq!(bodies(&app, &token, id).await[0], text, "the writer sees what they wrote");
    // The shop's own number is masked for the shopper too.
    assert_eq!(send(&app, &tea.vendor_token, id, "Bạn gọi 0987.654.321 nhé").await.status(), 201);
    assert_eq!(bodies(&app, &token, id).await[1], "Bạn gọi *** nhé");

    // An order (cash on delivery is confirmed at once): contacts pass from then on, not before.
    let added =
        app.post_json_as(&token, "/api/v1/cart/items", &json!({"sku": tea.sku, "shop": tea.slug, "quantity": 1})).await;
    assert_eq!(added.status(), 201);
    let placed = app
        .post_json_as(&token, "/api/v1/checkout", &json!({"payment_method": "cod", "shipping": {"recipient": "Lê Văn Hùng",
            "phone": "0912 345 678", "province": "Thái Nguyên", "commune": "Phường Phan Đình Phùng", "street": "5 Hoàng Văn Thụ"}}))
        .await;
    assert_eq!(placed.status(), 201);
    assert_eq!(send(&app, &tea.vendor_token, id, "Giao hàng sẽ gọi 0987.654.321").await.status(), 201);
    let shopper_sees = bodies(&app, &token, id).await;
    assert_eq!(shopper_sees[2], "Giao hàng sẽ gọi 0987.654.321");
    assert_eq!(shopper_sees[1], "Bạn gọi *** nhé", "what was masked stays masked");
}

#[tokio::test]
async fn an_admin_reads_a_conversation_only_once_reported_and_each_reading_is_audited() {
    let app = spawn_app().await;
    let tea = shop(&app, "HTX Chè Sông Cầu", "CHE-SC").await;
    let (_, token) = shopper(&app).await;
    let (_, started) =
        json_of(start(&app, &token, &tea.slug, json!({"body": "Chuyển khoản riêng cho mình 0912345678 đi"})).await)
            .await;
    let id = started["conversation_id"].as_i64().unwrap();
    let (admin, _) = app.admin().await;
    let desk = app.signed_in(&admin.email).await;
    let page = format!("/quan-tri/tin-nhan/{id}");
    assert_eq!(desk.get(app.url(&page)).send().await.unwrap().status(), 404, "private until reported");

    let (status, body) = json_of(report(&app, &tea.vendor_token, id, "x").await).await;
    assert_eq!((status, body["error"]["fields"]["reason"].is_string()), (StatusCode::UNPROCESSABLE_ENTITY, true));
    assert_eq!(report(&app, &tea.vendor_token, id, "Khách đòi giao dịch ngoài sàn").await.status(), 200);
    let (status, body) = json_of(report(&app, &token, id, "Shop báo cáo sai").await).await;
    assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("conversation_reported")));

    let queue = app.page(&desk, "/quan-tri/tin-nhan").await;
    assert!(queue.contains("Khách đòi giao dịch ngoài sàn"), "the queue shows the reason");
    let read = app.page(&desk, &page).await;
    assert!(read.contains("Chuyển khoản riêng cho mình 0912345678 đi"), "the admin reads it as written");
    assert!(read.contains(r#"data-testid="msg-had-contacts""#));
    let audited = ocop_catalog::entity::audit::Entity::find()
        .filter(ocop_catalog::entity::audit::Column::Action.eq("conversation.read"))
        .filter(ocop_catalog::entity::audit::Column::EntityId.eq(id))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(audited, 1);

    let closed = app.post_form(&desk, &page, &format!("{page}/dong"), &[("note", "Đã nhắc khách")]).await;
    assert_eq!(closed.status(), 303);
    assert_eq!(desk.get(app.url(&page)).send().await.unwrap().status(), 404, "closed: private again");
    assert_eq!(report(&app, &token, id, "Lại làm phiền").await.status(), 200, "it may be reported again");
}

#[tokio::test]
async fn the_pages_work_without_javascript_on_both_sides() {
    let app = spawn_app().await;
    let tea = shop(&app, "HTX Chè Hảo Đạt", "CHE-HD").await;
    let (lan, _) = shopper(&app).await;
    let client = app.signed_in(&lan.email).await;

    let shop_page = app.page(&client, &format!("/cua-hang/{}", tea.slug)).await;
    assert!(shop_page.contains(&format!(r#"href="/cua-hang/{}/nhan-tin""#, tea.slug)));
    let product_page = app.page(&client, &format!("/san-pham/{}", tea.product_slug)).await;
    let write = format!("/cua-hang/{}/nhan-tin?san-pham={}", tea.slug, tea.product_slug);
    assert!(product_page.contains(&format!(r#"href="{write}""#)), "the product page links with the product");
    let form = app.page(&client, &write).await;
    assert!(form.contains(r#"data-testid="msg-about-product""#) && form.contains(r#"data-testid="msg-masking-note""#));

    let action = format!("/cua-hang/{}/nhan-tin", tea.slug);
    let refused = app.post_form(&client, &write, &action, &[("body", "  "), ("product", &tea.product_slug)]).await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(html.contains("Vui lòng nhập tin nhắn") && html.contains(r#"aria-invalid="true""#));
    let sent = app
        .post_form(&client, &write, &action, &[("body", "Trà có túi lọc không shop?"), ("product", &tea.product_slug)])
        .await;
    assert_eq!(sent.status(), 303);
    let to = sent.headers()["location"].to_str().unwrap().to_owned();
    assert!(to.starts_with("/tin-nhan/"), "{to}");
    let thread_path = to.trim_end_matches("#cuoi").to_owned();
    let thread = app.page(&client, &thread_path).await;
    assert!(thread.contains("Trà có túi lọc không shop?") && thread.contains(r#"class="bubble bubble-mine""#));

    let vendor = app.signed_in(&tea.vendor.email).await;
    let home = app.page(&vendor, "/").await;
    assert!(home.contains(r#"data-testid="messages-unread" aria-hidden="true">1<"#), "the header counts it");
    let desk = app.page(&vendor, &format!("/kenh-nguoi-ban/{}", tea.slug)).await;
    assert!(desk.contains(r#"data-testid="desk-messages""#));
    let inbox = app.page(&vendor, &format!("/kenh-nguoi-ban/{}/tin-nhan?loc=chua-doc", tea.slug)).await;
    assert!(inbox.contains("Trà có túi lọc không shop?") && inbox.contains(&lan.name));
    let id = thread_path.trim_start_matches("/tin-nhan/");
    let vendor_thread = format!("/kenh-nguoi-ban/{}/tin-nhan/{id}", tea.slug);
    let answer = app.post_form(&vendor, &vendor_thread, &vendor_thread, &[("body", "Dạ có, hộp 25 túi lọc ạ.")]).await;
    assert_eq!(answer.status(), 303);
    let after = app.page(&vendor, "/").await;
    assert!(!after.contains(r#"data-testid="messages-unread""#), "read and answered");
    // The shopper's link to the thread sends staff to their workspace.
    let redirect = vendor.get(app.url(&thread_path)).send().await.unwrap();
    assert_eq!(redirect.status(), 303);
    let mine = app.page(&client, "/tin-nhan").await;
    assert!(mine.contains("Dạ có, hộp 25 túi lọc ạ.") && mine.contains(r#"data-testid="conversation-unread""#));

    // The shop page now counts the conversation in its response rate.
    let shop_page = app.page(&app.new_client(), &format!("/cua-hang/{}", tea.slug)).await;
    assert!(shop_page.contains("<strong>100%</strong> câu hỏi và tin nhắn được cửa hàng trả lời"), "{shop_page}");
}
