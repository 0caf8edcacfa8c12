//! A fair in a real browser: an organiser creates it, a shop applies from its phone, the
//! organiser places it on the booth map, the shop sets a fair price and opens its booth's
//! selling screen, and a shopper finds the product inside the fair and buys it at that price.

use chrono::Duration;
use ocop_accounts::Role;
use ocop_tests::fixtures::{PASSWORD, product, vn_field};
use ocop_tests::{browser, spawn_app};
use serde_json::json;

fn vn(hours: i64) -> String {
    vn_field(Duration::hours(hours))
}

async fn set_value(b: &browser::Browser, id: &str, value: &str) {
    b.client
        .execute("document.getElementById(arguments[0]).value = arguments[1];", vec![json!(id), json!(value)])
        .await
        .unwrap();
}

#[tokio::test]
async fn an_organiser_runs_a_fair_a_shop_takes_a_booth_and_a_shopper_buys_at_the_fair_price() {
    let Some(desk) = browser::open(1280, 900).await else { return };
    let app = spawn_app().await;
    let (shop, vendor, _) = app.shop("HTX Chả mực Hạ Long", "Quảng Ninh").await;
    app.live_product(&vendor, &shop, &product("Chả mực Hạ Long giã tay", "CM-500", 350_000, 40)).await;
    let (organiser, _) = app.user("dieuphoi.qn@choocop.vn", Role::Coordinator).await;
    ocop_catalog::coordinators::assign(&app.db, &organiser, "Quảng Ninh").await.unwrap();

    // The province's coordinator creates the fair; a bad booth limit is named first.
    desk.login(&app.address, &organiser.email, PASSWORD).await;
    desk.goto(&app.url("/quan-tri/hoi-cho")).await;
    desk.fill("#name", "Hội chợ OCOP Quảng Ninh hè 2027").await;
    desk.select("#venue_kind", "both").await;
    desk.fill("#venue", "Cung Triển lãm Quy hoạch Quảng Ninh, Hạ Long").await;
    desk.fill("#host_province", "Quảng Ninh").await;
    desk.fill("#invited_provinces", "Hà Nội, Lạng Sơn").await;
    set_value(&desk, "starts_at", &vn(-2)).await;
    set_value(&desk, "ends_at", &vn(24 * 6)).await;
    desk.fill("#booth_limit", "5000").await;
    desk.click("[data-testid=fair-create]").await;
    desk.text_containing("[data-testid=fair-errors]", "Số gian hàng tối đa").await;
    desk.fill("#booth_limit", "24").await;
    set_value(&desk, "starts_at", &vn(-2)).await;
    set_value(&desk, "ends_at", &vn(24 * 6)).await;
    desk.click("[data-testid=fair-create]").await;
    desk.wait_for_path("/quan-tri/hoi-cho/hoi-cho-ocop-quang-ninh-he-2027").await;
    desk.text_containing("[data-testid=fair-applications]", "Chưa có đơn đăng ký").await;

    // The shop applies from its phone.
    let Some(phone) = browser::phone().await else { return };
    phone.login(&app.address, &vendor.email, PASSWORD).await;
    phone.goto(&app.url(&format!("/kenh-nguoi-ban/{shop}/hoi-cho"))).await;
    phone.fill("textarea[name=note]", "Xin gian gần cổng chính, có tủ mát.").await;
    phone.click("[data-testid=apply-hoi-cho-ocop-quang-ninh-he-2027]").await;
    phone.text_containing("[data-testid=booth-status]", "Chờ duyệt").await;

    // The organiser places it at booth 8.
    desk.goto(&app.url("/quan-tri/hoi-cho/hoi-cho-ocop-quang-ninh-he-2027")).await;
    desk.fill(&format!("[data-testid=number-{shop}]"), "8").await;
    desk.click(&format!("[data-testid=accept-{shop}]")).await;
    desk.text_containing("[data-testid=booth-cell-8]", "HTX Chả mực Hạ Long").await;
    desk.screenshot("fair-admin-map-desktop").await;
    // It grows: the organiser raises the booth limit from the filled-in edit form.
    desk.click("[data-testid=fair-edit] summary").await;
    assert_eq!(
        desk.client
            .find(fantoccini::Locator::Css("[data-testid=fair-edit] #booth_limit"))
            .await
            .unwrap()
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some("24")
    );
    desk.fill("[data-testid=fair-edit] #booth_limit", "30").await;
    desk.click("[data-testid=fair-save]").await;
    desk.text_containing("[data-testid=booth-cell-30]", "30").await;

    // The shop sets its fair price and opens the booth's selling screen.
    phone.goto(&app.url(&format!("/kenh-nguoi-ban/{shop}/hoi-cho"))).await;
    phone.text_containing("[data-testid=booth-status]", "Đã nhận gian").await;
    phone.click("[data-testid=fair-prices-link]").await;
    phone.fill("[data-testid=fair-price-CM-500]", "299.000").await;
    phone.click("[data-testid=save-prices]").await;
    phone.text_containing("[data-testid=prices-saved]", "Đã lưu").await;
    phone.screenshot("fair-shop-prices-phone").await;
    // The plain selling screen offers the fair; from there it sells at fair prices.
    phone.goto(&app.url(&format!("/kenh-nguoi-ban/{shop}/ban-hang"))).await;
    phone.click("[data-testid=sell-switch-fair] a").await;
    phone.text_containing("[data-testid=sell-fair]", "Gian 8").await;
    let line = phone.text("[data-pos-item]").await;
    assert!(line.contains("299.000 ₫"), "the booth sells at the fair price: {line}");
    phone.logout().await;

    // A shopper finds it inside the fair, at the booth, and buys it at the fair price.
    let (shopper, _) = app.user("lan.nguyen@example.vn", Role::Shopper).await;
    phone.login(&app.address, &shopper.email, PASSWORD).await;
    phone.goto(&app.url("/hoi-cho")).await;
    phone.click("[data-testid=fair-card] h3 a").await;
    phone.wait_for_path("/hoi-cho/hoi-cho-ocop-quang-ninh-he-2027").await;
    phone.text_containing("[data-testid=fair-phase]", "Đang diễn ra").await;
    phone.text_containing("[data-testid=fair-offers]", "−14%").await;
    phone.screenshot("fair-page-phone").await;
    phone.fill("#tim", "cha muc").await;
    phone.click("[data-testid=fair-search] button").await;
    phone.wait_for_url_containing("tim=cha").await;
    phone.text_containing("[data-testid=fair-offers]", "Chả mực Hạ Long giã tay").await;
    phone.click("[data-testid=fair-offer] a").await;
    phone.wait_for_path("/hoi-cho/hoi-cho-ocop-quang-ninh-he-2027/gian/8").await;
    phone.text_containing("[data-testid=booth-title]", "Gian 8").await;
    phone.click("[data-testid=fair-add-CM-500]").await;
    phone.text_containing("[data-testid=fair-added]", "giá hội chợ").await;
    phone.screenshot("fair-booth-phone").await;
    phone.goto(&app.url("/gio-hang")).await;
    phone.text_containing("[data-testid=fair-price-badge]", "Giá hội chợ").await;
    let cart = phone.page_text().await;
    assert!(cart.contains("299.000 ₫"), "the cart charges the fair price: {cart}");
    phone.screenshot("fair-cart-phone").await;
    phone.close().await;
    desk.close().await;
}

