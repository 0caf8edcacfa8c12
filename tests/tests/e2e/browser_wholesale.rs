//! The supply–demand board in a real browser on a phone-sized window: a restaurant posts a
//! wholesale request, the fitting shop hears of it on its bell, answers with an offer,
//! and the buyer accepts it.

use ocop_accounts::Role;
use ocop_tests::fixtures::{PASSWORD, product};
use ocop_tests::{browser, spawn_app};
use serde_json::json;

async fn scroll_to(b: &browser::Browser, css: &str) {
    b.client.execute("document.querySelector(arguments[0]).scrollIntoView();", vec![json!(css)]).await.unwrap();
}

#[tokio::test]
async fn a_buyer_posts_a_request_a_shop_offers_and_the_buyer_accepts() {
    let Some(b) = browser::phone().await else { return };
    let app = spawn_app().await;
    let (shop, vendor, _) = app.shop("HTX Nước mắm Cái Rồng", "Quảng Ninh").await;
    let mut fish_sauce = product("Nước mắm cá cơm Cái Rồng", "NM-500", 85_000, 500);
    fish_sauce.category = "thuc-pham".into();
    app.live_product(&vendor, &shop, &fish_sauce).await;
    let (buyer, _) = app.user("bep.truong@bienxanh.vn", Role::Shopper).await;

    // The restaurant posts what it needs.
    b.login(&app.address, &buyer.email, PASSWORD).await;
    b.goto(&app.url("/ket-noi-cung-cau")).await;
    b.click("[data-testid=ws-post-link]").await;
    b.wait_for_path("/ket-noi-cung-cau/dang-yeu-cau").await;
    b.fill("#organisation", "Nhà hàng Hải sản Biển Xanh Đà Nẵng").await;
    b.select("#buyer_kind", "restaurant").await;
    b.fill("#product", "Nước mắm cá cơm 40 độ đạm, chai 500 ml").await;
    b.select("#category", "thuc-pham").await;
    b.fill("#quantity", "200").await;
    b.select("#unit", "chai").await;
    b.fill("#province", "Quảng Nam").await;
    let deadline = (ocop_wholesale::today_vn() + chrono::Duration::days(14)).format("%Y-%m-%d").to_string();
    b.client.execute("document.getElementById('deadline').value = arguments[0];", vec![json!(deadline)]).await.unwrap();
    b.fill("#budget_vnd", "17.000.000").await;
    b.fill("#note", "Giao trước mùa du lịch hè, có hoá đơn VAT.").await;
    b.screenshot("wholesale-post-form-phone").await;
    b.click("[data-testid=ws-submit]").await;
    b.text_containing("[data-testid=ws-posted]", "1 gian hàng").await;
    b.text_containing("[data-testid=ws-status]", "Đang nhận báo giá").await;
    b.text_containing("[data-testid=ws-budget]", "17.000.000 ₫").await;
    let request_path = b.path().await;
    b.screenshot("wholesale-request-posted-phone").await;
    b.logout().await;

    // The shop hears of it on its bell and answers from its board page.
    b.login(&app.address, &vendor.email, PASSWORD).await;
    b.text_containing("[data-testid=unread]", "1").await;
    b.goto(&app.url("/thong-bao")).await;
    b.text_containing("[data-testid=notification]", "Cần mua sỉ 200 chai").await;
    b.goto(&app.url(&format!("/kenh-nguoi-ban/{shop}/cung-cau"))).await;
    b.text_containing("[data-testid=ws-matching]", "Nước mắm cá cơm 40 độ đạm").await;
    b.screenshot("wholesale-shop-board-phone").await;
    b.click("[data-testid=ws-matching] [data-testid=ws-row] h2 a").await;
    b.wait_for_path(&request_path).await;
    b.fill("#price_per_unit_vnd", "82.000").await;
    b.fill("#lead_time_days", "7").await;
    b.fill("#message", "Nước mắm ủ chượp 12 tháng trong thùng gỗ, giao tận bếp.").await;
    b.click("[data-testid=ws-offer-submit]").await;
    b.text_containing("[data-testid=ws-offer-price]", "82.000 ₫").await;
    b.text_containing("[data-testid=ws-offer-status]", "Chờ bên mua chọn").await;
    assert!(
        b.client.find(fantoccini::Locator::Css("[data-testid=ws-offer-form]")).await.is_err(),
        "one offer per shop"
    );
    b.fill("[data-testid=ws-offer] textarea", "Bên em giao được thứ Hai hằng tuần.").await;
    b.click("[data-testid=ws-send]").await;
    b.text_containing("[data-testid=ws-thread]", "thứ Hai hằng tuần").await;
    scroll_to(&b, "[data-testid=ws-offer]").await;
    b.screenshot("wholesale-offer-sent-phone").await;
    b.logout().await;

    // The buyer sees the price, accepts it, and gets the supplier's contact.
    b.login(&app.address, &buyer.email, PASSWORD).await;
    b.goto(&app.url("/ket-noi-cung-cau/cua-toi")).await;
    b.text_containing("[data-testid=ws-row]", "1 báo giá").await;
    b.click("[data-testid=ws-row] h2 a").await;
    b.wait_for_path(&request_path).await;
    b.text_containing("[data-testid=ws-offer]", "16.400.000 ₫").await;
    b.text_containing("[data-testid=ws-thread]", "thứ Hai hằng tuần").await;
    scroll_to(&b, "[data-testid=ws-offer]").await;
    b.screenshot("wholesale-offer-to-accept-phone").await;
    b.click("[data-testid=ws-accept]").await;
    b.text_containing("[data-testid=ws-status]", "Đã chọn nhà cung cấp").await;
    b.text_containing("[data-testid=ws-offer-status]", "Được chọn").await;
    b.text_containing("[data-testid=ws-shop-contact]", "0912345678").await;
    assert!(b.client.find(fantoccini::Locator::Css("[data-testid=ws-accept]")).await.is_err(), "no second accept");
    scroll_to(&b, "[data-testid=ws-shop-contact]").await;
    b.screenshot("wholesale-matched-phone").await;
    b.close().await;

    let told = ocop_orders::notify::recent(&app.db, vendor.id, 10).await.unwrap();
    assert!(told.iter().any(|n| n.title.contains("đã chọn báo giá của bạn")), "the shop is told it won");
}
