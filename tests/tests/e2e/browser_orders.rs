//! The buying journey in a real browser on a phone-sized window: search → product → a cart
//! with two shops → checkout with cash on delivery → the order; each shop sees only its
//! part and ships it; the shopper's timeline shows it.

use ocop_accounts::Role;
use ocop_tests::fixtures::{PASSWORD, product};
use ocop_tests::{browser, spawn_app};

#[tokio::test]
async fn a_shopper_buys_from_two_shops_and_follows_the_shipment() {
    let Some(b) = browser::phone().await else { return };
    let app = spawn_app().await;
    let (tea_shop, tea_vendor, _) = app.shop("HTX Trà hoa vàng Ba Chẽ", "Quảng Ninh").await;
    let (fish_shop, fish_vendor, _) = app.shop("Cơ sở Chả mực Hạ Long", "Quảng Ninh").await;
    app.live_product(&tea_vendor, &tea_shop, &product("Trà hoa vàng Ba Chẽ", "THV-100", 125_000, 20)).await;
    app.live_product(&fish_vendor, &fish_shop, &product("Chả mực giã tay Hạ Long", "CM-500", 180_000, 8)).await;
    let (buyer, _) = app.user("lan.nguyen@example.vn", Role::Shopper).await;

    b.login(&app.address, &buyer.email, PASSWORD).await;
    // Typed without diacritics, as on a phone without a Vietnamese keyboard.
    let found = b.reload_until(&app.url("/tim-kiem?q=tra+hoa+vang"), "main", "Trà hoa vàng Ba Chẽ").await;
    assert!(found, "the listing is searchable");
    // A word no listing has ("sữa") leaves what matches the rest, said to be partial.
    b.goto(&app.url("/tim-kiem?q=tr%C3%A0+s%E1%BB%AFa")).await;
    b.text_containing("[data-testid=partial-match]", "khớp một phần").await;
    b.text_containing("main", "Trà hoa vàng Ba Chẽ").await;
    b.screenshot("search-partial-phone").await;
    b.goto(&app.url("/tim-kiem?q=tra+hoa+vang")).await;
    b.click("a.product-link").await;
    b.wait_for_path("/san-pham/tra-hoa-vang-ba-che").await;
    b.fill("#quantity", "2").await;
    b.click("[data-testid=add-to-cart]").await;
    b.text_containing("[data-testid=added]", "Đã thêm vào giỏ").await;
    b.goto(&app.url("/san-pham/cha-muc-gia-tay-ha-long")).await;
    b.click("[data-testid=add-to-cart]").await;
    b.text_containing("[data-testid=cart-count]", "3").await;
    b.text_containing("[data-testid=cart-total]", "490.000 ₫").await;
    b.screenshot("cart-two-shops-phone").await;

    b.click("[data-testid=to-checkout]").await;
    b.wait_for_path("/thanh-toan").await;
    b.fill_delivery(&browser::LAN_IN_HA_LONG).await;
    b.screenshot("checkout-phone").await;
    b.click("[data-testid=to-review]").await;
    b.text_containing("[data-testid=review-address]", "Phường Bãi Cháy").await;
    b.text_containing("[data-testid=review-method]", "COD").await;
    b.text_containing("[data-testid=review-total]", "490.000 ₫").await;
    b.screenshot("review-phone").await;
    b.click("[data-testid=place-order]").await;
    b.text_containing("[data-testid=order-placed]", "Đặt hàng thành công").await;
    let code = b.text("[data-testid=order-code]").await;
    assert!(code.starts_with("OCOP-"), "{code}");
    b.screenshot("order-placed-phone").await;
    b.logout().await;

    // Each shop sees its own part, and the tea shop ships it.
    b.login(&app.address, &tea_vendor.email, PASSWORD).await;
    b.goto(&app.url(&format!("/kenh-nguoi-ban/{tea_shop}/don-hang"))).await;
    b.text_containing("[data-testid=shop-order-row]", &code).await;
    b.click("[data-testid=shop-order-row] a").await;
    b.text_containing("[data-testid=order-line]", "Trà hoa vàng").await;
    assert!(!b.page_text().await.contains("Chả mực"), "the other shop's lines stay hidden");
    b.click("[data-testid=mark-packed]").await;
    b.text_containing("[data-testid=part-status]", "Đã đóng gói").await;
    b.fill("#carrier", "Viettel Post").await;
    b.fill("#tracking_code", "VTP2611260001").await;
    b.click("[data-testid=mark-shipped]").await;
    b.text_containing("[data-testid=part-status]", "Đang giao").await;
    b.screenshot("shop-order-shipped-phone").await;
    b.logout().await;

    b.login(&app.address, &fish_vendor.email, PASSWORD).await;
    b.goto(&app.url(&format!("/kenh-nguoi-ban/{fish_shop}/don-hang"))).await;
    b.text_containing("[data-testid=shop-order-row]", "Đã xác nhận").await;
    b.logout().await;

    b.login(&app.address, &buyer.email, PASSWORD).await;
    b.text_containing("[data-testid=unread]", "").await;
    b.goto(&app.url(&format!("/don-hang/{code}"))).await;
    b.text_containing("[data-testid=tracking]", "VTP2611260001").await;
    let timeline = b.text_containing("[data-testid=timeline]", "Đang giao").await;
    assert!(timeline.contains("Đã xác nhận") && timeline.contains("Đã đóng gói"), "{timeline}");
    b.screenshot("order-timeline-phone").await;
    b.goto(&app.url("/thong-bao")).await;
    b.text_containing("[data-testid=notification]", &code).await;
    // A long query with fewer full matches than a page: the tea bags match all five
    // words, then, under a heading, the loose tea that matches three of them.
    // Then, under a heading of their own, their kin: another tea, from a shop whose name
    // shares none of the words (the tea shop's name has three of them).
    app.live_product(&tea_vendor, &tea_shop, &product("Trà hoa vàng túi lọc", "THV-TL", 95_000, 20)).await;
    let (lotus_shop, lotus_vendor, _) = app.shop("HTX Sen Tây Hồ", "Hà Nội").await;
    app.live_product(&lotus_vendor, &lotus_shop, &product("Trà sen Tây Hồ", "TS-1", 150_000, 20)).await;
    let long = app.url("/tim-kiem?q=tr%C3%A0+hoa+v%C3%A0ng+t%C3%BAi+l%E1%BB%8Dc");
    assert!(b.reload_until(&long, "main", "Trà hoa vàng túi lọc").await, "the tea bags are searchable");
    assert!(b.reload_until(&long, "main", "Trà sen Tây Hồ").await, "the lotus tea is searchable");
    b.text_containing("[data-testid=partial-more]", "Khớp một phần các từ bạn gõ").await;
    b.text_containing("main", "Trà hoa vàng Ba Chẽ").await;
    b.scroll_to("[data-testid=partial-more]").await;
    b.screenshot("search-partial-more-phone").await;
    b.text_containing("[data-testid=kin]", "Sản phẩm cùng loại").await;
    b.scroll_to("[data-testid=kin]").await;
    b.screenshot("search-kin-phone").await;
    b.close().await;
}