#[tokio::test]
async fn an_admin_starts_a_campaign_and_a_shopper_finds_it_on_the_home_page() {
    let Some(b) = browser::phone().await else { return };
    let app = spawn_app().await;
    let (shop, vendor, _) = app.shop("HTX Trà hoa vàng Ba Chẽ", "Quảng Ninh").await;
    app.live_product(&vendor, &shop, &product("Trà hoa vàng Ba Chẽ hộp quà Tết", "THV-TET", 250_000, 40)).await;
    let (admin, _) = app.admin().await;

    // The admin starts the campaign from the fair form: no venue needed.
    b.client.set_window_size(1280, 900).await.unwrap();
    b.login(&app.address, &admin.email, PASSWORD).await;
    b.goto(&app.url("/quan-tri/hoi-cho")).await;
    b.fill("#name", "Quà Tết OCOP Quảng Ninh").await;
    b.select("#venue_kind", "campaign").await;
    b.fill("#host_province", "Quảng Ninh").await;
    set_value(&b, "starts_at", &vn(-1)).await;
    set_value(&b, "ends_at", &vn(24 * 30)).await;
    b.fill("#booth_limit", "200").await;
    b.click("[data-testid=fair-create]").await;
    b.wait_for_path("/quan-tri/hoi-cho/qua-tet-ocop-quang-ninh").await;
    b.logout().await;

    // The shop joins from its phone; the admin takes it in; the shop sets its price.
    let slug = "qua-tet-ocop-quang-ninh";
    b.client.set_window_size(412, 915).await.unwrap();
    b.login(&app.address, &vendor.email, PASSWORD).await;
    b.goto(&app.url(&format!("/kenh-nguoi-ban/{shop}/hoi-cho"))).await;
    let button = b.text(&format!("[data-testid=apply-{slug}]")).await;
    assert_eq!(button.trim(), "Tham gia chiến dịch");
    b.click(&format!("[data-testid=apply-{slug}]")).await;
    b.text_containing("[data-testid=booth-status]", "Chờ duyệt").await;
    b.logout().await;
    // The admin takes it in: no booth map, no booth number to choose.
    b.login(&app.address, &admin.email, PASSWORD).await;
    b.goto(&app.url(&format!("/quan-tri/hoi-cho/{slug}"))).await;
    b.click(&format!("[data-testid=accept-{shop}]")).await;
    b.text_containing(&format!("[data-testid=application-{shop}]"), "Đã nhận").await;
    assert!(!b.page_text().await.contains("Sơ đồ gian hàng"), "a campaign has no booth map");
    b.screenshot("campaign-admin-phone").await;
    b.logout().await;
    b.login(&app.address, &vendor.email, PASSWORD).await;
    b.goto(&app.url(&format!("/kenh-nguoi-ban/{shop}/hoi-cho"))).await;
    b.click("[data-testid=fair-prices-link]").await;
    b.fill("[data-testid=fair-price-THV-TET]", "199.000").await;
    b.click("[data-testid=save-prices]").await;
    b.text_containing("[data-testid=prices-saved]", "Đã lưu").await;
    b.screenshot("campaign-shop-prices-phone").await;
    b.logout().await;

    // A shopper on a phone: the home page's banner, the campaign, the shop, the cart.
    let (shopper, _) = app.user("mai.tran@example.vn", Role::Shopper).await;
    b.login(&app.address, &shopper.email, PASSWORD).await;
    b.goto(&app.url("/")).await;
    let banner = b.text_containing("[data-testid=home-fairs]", "Quà Tết OCOP Quảng Ninh").await;
    assert!(banner.contains("Chiến dịch") && banner.contains("Kết thúc sau"), "{banner}");
    b.screenshot("campaign-home-banner-phone").await;
    b.click("[data-testid=home-fair] a").await;
    b.wait_for_path(&format!("/hoi-cho/{slug}")).await;
    b.text_containing("[data-testid=fair-booths]", "HTX Trà hoa vàng Ba Chẽ").await;
    b.text_containing("[data-testid=fair-offers]", "199.000 ₫").await;
    b.screenshot("campaign-page-phone").await;
    b.click("[data-testid=fair-booths] a").await;
    b.text_containing("[data-testid=booth-title]", "HTX Trà hoa vàng Ba Chẽ").await;
    b.click("[data-testid=fair-add-THV-TET]").await;
    b.text_containing("[data-testid=fair-added]", "giá chiến dịch").await;
    b.goto(&app.url("/gio-hang")).await;
    b.text_containing("[data-testid=fair-price-badge]", "Giá chiến dịch").await;
    let cart = b.page_text().await;
    assert!(cart.contains("199.000 ₫"), "the cart charges the campaign price: {cart}");
    b.close().await;
}
