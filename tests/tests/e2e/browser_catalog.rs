//! Real-browser journeys through the catalogue workspaces, on a phone-sized window.

use ocop_accounts::Role;
use ocop_catalog::entity::product;
use ocop_tests::fixtures::PASSWORD;
use ocop_tests::{browser, spawn_app};
use sea_orm::{EntityTrait, PaginatorTrait};

#[tokio::test]
async fn a_producer_applies_and_an_admin_verifies_the_shop() {
    let Some(b) = browser::phone().await else { return };
    let app = spawn_app().await;
    let (vendor, _) = app.user("hoa@example.vn", Role::Vendor).await;
    let (admin, _) = app.admin().await;

    b.login(&app.address, &vendor.email, PASSWORD).await;
    b.click("[data-testid=account-link]").await;
    b.click("[data-testid=account-vendor]").await;
    b.wait_for_path("/kenh-nguoi-ban").await;
    b.fill("#name", "HTX Chả mực Cái Rồng").await;
    b.select("#producer_type", "hop_tac_xa").await;
    b.fill("#registration_number", "5700987654").await;
    // The date picker's typing order follows the browser's locale; set it as a picker would.
    b.client.execute("document.getElementById('registration_date').value = '2019-05-20'", vec![]).await.unwrap();
    b.fill("#registration_issuer", "Sở Tài chính Quảng Ninh").await;
    b.fill("#province", "Quảng Ninh").await;
    b.fill("#commune", "Đặc khu Vân Đồn").await;
    b.fill("#street", "Khu 5 Cái Rồng").await;
    b.fill("#phone", "0912 888 999").await;
    b.screenshot("shop-apply-phone").await;
    b.click("[data-testid=apply-submit]").await;
    b.text_containing("[data-testid=shop-status]", "đang chờ cán bộ OCOP xác minh").await;
    b.logout().await;

    b.login(&app.address, &admin.email, PASSWORD).await;
    b.click("[data-testid=account-link]").await;
    b.click("[data-testid=account-admin]").await;
    b.wait_for_path("/quan-tri").await;
    b.text_containing("[data-testid=pending-shop]", "HTX Chả mực Cái Rồng").await;
    b.screenshot("admin-verify-phone").await;
    b.click("[data-testid=verify-shop]").await;
    b.text_containing("[data-testid=counts]", "0 gian hàng chờ xác minh").await;
    b.logout().await;

    b.login(&app.address, &vendor.email, PASSWORD).await;
    b.goto(&app.url("/kenh-nguoi-ban")).await;
    b.wait_for_path("/kenh-nguoi-ban/htx-cha-muc-cai-rong").await;
    b.close().await;
}

#[tokio::test]
async fn a_vendor_lists_a_product_an_admin_approves_and_it_appears_on_the_province_page() {
    let Some(b) = browser::phone().await else { return };
    let app = spawn_app().await;
    let (shop, vendor, _) = app.shop("HTX Miến dong Bình Liêu", "Quảng Ninh").await;
    let (admin, _) = app.admin().await;

    b.login(&app.address, &vendor.email, PASSWORD).await;
    b.goto(&app.url(&format!("/kenh-nguoi-ban/{shop}"))).await;
    b.click("[data-testid=new-product]").await;
    b.fill("#name", "Miến dong Bình Liêu").await;
    b.select("#category", "thuc-pham").await;
    b.fill("#description", "Miến làm từ củ dong riềng vùng cao.").await;
    b.fill("#sku", "MD-500").await;
    b.fill("#label", "Gói 500 g").await;
    b.fill("#price_vnd", "85.000").await;
    b.fill("#stock", "40").await;
    b.fill("#weight_grams", "520").await;
    b.screenshot("vendor-new-product-phone").await;
    b.click("[data-testid=product-submit]").await;
    b.wait_for_path(&format!("/kenh-nguoi-ban/{shop}")).await;
    b.text_containing("main", "Chờ duyệt").await;
    // A picture, from a file on this machine, as a phone's file picker gives it.
    let dir = tempfile::tempdir().unwrap();
    let picture = dir.path().join("mien-dong.png");
    std::fs::write(&picture, ocop_tests::fixtures::png(1200, 900)).unwrap();
    let input = b.client.find(fantoccini::Locator::Css("input[name=image]")).await.unwrap();
    input.send_keys(&picture.display().to_string()).await.unwrap();
    b.click("[data-testid=upload-image]").await;
    b.text(".thumbs img").await;
    b.screenshot("vendor-dashboard-phone").await;
    b.logout().await;

    b.login(&app.address, &admin.email, PASSWORD).await;
    b.goto(&app.url("/quan-tri")).await;
    b.text_containing("[data-testid=queue-item]", "85.000 ₫").await;
    b.click("[data-testid=approve-product]").await;
    b.text_containing("[data-testid=counts]", "0 sản phẩm chờ duyệt").await;

    b.goto(&app.url("/tinh/quang-ninh")).await;
    let listing = b.text(".card-grid").await;
    assert!(listing.contains("Miến dong Bình Liêu") && listing.contains("85.000 ₫"), "{listing}");
    b.screenshot("province-page-phone").await;
    b.click(".product-link").await;
    b.wait_for_path("/san-pham/mien-dong-binh-lieu").await;
    assert_eq!(b.text("h1").await, "Miến dong Bình Liêu");
    b.text("[data-testid=gallery] img").await;
    b.screenshot("product-page-phone").await;
    b.close().await;
}

#[tokio::test]
async fn a_coordinator_imports_a_csv_with_a_bad_row_and_sees_the_report() {
    let Some(b) = browser::open(1280, 900).await else { return };
    let app = spawn_app().await;
    let (coordinator, _) = app.coordinator_of("Quảng Ninh").await;
    let (shop, _, _) = app.shop("HTX Nước mắm Cái Rồng", "Quảng Ninh").await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("san-pham-quang-ninh.csv");
    std::fs::write(
        &file,
        format!(
            "shop,sku,name,category,province,ocop_stars,price_vnd,stock,certificate_number,certificate_date,certificate_authority\n\
             {shop},NM-500,Nước mắm cá cơm Cái Rồng,do-uong,Quảng Ninh,4,120000,50,88/QĐ-UBND,2025-02-01,UBND tỉnh Quảng Ninh\n\
             {shop},NM-1000,Nước mắm cá cơm Cái Rồng loại 1 lít,do-uong,Quảng Ninh,4,\"220000,5\",50,88/QĐ-UBND,2025-02-01,UBND tỉnh Quảng Ninh\n"
        ),
    )
    .unwrap();

    b.login(&app.address, &coordinator.email, PASSWORD).await;
    b.goto(&app.url("/quan-tri/nhap")).await;
    let input = b.client.find(fantoccini::Locator::Css("#file")).await.unwrap();
    input.send_keys(&file.display().to_string()).await.unwrap();
    b.click("[data-testid=import-submit]").await;
    let report = b.text_containing("[data-testid=import-report]", "không phải số nguyên").await;
    assert!(report.contains("price_vnd"), "{report}");
    b.screenshot("import-report-desktop").await;
    assert_eq!(product::Entity::find().count(&app.db).await.unwrap(), 0, "nothing written");
    b.close().await;
}
