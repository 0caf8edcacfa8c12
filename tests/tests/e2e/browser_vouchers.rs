//! Vouchers in a real browser on a phone: a shop's voucher saved from its page, the cart
//! showing the best set, checkout filling it in, the review showing the saving, and the
//! order carrying the discount.

use ocop_accounts::Role;
use ocop_tests::fixtures::{PASSWORD, product, vn_field};
use ocop_tests::{browser, spawn_app};
use serde_json::json;

#[tokio::test]
async fn a_shopper_saves_a_voucher_and_checks_out_with_the_best_set() {
    let Some(b) = browser::phone().await else { return };
    let app = spawn_app().await;
    let (tea, tea_vendor, tea_token) = app.shop("HTX Trà hoa vàng Ba Chẽ", "Quảng Ninh").await;
    app.live_product(&tea_vendor, &tea, &product("Trà hoa vàng Ba Chẽ", "THV-100", 125_000, 20)).await;
    let ends = (chrono::Utc::now() + chrono::Duration::days(5)).to_rfc3339();
    for body in [
        json!({"code": "BACHE15", "title": "Mừng vụ hoa mới", "kind": "percent", "percent": 15, "amount_vnd": 30_000,
            "min_order_vnd": 200_000, "ends_at": ends}),
        json!({"code": "FREESHIPBC", "title": "Miễn phí giao trà", "kind": "free_shipping", "claim_required": true,
            "ends_at": ends}),
    ] {
        let res = app.post_json_as(&tea_token, &format!("/api/v1/shops/{tea}/vouchers"), &body).await;
        assert_eq!(res.status(), 201);
    }
    let (buyer, _) = app.user("lan.nguyen@example.vn", Role::Shopper).await;
    b.login(&app.address, &buyer.email, PASSWORD).await;

    b.goto(&app.url(&format!("/cua-hang/{tea}"))).await;
    b.text_containing("[data-testid=shop-vouchers]", "Miễn phí vận chuyển").await;
    b.screenshot("shop-vouchers-phone").await;
    // The free-shipping one must be saved first: the second ticket (they end together, so
    // they show in the order they were issued).
    let tickets = b.text("[data-testid=shop-vouchers]").await;
    assert!(tickets.contains("FREESHIPBC") && tickets.contains("Giảm 15% tối đa 30.000 ₫"), "{tickets}");
    b.click("[data-testid=shop-voucher]:nth-of-type(2) [data-testid=save-voucher]").await;
    b.text_containing("[data-testid=voucher-saved]", "Đã lưu").await;

    b.goto(&app.url("/san-pham/tra-hoa-vang-ba-che")).await;
    b.fill("#quantity", "2").await;
    b.click("[data-testid=add-to-cart]").await;
    b.text_containing("[data-testid=added]", "Đã thêm vào giỏ").await;
    let best = b.text_containing("[data-testid=cart-best-voucher]", "BACHE15").await;
    assert!(best.contains("FREESHIPBC"), "{best}");
    scroll_to(&b, "[data-testid=cart-vouchers]").await;
    b.screenshot("cart-vouchers-phone").await;

    b.click("[data-testid=to-checkout]").await;
    b.wait_for_path("/thanh-toan").await;
    b.fill_delivery(&browser::LAN_IN_HA_LONG).await;
    scroll_to(&b, "[data-testid=voucher-box]").await;
    b.screenshot("checkout-vouchers-phone").await;
    b.click("[data-testid=to-review]").await;
    // 15 % of 250 000 is 37 500, capped at 30 000; shipping free.
    b.text_containing("[data-testid=review-saving]", "Tiết kiệm").await;
    let total = b.text("[data-testid=review-total]").await;
    assert_eq!(total.trim(), "220.000 ₫", "250.000 ₫ − 30.000 ₫, shipping taken off");
    scroll_to(&b, "[data-testid=review-total]").await;
    b.screenshot("review-vouchers-phone").await;
    b.click("[data-testid=place-order]").await;
    b.text_containing("[data-testid=order-placed]", "Đặt hàng thành công").await;
    b.text_containing("[data-testid=order-discount]", "−").await;
    b.text_containing("[data-testid=order-total]", "220.000 ₫").await;
    b.screenshot("order-with-vouchers-phone").await;
    b.close().await;
}

