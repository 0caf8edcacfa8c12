//! Messages in a real browser: a shopper writes to a shop from a product page, with a phone
//! number the shop sees masked; the shop finds the unread count in the header, answers from
//! its workspace on a phone, and the shopper reads the answer.

use ocop_accounts::Role;
use ocop_tests::browser;
use ocop_tests::fixtures::{PASSWORD, product};
use ocop_tests::spawn_app;

#[tokio::test]
async fn a_shopper_writes_from_a_product_page_and_the_shop_answers_from_its_phone() {
    let Some(b) = browser::open(1280, 900).await else { return };
    let app = spawn_app().await;
    let (shop, vendor, _) = app.shop("HTX Chè Tân Cương Hoàng Bình", "Thái Nguyên").await;
    let tea = app.live_product(&vendor, &shop, &product("Chè búp Tân Cương 200 g", "TC-200", 180_000, 20)).await;
    let (lan, _) = app.user("lan.nhantin@example.vn", Role::Shopper).await;

    b.login(&app.address, &lan.email, PASSWORD).await;
    b.goto(&app.url(&format!("/san-pham/{}", tea.product.slug))).await;
    b.click("[data-testid=message-shop]").await;
    b.text_containing("[data-testid=msg-about-product]", "Chè búp Tân Cương 200 g").await;
    b.text_containing("[data-testid=msg-masking-note]", "được ẩn").await;
    b.click("[data-testid=msg-send]").await; // empty: the browser's own check stops it
    b.fill("#msg-body", "Chè này pha được mấy nước ạ? Shop gọi giúp mình 0912 345 678 nhé.").await;
    b.click("[data-testid=msg-send]").await;
    b.text_containing("[data-testid=message]", "0912 345 678").await;
    b.client.execute("window.scrollTo(0, 0)", vec![]).await.unwrap();
    b.screenshot("messages-shopper-desktop").await;
    b.logout().await;

    b.close().await;
    let Some(phone) = browser::phone().await else { return };
    phone.login(&app.address, &vendor.email, PASSWORD).await;
    phone.goto(&app.url(&format!("/kenh-nguoi-ban/{shop}"))).await;
    phone.text_containing("[data-testid=desk-messages]", "1").await;
    phone.click("[data-testid=desk-messages]").await;
    phone.text_containing("[data-testid=conversation]", "Shop gọi giúp mình *** nhé").await;
    phone.click(".conversation-link").await;
    phone.text_containing("[data-testid=message]", "Shop gọi giúp mình *** nhé").await;
    phone.text_containing("[data-testid=msg-masked]", "được ẩn").await;
    phone.fill("#msg-body", "Dạ pha được 4–5 nước, nước sôi để nguội khoảng 80 độ ạ.").await;
    phone.click("[data-testid=msg-send]").await;
    phone.text_containing(".bubble-mine", "4–5 nước").await;
    phone.client.execute("window.scrollTo(0, 0)", vec![]).await.unwrap();
    phone.screenshot("messages-shop-phone").await;
    phone.logout().await;

    phone.login(&app.address, &lan.email, PASSWORD).await;
    phone.goto(&app.url("/tai-khoan")).await;
    phone.text_containing("[data-testid=account-messages]", "1").await;
    phone.click("[data-testid=account-messages]").await;
    phone.wait_for_path("/tin-nhan").await;
    phone.text_containing("[data-testid=conversation]", "4–5 nước").await;
    phone.screenshot("messages-list-phone").await;
    phone.close().await;
}
