//! The shell every page shares, at a phone's size (390×844) and a laptop's (1366×900),
//! signed in: home, product, cart, the shop's workspace and the admin's first screen; and
//! the new everyday controls in a real browser: "Mua ngay", sharing, the carrier's
//! tracking link, "Mua lại", the workspaces' counts.

use ocop_accounts::Role;
use ocop_orders::transitions::{self, Action};
use ocop_tests::fixtures::{PASSWORD, product};
use ocop_tests::{TestApp, browser, spawn_app};

/// A phone's header is one row: logo, search, cart.
const PHONE_HEADER_MAX_PX: f64 = 64.0;

async fn number(b: &browser::Browser, script: &str) -> f64 {
    b.client.execute(script, vec![]).await.unwrap().as_f64().unwrap()
}

/// The header's height in CSS pixels.
async fn header_height(b: &browser::Browser) -> f64 {
    number(b, "return document.querySelector('.site-header').getBoundingClientRect().height").await
}

async fn shown(b: &browser::Browser, css: &str) -> bool {
    b.client.find(fantoccini::Locator::Css(css)).await.unwrap().is_displayed().await.unwrap()
}

struct People {
    tea: String,
    shop: String,
    vendor: String,
    shopper: String,
    admin: String,
}

async fn seed(app: &TestApp) -> People {
    let (shop, vendor, _) = app.shop("HTX Trà hoa vàng Ba Chẽ", "Quảng Ninh").await;
    let tea = app.live_product(&vendor, &shop, &product("Trà hoa vàng Ba Chẽ", "THV-100", 125_000, 20)).await;
    app.live_product(&vendor, &shop, &product("Trà hoa vàng túi lọc", "THV-TL", 95_000, 3)).await;
    let (shopper, _) = app.user("lan.nguyen@example.vn", Role::Shopper).await;
    let (admin, _) = app.admin().await;
    People { tea: tea.product.slug, shop, vendor: vendor.email, shopper: shopper.email, admin: admin.email }
}

/// Takes the five first screens at one size; returns the header heights (home, product,
/// cart, shop workspace, admin).
async fn first_screens(app: &TestApp, s: &People, width: u32, height: u32, tag: &str) -> Option<Vec<f64>> {
    let b = browser::open(width, height).await?;
    let mut heights = Vec::new();
    b.login(&app.address, &s.shopper, PASSWORD).await;
    b.goto(&app.url("/")).await;
    heights.push(header_height(&b).await);
    b.screenshot(&format!("shell-home-{tag}")).await;
    b.goto(&app.url(&format!("/san-pham/{}", s.tea))).await;
    heights.push(header_height(&b).await);
    b.screenshot(&format!("shell-product-{tag}")).await;
    b.click("[data-testid=add-to-cart]").await;
    b.text("[data-testid=cart-count]").await;
    heights.push(header_height(&b).await);
    b.screenshot(&format!("shell-cart-{tag}")).await;
    b.logout().await;

    b.login(&app.address, &s.vendor, PASSWORD).await;
    b.goto(&app.url(&format!("/kenh-nguoi-ban/{}", s.shop))).await;
    heights.push(header_height(&b).await);
    b.screenshot(&format!("shell-vendor-{tag}")).await;
    b.logout().await;

    b.login(&app.address, &s.admin, PASSWORD).await;
    b.goto(&app.url("/quan-tri")).await;
    heights.push(header_height(&b).await);
    b.screenshot(&format!("shell-admin-{tag}")).await;
    // Which set of links shows at this size.
    let tab_bar_at_bottom = number(
        &b,
        "const r = document.querySelector('.tab-bar').getBoundingClientRect(); return window.innerHeight - r.bottom",
    )
    .await;
    if width < 768 {
        assert!(tab_bar_at_bottom.abs() < 1.0, "the tab bar sits on the bottom edge ({tab_bar_at_bottom})");
        assert!(!shown(&b, "[data-testid=logout]").await, "account links live under Tôi on a phone");
        assert!(shown(&b, "[data-testid=account-link]").await && shown(&b, "[data-testid=bell]").await);
    } else {
        assert!(shown(&b, "[data-testid=logout]").await && shown(&b, "[data-testid=admin-link]").await);
        assert!(!shown(&b, ".tab-home").await, "the logo leads home on a wide screen");
    }
    b.close().await;
    Some(heights)
}

