//! Reviews in a real browser on a phone-sized window: a shopper reviews a delivered order
//! from its page and sees the review on the product; a review with a phone number waits;
//! the shop answers; an admin publishes the held one; the product shows both.

use ocop_accounts::Role;
use ocop_orders::entity::shop_order;
use ocop_tests::fixtures::{PASSWORD, product};
use ocop_tests::{TestApp, browser, spawn_app};
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use serde_json::{Value, json};

/// The shopper with `token` buys one box of tea; the parcel is delivered. Returns the order's code.
async fn delivered_order(app: &TestApp, token: &str, shop: &str) -> String {
    let added =
        app.post_json_as(token, "/api/v1/cart/items", &json!({"sku": "THV-REV", "shop": shop, "quantity": 1})).await;
    assert_eq!(added.status(), 201);
    let placed: Value = app
        .post_json_as(
            token,
            "/api/v1/checkout",
            &json!({"payment_method": "cod", "shipping": {"recipient": "Nguyễn Thị Lan", "phone": "0912 345 678",
                "province": "Quảng Ninh", "commune": "Phường Bãi Cháy", "street": "12 Hạ Long"}}),
        )
        .await
        .json()
        .await
        .unwrap();
    let part = placed["shop_orders"][0]["id"].as_i64().unwrap();
    let found = shop_order::Entity::find_by_id(part).one(&app.db).await.unwrap().unwrap();
    let mut delivered: shop_order::ActiveModel = found.into();
    delivered.status = Set("delivered".into());
    delivered.delivered_at = Set(Some(chrono::Utc::now()));
    delivered.update(&app.db).await.unwrap();
    placed["code"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_shopper_reviews_a_delivered_order_the_shop_answers_and_an_admin_moderates() {
    let Some(b) = browser::phone().await else { return };
    let app = spawn_app().await;
    let (shop, vendor, _) = app.shop("HTX Trà hoa vàng Ba Chẽ", "Quảng Ninh").await;
    app.live_product(&vendor, &shop, &product("Trà hoa vàng Ba Chẽ hộp quà", "THV-REV", 400_000, 20)).await;
    let (lan, lan_token) = app.user("lan.review@example.vn", Role::Shopper).await;
    let (minh, minh_token) = app.user("minh.review@example.vn", Role::Shopper).await;
    let (admin, _) = app.admin().await;
    let lan_code = delivered_order(&app, &lan_token, &shop).await;
    let minh_code = delivered_order(&app, &minh_token, &shop).await;

    // From the order's page to the form, four stars, and back on the product's reviews.
    b.login(&app.address, &lan.email, PASSWORD).await;
    b.goto(&app.url(&format!("/don-hang/{lan_code}"))).await;
    b.click("[data-testid=write-review]").await;
    b.text_containing("[data-testid=review-product]", "Trà hoa vàng Ba Chẽ hộp quà").await;
    b.click("label[for=stars-4]").await;
    b.fill("#body", "Trà thơm dịu, nước vàng óng. Hộp quà đẹp, biếu Tết rất hợp.").await;
    // A photo of what arrived, chosen in the file input as a person would.
    let photo = std::env::temp_dir().join(format!("review-{}.png", uuid::Uuid::new_v4().simple()));
    ocop_catalog::images::drawn::draw(7, "thuc-pham", "Trà hoa vàng").save(&photo).unwrap();
    let input = b.client.find(fantoccini::Locator::Css("#photos")).await.unwrap();
    input.send_keys(&photo.display().to_string()).await.unwrap();
    b.screenshot("review-form-phone").await;
    b.click("[data-testid=review-submit]").await;
    b.wait_for_path("/san-pham/tra-hoa-vang-ba-che-hop-qua").await;
    b.text_containing("[data-testid=review]", "Trà thơm dịu").await;
    b.text_containing("[data-testid=reviews-with-photos]", "Có hình ảnh (1)").await;
    let _ = std::fs::remove_file(&photo);
    b.text_containing("[data-testid=rating-box]", "4,0").await;
    b.logout().await;

    // A phone number in the text: it waits for an admin, and the shopper is told so.
    b.login(&app.address, &minh.email, PASSWORD).await;
    b.goto(&app.url(&format!("/don-hang/{minh_code}"))).await;
    b.click("[data-testid=write-review]").await;
    b.click("label[for=stars-2]").await;
    b.fill("#body", "Giao chậm. Ai cần mua sỉ gọi mình 0987 654 321").await;
    b.click("[data-testid=review-submit]").await;
    b.text_containing("[data-testid=review-held]", "quản trị viên duyệt").await;
    b.text_containing("[data-testid=review-status]", "Chờ duyệt").await;
    b.screenshot("my-reviews-held-phone").await;
    b.logout().await;

    // The shop answers Lan publicly.
    b.login(&app.address, &vendor.email, PASSWORD).await;
    b.goto(&app.url(&format!("/kenh-nguoi-ban/{shop}/danh-gia?loc=chua-tra-loi"))).await;
    b.text_containing("[data-testid=shop-review]", "Trà thơm dịu").await;
    b.fill("[data-testid=shop-review] textarea", "Cảm ơn chị Lan đã tin dùng trà của hợp tác xã ạ!").await;
    b.click("[data-testid=reply-submit]").await;
    b.text_containing("[data-testid=review-reply]", "Cảm ơn chị Lan").await;
    b.screenshot("shop-reviews-phone").await;
    b.logout().await;

    // The admin sees why Minh's review waits and publishes it.
    b.login(&app.address, &admin.email, PASSWORD).await;
    b.goto(&app.url("/quan-tri/danh-gia")).await;
    b.text_containing("[data-testid=waiting-body]", "0987 654 321").await;
    b.text_containing("[data-testid=hold-reason]", "điện thoại").await;
    b.screenshot("admin-review-queue-phone").await;
    b.click("[data-testid=review-publish]").await;
    b.text_containing("[data-testid=queue-empty]", "").await;
    b.logout().await;

    // A guest sees both, the average and the answer.
    b.goto(&app.url("/san-pham/tra-hoa-vang-ba-che-hop-qua")).await;
    b.text_containing("[data-testid=rating-box]", "3,0").await;
    b.text_containing("[data-testid=review-reply]", "Cảm ơn chị Lan").await;
    let reviews = b.page_text().await;
    assert!(reviews.contains("Giao chậm"), "the published review shows");
    b.goto(&app.url("/san-pham/tra-hoa-vang-ba-che-hop-qua#danh-gia")).await;
    b.screenshot("product-reviews-phone").await;
    b.close().await;
}

#[tokio::test]
async fn a_shopper_asks_on_the_product_page_and_the_shop_answers_from_its_workspace() {
    let Some(b) = browser::phone().await else { return };
    let app = spawn_app().await;
    let (shop, vendor, _) = app.shop("HTX Nước mắm Cái Rồng", "Quảng Ninh").await;
    app.live_product(&vendor, &shop, &product("Nước mắm Cái Rồng 40 độ đạm", "NM-40", 150_000, 20)).await;
    let (lan, _) = app.user("lan.hoi@example.vn", Role::Shopper).await;

    b.login(&app.address, &lan.email, PASSWORD).await;
    b.goto(&app.url("/san-pham/nuoc-mam-cai-rong-40-do-dam#hoi-dap")).await;
    b.text_containing("[data-testid=no-questions]", "Chưa có câu hỏi").await;
    b.fill("#ask-body", "Nước mắm này có dùng cho trẻ nhỏ được không ạ?").await;
    b.click("[data-testid=ask-submit]").await;
    b.text_containing("[data-testid=question]", "trẻ nhỏ").await;
    b.logout().await;

    b.login(&app.address, &vendor.email, PASSWORD).await;
    b.goto(&app.url(&format!("/kenh-nguoi-ban/{shop}"))).await;
    b.click("[data-testid=shop-questions-link]").await;
    b.text_containing("[data-testid=shop-question]", "trẻ nhỏ").await;
    b.fill("[data-testid=shop-question] textarea", "Dạ được ạ, pha loãng khi nấu cháo cho bé.").await;
    b.screenshot("shop-questions-phone").await;
    b.click("[data-testid=shop-answer-submit]").await;
    b.text_containing("[data-testid=no-shop-questions]", "Không có câu hỏi").await;
    b.logout().await;

    b.goto(&app.url("/san-pham/nuoc-mam-cai-rong-40-do-dam#hoi-dap")).await;
    b.text_containing("[data-testid=answer]", "pha loãng khi nấu cháo").await;
    b.screenshot("product-questions-phone").await;
    b.close().await;
}
