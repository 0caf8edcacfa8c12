//! Following a shop and saving a product in a real browser on a phone-sized window, then
//! finding both on "Đang theo dõi và đã lưu".

use ocop_accounts::Role;
use ocop_tests::fixtures::{PASSWORD, product};
use ocop_tests::{browser, spawn_app};

#[tokio::test]
async fn a_shopper_follows_a_shop_saves_a_product_and_finds_both() {
    let Some(b) = browser::phone().await else { return };
    let app = spawn_app().await;
    let (shop, vendor, _) = app.shop("HTX Miến dong Bình Liêu", "Quảng Ninh").await;
    app.live_product(&vendor, &shop, &product("Miến dong Bình Liêu 500 g", "MD-500", 95_000, 20)).await;
    let (lan, _) = app.user("lan.follow@example.vn", Role::Shopper).await;

    b.login(&app.address, &lan.email, PASSWORD).await;
    b.goto(&app.url(&format!("/cua-hang/{shop}"))).await;
    b.text_containing("[data-testid=followers]", "0 người theo dõi").await;
    b.click("[data-testid=follow]").await;
    b.text_containing("[data-testid=unfollow]", "Đang theo dõi").await;
    b.text_containing("[data-testid=followers]", "1 người theo dõi").await;
    b.screenshot("shop-followed-phone").await;
    b.goto(&app.url("/san-pham/mien-dong-binh-lieu-500-g")).await;
    b.click("[data-testid=save]").await;
    b.text_containing("[data-testid=unsave]", "Đã lưu").await;
    b.goto(&app.url("/tai-khoan")).await;
    b.click("[data-testid=account-follows]").await;
    b.wait_for_path("/theo-doi").await;
    b.text_containing("[data-testid=followed-shop]", "HTX Miến dong Bình Liêu").await;
    b.text_containing("[data-testid=saved-products]", "Miến dong Bình Liêu 500 g").await;
    b.screenshot("followed-and-saved-phone").await;
    b.close().await;
}
