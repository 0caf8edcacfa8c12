//! Real-browser journeys in headless Chromium on a phone-sized window.

use ocop_tests::{browser, spawn_app};

#[tokio::test]
async fn a_shopper_registers_logs_out_logs_in_and_sees_the_account_page() {
    let Some(b) = browser::phone().await else { return };
    let app = spawn_app().await;

    b.goto(&app.url("/")).await;
    assert!(b.text("h1").await.contains("Mua đặc sản OCOP tận gốc"));
    b.screenshot("home-phone").await;

    // On a phone the "Tôi" tab leads guests to sign in, and from there to register.
    b.click("[data-testid=login-link]").await;
    b.wait_for_path("/dang-nhap").await;
    b.click("main a[href='/dang-ky']").await;
    b.wait_for_path("/dang-ky").await;
    b.fill("#name", "Phạm Thị Hoa").await;
    b.fill("#email", "hoa@example.vn").await;
    b.fill("#phone", "0912 345 678").await;
    b.fill("#password", "mat-khau-dai-du").await;
    b.fill("#password_confirm", "khong-khop-nhe").await;
    b.click("[data-testid=register-submit]").await;
    // A mistake is explained next to the field, and what was typed stays.
    assert!(b.text("#password_confirm-error").await.contains("không khớp"));
    b.screenshot("register-error-phone").await;
    b.fill("#password", "mat-khau-dai-du").await;
    b.fill("#password_confirm", "mat-khau-dai-du").await;
    b.click("[data-testid=register-submit]").await;
    b.wait_for_path("/tai-khoan").await;
    assert_eq!(b.text("[data-testid=account-name]").await, "Phạm Thị Hoa");

    b.click("[data-testid=account-logout]").await;
    b.wait_for_path("/").await;
    b.text("[data-testid=login-link]").await;

    b.click("[data-testid=login-link]").await;
    b.wait_for_path("/dang-nhap").await;
    b.fill("#email", "hoa@example.vn").await;
    b.fill("#password", "mat-khau-dai-du").await;
    b.click("[data-testid=login-submit]").await;
    b.wait_for_path("/tai-khoan").await;
    assert_eq!(b.text("[data-testid=account-email]").await, "hoa@example.vn");
    assert_eq!(b.text("[data-testid=account-name]").await, "Phạm Thị Hoa");
    b.screenshot("account-phone").await;
    b.close().await;
}

#[tokio::test]
async fn a_visitor_switches_to_english_and_back() {
    let Some(b) = browser::open(1280, 900).await else { return };
    let app = spawn_app().await;
    b.goto(&app.url("/dang-nhap")).await;
    b.click(".lang-switch").await;
    b.wait_for_path("/dang-nhap").await;
    assert_eq!(b.text("h1").await, "Log in");
    b.screenshot("login-english-desktop").await;
    b.click(".lang-switch").await;
    b.wait_for_path("/dang-nhap").await;
    assert_eq!(b.text("h1").await, "Đăng nhập");
    b.close().await;
}