#[tokio::test]
async fn the_header_is_one_row_on_a_phone_with_a_tab_bar_and_stays_whole_on_a_laptop() {
    let app = spawn_app().await;
    let s = seed(&app).await;
    let Some(phone) = first_screens(&app, &s, 390, 844, "phone").await else { return };
    let desktop = first_screens(&app, &s, 1366, 900, "desktop").await.unwrap();
    eprintln!("header heights: phone {phone:?}, desktop {desktop:?}");
    for h in &phone {
        assert!(*h <= PHONE_HEADER_MAX_PX, "the phone header is one row: {phone:?}");
    }
    // A laptop keeps every link in the header, in at most two rows.
    for h in &desktop {
        assert!(*h <= 2.0 * PHONE_HEADER_MAX_PX + 8.0, "{desktop:?}");
    }
}

#[tokio::test]
async fn a_shopper_buys_now_shares_follows_the_parcel_and_buys_again_on_a_phone() {
    let Some(b) = browser::phone().await else { return };
    let app = spawn_app().await;
    let (shop, vendor, _) = app.shop("HTX Trà hoa vàng Ba Chẽ", "Quảng Ninh").await;
    app.live_product(&vendor, &shop, &product("Trà hoa vàng Ba Chẽ", "THV-100", 125_000, 20)).await;
    app.live_product(&vendor, &shop, &product("Trà hoa vàng túi lọc", "THV-TL", 95_000, 30)).await;
    let (buyer, _) = app.user("lan.nguyen@example.vn", Role::Shopper).await;

    b.login(&app.address, &buyer.email, PASSWORD).await;
    b.goto(&app.url("/san-pham/tra-hoa-vang-ba-che")).await;
    b.text_containing("[data-testid=related]", "Trà hoa vàng túi lọc").await;
    let link = b.client.find(fantoccini::Locator::Css("[data-testid=share-url]")).await.unwrap();
    assert!(link.prop("value").await.unwrap().unwrap().ends_with("/san-pham/tra-hoa-vang-ba-che"));
    b.client.execute("document.querySelector('[data-testid=share]').scrollIntoView()", vec![]).await.unwrap();
    b.screenshot("shell-product-share-phone").await;
    b.client.execute("window.scrollTo(0, 0)", vec![]).await.unwrap();
    b.fill("#quantity", "2").await;
    b.click("[data-testid=buy-now]").await;
    b.wait_for_path("/thanh-toan").await;
    b.fill_delivery(&browser::LAN_IN_HA_LONG).await;
    b.click("[data-testid=to-review]").await;
    b.text_containing("[data-testid=review-total]", "").await;
    b.click("[data-testid=place-order]").await;
    let code = b.text("[data-testid=order-code]").await;

    // The shop ships with GHTK; the order links to GHTK's own page.
    let part = ocop_orders::queries::by_code(&app.db, &buyer, &code).await.unwrap().parts.remove(0);
    transitions::act(&app.db, &vendor, part.shop_order.id, Action::Pack).await.unwrap();
    let ship = Action::Ship { carrier: "GHTK".into(), tracking_code: "S21874563.MB1.A12.123456789".into() };
    transitions::act(&app.db, &vendor, part.shop_order.id, ship).await.unwrap();
    b.goto(&app.url(&format!("/don-hang/{code}"))).await;
    let track = b.client.find(fantoccini::Locator::Css("[data-testid=tracking-link]")).await.unwrap();
    assert_eq!(track.attr("href").await.unwrap().unwrap(), "https://i.ghtk.vn/S21874563.MB1.A12.123456789");
    b.screenshot("shell-order-tracking-phone").await;
    b.click("[data-testid=buy-again]").await;
    b.text_containing("[data-testid=reorder-result]", "Trà hoa vàng Ba Chẽ × 2").await;
    b.text_containing("[data-testid=cart-count]", "2").await;
    b.screenshot("shell-buy-again-phone").await;
    b.close().await;
}

#[tokio::test]
async fn the_workspaces_open_on_counts_that_lead_to_their_lists_on_a_phone() {
    let Some(b) = browser::phone().await else { return };
    let app = spawn_app().await;
    let s = seed(&app).await;

    b.login(&app.address, &s.vendor, PASSWORD).await;
    b.click("[data-testid=account-vendor]").await;
    b.text_containing("[data-testid=desk-low-stock]", "1").await;
    b.click("[data-testid=desk-low-stock]").await;
    b.text_containing("[data-testid=listing]", "Trà hoa vàng túi lọc").await;
    assert_eq!(b.client.find_all(fantoccini::Locator::Css("[data-testid=listing]")).await.unwrap().len(), 1);
    b.screenshot("shell-vendor-low-stock-phone").await;
    b.logout().await;

    b.login(&app.address, &s.admin, PASSWORD).await;
    b.click("[data-testid=account-admin]").await;
    b.click("[data-testid=desk-today]").await;
    b.wait_for_path("/quan-tri/don-hang").await;
    b.text_containing("[data-testid=admin-order-filter] [aria-current=page]", "Đơn hôm nay").await;
    b.screenshot("shell-admin-today-phone").await;
    b.close().await;
}