/// The back office around orders: shipping rates and the packing slip for a shop, pickup
/// points, the order search and payment confirmation for an admin, and a refund dispute
/// from the shopper's complaint to the admin's decision.
#[tokio::test]
async fn shops_and_admins_run_the_back_office_of_orders() {
    let Some(b) = browser::phone().await else { return };
    let app = ocop_tests::spawn_app_with(&[("OCOP_PAYMENT_METHODS", "cod,vietqr")]).await;
    let (shop, vendor, _) = app.shop("HTX Ruốc hàu Vân Đồn", "Quảng Ninh").await;
    app.live_product(&vendor, &shop, &product("Ruốc hàu Vân Đồn", "RH-200", 150_000, 30)).await;
    let (admin, _) = app.admin().await;
    let (buyer, _) = app.user("minh.tran@example.vn", Role::Shopper).await;

    // The shop sets its rates: free above 400.000 ₫.
    b.login(&app.address, &vendor.email, PASSWORD).await;
    b.goto(&app.url(&format!("/kenh-nguoi-ban/{shop}/van-chuyen"))).await;
    b.fill("#flat_fee_vnd", "25000").await;
    b.fill("#free_above_vnd", "abc").await;
    b.click("form.narrow-left button[type=submit]").await;
    b.text_containing(".field-error .error-text", "Ngưỡng miễn phí").await;
    b.fill("#free_above_vnd", "400000").await;
    b.click("form.narrow-left button[type=submit]").await;
    b.text_containing(".alert-success", "").await;
    b.screenshot("shipping-rates-phone").await;
    b.logout().await;

    // The admin opens a pickup point at the airport.
    b.login(&app.address, &admin.email, PASSWORD).await;
    b.goto(&app.url("/quan-tri/diem-nhan-hang")).await;
    b.fill("#name", "Quầy OCOP Sân bay Vân Đồn").await;
    b.fill("#province", "Quảng Ninh").await;
    b.fill("#address", "Nhà ga hành khách, xã Vân Đồn").await;
    b.fill("#opening_hours", "6:00–22:00 hằng ngày").await;
    b.click("form.narrow-left button[type=submit]").await;
    b.text_containing("[data-testid=pickup-row]", "Sân bay Vân Đồn").await;
    b.screenshot("admin-pickup-points-phone").await;
    b.logout().await;

    // The shopper orders 3 jars for pickup, paying by bank transfer.
    b.login(&app.address, &buyer.email, PASSWORD).await;
    b.goto(&app.url("/san-pham/ruoc-hau-van-don")).await;
    b.fill("#quantity", "3").await;
    b.click("[data-testid=add-to-cart]").await;
    b.text_containing("[data-testid=added]", "Đã thêm").await;
    b.click("[data-testid=to-checkout]").await;
    b.wait_for_path("/thanh-toan").await;
    b.click("[data-testid=delivery-pickup]").await;
    b.fill("#phone", "0987 654 321").await;
    b.click("[data-testid=method-vietqr]").await;
    b.click("[data-testid=to-review]").await;
    b.text_containing("[data-testid=review-address]", "Sân bay Vân Đồn").await;
    b.text_containing("[data-testid=review-shipping]", "Miễn phí").await;
    b.click("[data-testid=place-order]").await;
    let code = b.text("[data-testid=order-code]").await;
    // The payment page: the QR, the account, the amount in words, the content to type.
    b.text_containing("[data-testid=amount-words]", "bốn trăm năm mươi nghìn đồng").await;
    b.text_containing("[data-testid=purpose]", &code).await;
    b.screenshot("pay-vietqr-phone").await;
    b.click("[data-testid=to-order]").await;
    b.text_containing("[data-testid=part-status]", "Chờ thanh toán").await;
    b.goto(&app.url("/don-hang")).await;
    b.text_containing("[data-testid=order-card]", &code).await;
    b.screenshot("my-orders-phone").await;
    b.logout().await;

    // The transfer shows up on the bank statement: the admin finds the order by phone.
    b.login(&app.address, &admin.email, PASSWORD).await;
    b.goto(&app.url("/quan-tri/don-hang")).await;
    b.fill("#oq", "+84987654321").await;
    b.click("[data-testid=order-search]").await;
    b.text_containing("[data-testid=admin-order]", &code).await;
    b.click("[data-testid=admin-order] form button").await;
    b.text_containing("[data-testid=admin-order]", "đã thanh toán").await;
    b.screenshot("admin-orders-phone").await;
    b.logout().await;

    // The shop packs (slip), ships and delivers.
    b.login(&app.address, &vendor.email, PASSWORD).await;
    b.goto(&app.url(&format!("/kenh-nguoi-ban/{shop}/don-hang?trang_thai=confirmed"))).await;
    b.click("[data-testid=shop-order-row] a").await;
    b.text("[data-testid=part-status]").await;
    let order_path = b.path().await;
    b.click("[data-testid=packing-slip]").await;
    b.wait_for_path(&format!("{order_path}/phieu-giao")).await;
    let slip = b.page_text().await;
    assert!(slip.contains("RH-200") && slip.contains("Sân bay Vân Đồn") && slip.contains(&code), "{slip}");
    b.screenshot("packing-slip-phone").await;
    b.goto(&app.url(&order_path)).await;
    b.click("[data-testid=mark-packed]").await;
    b.text_containing("[data-testid=part-status]", "Đã đóng gói").await;
    b.fill("#carrier", "GHN").await;
    b.fill("#tracking_code", "GHN-8888").await;
    b.click("[data-testid=mark-shipped]").await;
    b.text_containing("[data-testid=part-status]", "Đang giao").await;
    b.click("[data-testid=mark-delivered]").await;
    b.text_containing("[data-testid=part-status]", "Đã giao").await;
    b.logout().await;

    // The shopper complains; the shop refuses; the admin decides.
    b.login(&app.address, &buyer.email, PASSWORD).await;
    b.goto(&app.url(&format!("/don-hang/{code}"))).await;
    b.click("details:last-of-type summary").await;
    b.fill("textarea[name=reason]", "Một hũ bị vỡ nắp khi nhận").await;
    b.click("details:last-of-type button[type=submit]").await;
    b.text_containing("[data-testid=refund]", "đang chờ gian hàng trả lời").await;
    b.logout().await;
    b.login(&app.address, &vendor.email, PASSWORD).await;
    b.goto(&app.url(&order_path)).await;
    b.fill("#answer", "Hàng được bọc chống sốc, không thể vỡ").await;
    b.click("button[name=accept][value='0']").await;
    b.text_containing("main", "chờ quản trị viên").await;
    b.logout().await;
    b.login(&app.address, &admin.email, PASSWORD).await;
    b.goto(&app.url("/quan-tri/khieu-nai")).await;
    b.text_containing("main", &code).await;
    b.fill("input[name=note]", "Ảnh chụp cho thấy nắp hũ vỡ").await;
    b.screenshot("admin-refunds-phone").await;
    b.click("button[name=grant][value='1']").await;
    b.text_containing("main", "Không có yêu cầu nào").await;
    b.goto(&app.url(&format!("/quan-tri/don-hang?q={code}"))).await;
    b.text_containing("[data-testid=admin-order]", "Đã hoàn tiền").await;
    b.close().await;
}