/// Brings the part a screenshot is about into view.
async fn scroll_to(b: &browser::Browser, css: &str) {
    let script = format!("document.querySelector('{css}').scrollIntoView({{block: 'center'}})");
    b.client.execute(&script, vec![]).await.unwrap();
}

/// Sets a date-time field the way a person picks it (typing into one depends on the
/// browser's locale).
async fn set_time(b: &browser::Browser, css: &str, value: &str) {
    let script = format!("document.querySelector('{css}').value = '{value}'");
    b.client.execute(&script, vec![]).await.unwrap();
}

#[tokio::test]
async fn a_shop_issues_a_voucher_from_its_phone_and_an_admin_pauses_a_provinces() {
    let Some(b) = browser::phone().await else { return };
    let app = spawn_app().await;
    let (tea, tea_vendor, _) = app.shop("HTX Trà hoa vàng Ba Chẽ", "Quảng Ninh").await;
    app.live_product(&tea_vendor, &tea, &product("Trà hoa vàng Ba Chẽ", "THV-200", 125_000, 20)).await;
    let ends = vn_field(chrono::Duration::days(20));
    b.login(&app.address, &tea_vendor.email, PASSWORD).await;
    b.goto(&app.url(&format!("/kenh-nguoi-ban/{tea}"))).await;
    b.click("[data-testid=shop-vouchers-link]").await;
    b.text_containing("[data-testid=no-vouchers]", "Chưa có mã nào").await;

    // A first try with mistakes: each named on its field, in Vietnamese.
    b.fill("#code", "tet").await;
    b.fill("#amount_vnd", "hai chục").await;
    b.click("[data-testid=voucher-submit]").await;
    b.text_containing("[data-testid=voucher-errors]", "Vui lòng sửa").await;
    let form = b.text("[data-testid=voucher-form]").await;
    for said in ["Mã gồm 4–20", "Cần tên chương trình", "Nhập số nguyên", "Cần ngày giờ kết thúc"]
    {
        assert!(form.contains(said), "{said}: {form}");
    }
    b.screenshot("voucher-desk-error-phone").await;

    b.fill("#code", "TETBACHE").await;
    b.fill("#title", "Quà Tết từ Ba Chẽ").await;
    b.fill("#amount_vnd", "20.000").await;
    b.fill("#min_order_vnd", "200.000").await;
    set_time(&b, "#ends_at", &ends).await;
    b.fill("#total_limit", "100").await;
    b.click("[data-testid=voucher-submit]").await;
    b.text_containing("[data-testid=voucher-issued]", "TETBACHE").await;
    let issued = b.text("[data-testid=issued-voucher]").await;
    assert!(issued.contains("Giảm 20.000 ₫") && issued.contains("Đã dùng 0/100"), "{issued}");
    b.screenshot("voucher-desk-phone").await;
    b.goto(&app.url(&format!("/cua-hang/{tea}"))).await;
    b.text_containing("[data-testid=shop-vouchers]", "TETBACHE").await;
    b.logout().await;

    // An admin on a desktop issues Quảng Ninh's free shipping, then pauses it.
    b.client.set_window_size(1280, 900).await.unwrap();
    let (admin, _) = app.admin().await;
    b.login(&app.address, &admin.email, PASSWORD).await;
    b.goto(&app.url("/quan-tri")).await;
    b.click("[data-testid=admin-vouchers-link]").await;
    b.fill("#code", "QNSHIP").await;
    b.fill("#title", "Tuần hàng OCOP Quảng Ninh").await;
    b.click("input[name=kind][value=free_shipping]").await;
    b.select("#province", "quang-ninh").await;
    set_time(&b, "#ends_at", &ends).await;
    b.click("[data-testid=voucher-submit]").await;
    b.text_containing("[data-testid=voucher-issued]", "QNSHIP").await;
    let issued = b.text("[data-testid=issued-voucher]").await;
    assert!(issued.contains("Mã của Quảng Ninh") && issued.contains("Đang chạy"), "{issued}");
    b.click("[data-testid=voucher-pause]").await;
    b.text_containing("[data-testid=voucher-paused]", "Tạm dừng").await;
    b.client.execute("window.scrollTo(0, 0)", vec![]).await.unwrap();
    b.screenshot("voucher-desk-admin-desktop").await;
    b.close().await;
}
