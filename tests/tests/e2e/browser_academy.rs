//! The seller academy in a real browser: a vendor on a phone follows the checklist on the
//! dashboard to a lesson, marks it learnt and sees the step done; an admin on a desktop
//! writes a lesson, previews the draft and publishes it.

use ocop_academy::starter::COURSE_SLUG;
use ocop_tests::fixtures::{PASSWORD, product};
use ocop_tests::{browser, spawn_app};

#[tokio::test]
async fn a_vendor_goes_from_the_checklist_to_a_lesson_and_back() {
    let Some(b) = browser::phone().await else { return };
    let app = spawn_app().await;
    ocop_academy::starter::install(&app.db).await.unwrap();
    let (shop, vendor, _) = app.shop("HTX Trà hoa vàng Ba Chẽ", "Quảng Ninh").await;
    app.live_product(&vendor, &shop, &product("Trà hoa vàng Ba Chẽ hộp 100 g", "THV-100", 450_000, 30)).await;

    b.login(&app.address, &vendor.email, PASSWORD).await;
    b.goto(&app.url(&format!("/kenh-nguoi-ban/{shop}"))).await;
    b.text_containing("[data-testid=checklist]", "Việc nên làm cho cửa hàng").await;
    b.text_containing("[data-testid=checklist-photos]", "1 sản phẩm chưa có ảnh").await;
    b.client.execute("document.getElementById('checklist-title').scrollIntoView()", vec![]).await.unwrap();
    b.screenshot("academy-checklist-phone").await;
    b.click("[data-testid=checklist-photos] [data-testid=checklist-lesson]").await;
    b.wait_for_path(&format!("/hoc-vien/{COURSE_SLUG}/chup-anh-bang-dien-thoai")).await;
    b.text_containing("[data-testid=lesson] h1", "Chụp ảnh sản phẩm bằng điện thoại").await;
    b.text_containing("[data-testid=lesson-body]", "Ánh sáng").await;
    b.screenshot("academy-lesson-phone").await;
    b.click("[data-testid=lesson-mark]").await;
    b.wait_for_path(&format!("/hoc-vien/{COURSE_SLUG}/viet-tin-dang")).await;
    b.goto(&app.url(&format!("/kenh-nguoi-ban/{shop}"))).await;
    b.text_containing("[data-testid=checklist-photos]", "đã học").await;
    // The shop step's second half: a description written on the dashboard.
    b.text_containing("[data-testid=checklist-shop]", "Lời giới thiệu cửa hàng còn quá ngắn").await;
    b.fill(
        "#shop-description",
        "Hợp tác xã trà hoa vàng ở Ba Chẽ, 24 hộ thành viên, hoa hái tay và sấy lạnh trong ngày.",
    )
    .await;
    b.click("[data-testid=description-save]").await;
    b.text_containing("[role=status]", "Đã lưu").await;
    assert!(!b.text("[data-testid=checklist-shop]").await.contains("Lời giới thiệu"));
    b.goto(&app.url(&format!("/hoc-vien/{COURSE_SLUG}"))).await;
    b.text_containing("[data-testid=course-progress]", "1/8 đã học").await;
    b.screenshot("academy-course-phone").await;
    b.close().await;
}

#[tokio::test]
async fn an_admin_writes_previews_and_publishes_a_lesson() {
    let Some(b) = browser::open(1280, 900).await else { return };
    let app = spawn_app().await;
    ocop_academy::starter::install(&app.db).await.unwrap();
    let (admin, _) = app.admin().await;
    let course = ocop_academy::courses::by_slug(&app.db, COURSE_SLUG).await.unwrap();

    b.login(&app.address, &admin.email, PASSWORD).await;
    b.goto(&app.url("/quan-tri")).await;
    b.click("[data-testid=admin-academy-link]").await;
    b.wait_for_path("/quan-tri/hoc-vien").await;
    b.click("[data-testid=new-lesson]").await;
    b.wait_for_path("/quan-tri/hoc-vien/bai-moi").await;
    b.select("#course_id", &course.id.to_string()).await;
    b.fill("#title", "Bán hàng dịp Tết Nguyên đán").await;
    b.fill("#summary", "Chuẩn bị hàng, hộp quà và lịch giao trước Tết.").await;
    b.fill("#body", "### Lịch chuẩn bị\n\n1. Tháng 11: chốt số lượng.\n2. Tháng 12: làm hộp quà.\n\nGiao hàng **trước 23 tháng Chạp**.").await;
    b.select("#topic", "packing").await;
    b.click("[data-testid=lesson-save]").await;
    b.text_containing("[data-testid=lesson-status]", "Bản nháp").await;
    b.text_containing("[data-testid=lesson-preview]", "Lịch chuẩn bị").await;
    b.screenshot("academy-admin-draft").await;
    b.click("[data-testid=lesson-publish]").await;
    b.text_containing("[data-testid=lesson-status]", "Đã đăng").await;
    b.click("[data-testid=lesson-view]").await;
    b.wait_for_path(&format!("/hoc-vien/{COURSE_SLUG}/ban-hang-dip-tet-nguyen-dan")).await;
    b.text_containing("[data-testid=lesson-body] strong", "trước 23 tháng Chạp").await;
    b.screenshot("academy-published-lesson").await;
    b.close().await;
}