/// Paying by VietQR: the QR is shown, an admin imports the bank statement line, the order
/// becomes confirmed and the shop's balance moves.
#[tokio::test]
async fn a_vietqr_transfer_is_matched_from_the_bank_statement() {
    let Some(b) = browser::phone().await else { return };
    let app = ocop_tests::spawn_app_with(&[("OCOP_ORDER_CLOCK_SECS", "1")]).await;
    let (shop, vendor, _) = app.shop("HTX Trà hoa vàng Đồng Sơn", "Quảng Ninh").await;
    app.live_product(&vendor, &shop, &product("Trà hoa vàng Đồng Sơn", "TDS-50", 250_000, 10)).await;
    let (admin, _) = app.admin().await;
    let (buyer, _) = app.user("binh.le@example.vn", Role::Shopper).await;

    b.login(&app.address, &buyer.email, PASSWORD).await;
    b.goto(&app.url("/san-pham/tra-hoa-vang-dong-son")).await;
    b.click("[data-testid=add-to-cart]").await;
    b.text_containing("[data-testid=added]", "Đã thêm").await;
    b.click("[data-testid=to-checkout]").await;
    b.wait_for_path("/thanh-toan").await;
    let to = browser::Delivery {
        recipient: "",
        phone: "0913 222 333",
        province: "Quảng Ninh",
        commune: "Phường Cẩm Phả",
        street: "3 Trần Phú",
    };
    b.fill_delivery(&to).await;
    b.click("[data-testid=method-vietqr]").await;
    b.click("[data-testid=to-review]").await;
    b.click("[data-testid=place-order]").await;
    let code = b.text("[data-testid=order-code]").await;
    b.text_containing("[data-testid=pay-amount]", "280.000 ₫").await;
    b.text_containing("[data-testid=amount-words]", "hai trăm tám mươi nghìn đồng").await;
    b.logout().await;

    // The bank's statement, as the accountant downloads it: the code without hyphens.
    let statement = std::env::temp_dir().join(format!("sao-ke-{}.csv", uuid::Uuid::new_v4().simple()));
    let squashed = code.replace('-', "");
    std::fs::write(&statement, format!("Ngày,Số tiền,Nội dung\n26/11/2026,280.000,IBFT {squashed} Le Binh\n")).unwrap();
    b.login(&app.address, &admin.email, PASSWORD).await;
    b.goto(&app.url("/quan-tri/sao-ke")).await;
    b.fill("#file", statement.to_str().unwrap()).await;
    b.click("[data-testid=statement-upload]").await;
    b.text_containing("[data-testid=statement-report]", "1 khớp đơn").await;
    b.screenshot("admin-statement-phone").await;
    b.logout().await;

    b.login(&app.address, &vendor.email, PASSWORD).await;
    b.goto(&app.url(&format!("/kenh-nguoi-ban/{shop}/don-hang"))).await;
    b.text_containing("[data-testid=shop-order-row]", "Đã xác nhận").await;
    // 250.000 goods − 5 % commission + 30.000 shipping, once the order clock posts it.
    let balance = app.url(&format!("/kenh-nguoi-ban/{shop}/so-du"));
    let moved = b.reload_until(&balance, "[data-testid=shop-balance]", "267.500 ₫").await;
    assert!(moved, "the shop's balance moves");
    b.screenshot("shop-balance-phone").await;

    // The owner says where the money goes; the admin pays it out.
    b.select("#payout_bank_bin", "970436").await;
    b.fill("#payout_account", "0071000123456").await;
    b.fill("#payout_account_name", "HTX Trà hoa vàng Đồng Sơn").await;
    b.click("[data-testid=save-account]").await;
    b.text_containing("[data-testid=account-saved]", "Đã lưu").await;
    b.logout().await;
    b.login(&app.address, &admin.email, PASSWORD).await;
    b.goto(&app.url("/quan-tri/chi-tra")).await;
    b.text_containing("[data-testid=payable-now]", "267.500 ₫").await;
    b.click("[data-testid=create-payout]").await;
    b.text_containing("[data-testid=payout-line]", "HTX TRA HOA VANG DONG SON").await;
    b.screenshot("admin-payout-draft-phone").await;
    b.click("[data-testid=mark-payout-paid]").await;
    b.text_containing("[data-testid=payout-status]", "Đã chi").await;
    b.logout().await;
    b.login(&app.address, &vendor.email, PASSWORD).await;
    b.goto(&app.url(&format!("/kenh-nguoi-ban/{shop}/so-du"))).await;
    b.text_containing("[data-testid=shop-payout]", "Đã chi").await;
    assert!(b.text("[data-testid=shop-balance]").await.contains("0 ₫"));
    b.screenshot("shop-paid-out-phone").await;
    let _ = std::fs::remove_file(statement);
    b.close().await;
}
