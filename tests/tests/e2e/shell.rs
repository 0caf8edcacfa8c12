//! Issue 18 over HTTP: "Mua ngay" and "Mua lại", the product page's extras (sold count,
//! related products, sharing, pickup points), the carrier's tracking link, the first
//! screens of the shop and admin workspaces with the filtered lists they link to, and the
//! "Danh mục" tab.

use ocop_accounts::Role;
use ocop_catalog::input::{ProductInput, VariantInput};
use ocop_orders::entity::{order, shop_order};
use ocop_orders::transitions::{self, Action};
use ocop_tests::fixtures::product;
use ocop_tests::{TestApp, spawn_app};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, Statement};
use serde_json::json;

/// Places a cash-on-delivery order of `items` (sku, shop, quantity) through the API.
async fn order_of(app: &TestApp, token: &str, items: &[(&str, &str, i64)]) -> String {
    for (sku, shop, quantity) in items {
        let res = app
            .post_json_as(token, "/api/v1/cart/items", &json!({"sku": sku, "shop": shop, "quantity": quantity}))
            .await;
        assert_eq!(res.status(), 201, "{sku}");
    }
    let body = json!({"payment_method": "cod", "shipping": {"recipient": "Nguyễn Thị Lan", "phone": "0912 345 678",
        "province": "Quảng Ninh", "commune": "Phường Bãi Cháy", "street": "12 Hạ Long"}});
    let res = app.post_json_as(token, "/api/v1/checkout", &body).await;
    assert_eq!(res.status(), 201);
    res.json::<serde_json::Value>().await.unwrap()["code"].as_str().unwrap().to_owned()
}

async fn parts_of(app: &TestApp, code: &str) -> Vec<shop_order::Model> {
    let o = order::Entity::find().filter(order::Column::Code.eq(code)).one(&app.db).await.unwrap().unwrap();
    shop_order::Entity::find().filter(shop_order::Column::OrderId.eq(o.id)).all(&app.db).await.unwrap()
}

async fn exec(app: &TestApp, sql: &str, values: Vec<sea_orm::Value>) {
    app.db.execute_raw(Statement::from_sql_and_values(app.db.get_database_backend(), sql, values)).await.unwrap();
}

/// The number shown on the first screen's tile `testid`.
fn tile(page: &str, testid: &str) -> String {
    let at = page.find(&format!("data-testid=\"{testid}\"")).unwrap_or_else(|| panic!("no {testid} tile"));
    let rest = &page[at..];
    let start = rest.find("class=\"desk-count\">").unwrap() + "class=\"desk-count\">".len();
    rest[start..start + rest[start..].find('<').unwrap()].to_owned()
}

fn two_variants(name: &str, sku: &str) -> ProductInput {
    let mut input = product(name, sku, 125_000, 20);
    input.variants.push(VariantInput {
        sku: format!("{sku}-L"),
        label: "Hộp 250 g".into(),
        price_vnd: 280_000,
        compare_at_vnd: None,
        stock: 4,
        weight_grams: 300,
        unit: "hộp".into(),
    });
    input
}

#[tokio::test]
async fn buy_now_puts_exactly_the_chosen_variant_in_the_cart_and_lands_on_checkout() {
    let app = spawn_app().await;
    let (shop, vendor, _) = app.shop("HTX Trà hoa vàng Ba Chẽ", "Quảng Ninh").await;
    app.live_product(&vendor, &shop, &two_variants("Trà hoa vàng Ba Chẽ", "THV")).await;
    let (buyer, token) = app.user("lan@example.vn", Role::Shopper).await;
    let web = app.signed_in(&buyer.email).await;
    let page = "/san-pham/tra-hoa-vang-ba-che";

    // One jar already in the cart: "Mua ngay" with 3 means 3, not 4.
    let res =
        app.post_form(&web, page, "/gio-hang/them", &[("sku", "THV-L"), ("shop", &shop), ("quantity", "1")]).await;
    assert_eq!(res.status(), 303);
    let res =
        app.post_form(&web, page, "/gio-hang/mua-ngay", &[("sku", "THV-L"), ("shop", &shop), ("quantity", "3")]).await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/thanh-toan");
    let cart = app.get_as(&token, "/api/v1/cart").await.json::<serde_json::Value>().await.unwrap();
    assert_eq!(cart["item_count"], 3, "{cart}");
    let checkout = app.page(&web, "/thanh-toan").await;
    assert!(checkout.contains("Hộp 250 g") || checkout.contains("840.000 ₫"), "the checkout is for that variant");

    // More than the stock: the cart page says why, naming the product.
    let res =
        app.post_form(&web, page, "/gio-hang/mua-ngay", &[("sku", "THV-L"), ("shop", &shop), ("quantity", "9")]).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("chỉ còn 4"));

    // A guest gets a cart cookie and goes on to checkout (which asks them to sign in).
    let guest = app.new_client();
    let res =
        app.post_form(&guest, page, "/gio-hang/mua-ngay", &[("sku", "THV"), ("shop", &shop), ("quantity", "1")]).await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/thanh-toan");
    assert!(app.page(&guest, "/gio-hang").await.contains("Trà hoa vàng Ba Chẽ"));
}

#[tokio::test]
async fn buy_again_puts_the_lines_back_and_says_which_were_skipped_and_why() {
    let app = spawn_app().await;
    let (shop, vendor, _) = app.shop("HTX Chả mực Hạ Long", "Quảng Ninh").await;
    let cha = app.live_product(&vendor, &shop, &product("Chả mực giã tay", "CM-500", 180_000, 10)).await;
    let ruoc = app.live_product(&vendor, &shop, &product("Ruốc hàu Vân Đồn", "RH-200", 150_000, 5)).await;
    let mam = app.live_product(&vendor, &shop, &product("Mắm ruốc Quảng Yên", "MR-300", 60_000, 5)).await;
    let (buyer, token) = app.user("minh@example.vn", Role::Shopper).await;
    let code = order_of(&app, &token, &[("CM-500", &shop, 2), ("RH-200", &shop, 1), ("MR-300", &shop, 2)]).await;

    // Since then: one jar of chả mực left, ruốc sold out, mắm ruốc no longer sold.
    exec(&app, "UPDATE product_variants SET stock = 1 WHERE id = $1", vec![cha.variants[0].id.into()]).await;
    exec(&app, "UPDATE product_variants SET stock = 0 WHERE id = $1", vec![ruoc.variants[0].id.into()]).await;
    exec(&app, "UPDATE products SET live = $1 WHERE id = $2", vec![false.into(), mam.product.id.into()]).await;

    let web = app.signed_in(&buyer.email).await;
    let order_page = format!("/don-hang/{code}");
    assert!(app.page(&web, &order_page).await.contains("data-testid=\"buy-again\""));
    let res = app.post_form(&web, &order_page, &format!("/don-hang/{code}/mua-lai"), &[]).await;
    assert_eq!(res.status(), 200);
    let page = res.text().await.unwrap();
    assert!(page.contains("data-testid=\"reorder-result\""), "{page}");
    assert!(page.contains("Chả mực giã tay: chỉ còn đủ cho 1/2"), "fewer than ordered, said so");
    assert!(page.contains("Ruốc hàu Vân Đồn — Hộp 100 g: Hết hàng"));
    assert!(page.contains("Mắm ruốc Quảng Yên — Hộp 100 g: Sản phẩm không còn bán"));
    let cart = app.get_as(&token, "/api/v1/cart").await.json::<serde_json::Value>().await.unwrap();
    assert_eq!(cart["item_count"], 1, "{cart}");

    // Again: the cart already holds the one jar left.
    let page = app.post_form(&web, &order_page, &format!("/don-hang/{code}/mua-lai"), &[]).await.text().await.unwrap();
    assert!(page.contains("Chả mực giã tay — Hộp 100 g: Giỏ đã có hết số hàng còn lại"), "{page}");

    // Somebody else's order does not exist for them, even for an admin.
    let (admin, _) = app.admin().await;
    let other = app.signed_in(&admin.email).await;
    let res = app.post_form(&other, "/tai-khoan", &format!("/don-hang/{code}/mua-lai"), &[]).await;
    assert_eq!(res.status(), 404);
}

#[tokio::test]
async fn the_product_page_shows_sold_count_related_products_sharing_and_pickup_points() {
    let app = spawn_app().await;
    let (qn_a, vendor_a, _) = app.shop("HTX Trà Đường Hoa", "Quảng Ninh").await;
    let (qn_b, vendor_b, _) = app.shop("HTX Rượu Ba Kích", "Quảng Ninh").await;
    let (hn, vendor_hn, _) = app.shop("HTX Trà Thái", "Hà Nội").await;
    app.live_product(&vendor_a, &qn_a, &product("Trà Đường Hoa", "TDH-1", 90_000, 30)).await;
    // Same group, same province, another shop: first among related.
    app.live_product(&vendor_b, &qn_b, &product("Rượu ba kích Quảng Ninh", "RBK-1", 250_000, 30)).await;
    // Same shop, another group: after those.
    let mut snack = product("Bánh gai Đường Hoa", "BG-1", 40_000, 30);
    snack.category = "thuc-pham".into();
    app.live_product(&vendor_a, &qn_a, &snack).await;
    // Same group, another province and shop: not related.
    let mut far = product("Trà Thái Hà Nội", "TTH-1", 70_000, 30);
    far.province = "Hà Nội".into();
    app.live_product(&vendor_hn, &hn, &far).await;
    for (name, province) in [("Quầy OCOP Hồ Gươm", "Hà Nội"), ("Quầy OCOP Sân bay Vân Đồn", "Quảng Ninh")]
    {
        let input = ocop_orders::pickup::PickupInput {
            name: name.into(),
            province: province.into(),
            address: "Tầng 1".into(),
            opening_hours: "8:00–21:00 hằng ngày".into(),
        };
        ocop_orders::pickup::upsert(&app.db, &input).await.unwrap();
    }
    let (_, token) = app.user("hoa@example.vn", Role::Shopper).await;
    order_of(&app, &token, &[("TDH-1", &qn_a, 2)]).await;

    let page = app.page(&app.client, "/san-pham/tra-duong-hoa").await;
    assert!(page.contains("data-testid=\"sold-count\">Đã bán 2<"), "sold count");
    let related = &page[page.find("data-testid=\"related\"").expect("related products")..];
    let (first, second) =
        (related.find("Rượu ba kích Quảng Ninh").unwrap(), related.find("Bánh gai Đường Hoa").unwrap());
    assert!(first < second, "same group and province first, then the same shop");
    assert!(!related.contains("Trà Thái Hà Nội") && !related.contains(">Trà Đường Hoa<"));
    let url = format!("{}/san-pham/tra-duong-hoa", app.state.config.server.base_url());
    // As application/x-www-form-urlencoded writes it.
    let encoded: String = url
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._*".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    assert!(page.contains(&format!("https://www.facebook.com/sharer/sharer.php?u={encoded}")), "facebook");
    assert!(page.contains(&format!("https://zalo.me/share?url={encoded}")), "zalo");
    assert!(page.contains(&format!("id=\"share-url\" type=\"url\" value=\"{url}\" readonly")), "a selectable link");
    assert!(page.contains("/static/js/share.js"), "copy button as progressive enhancement");
    let pickup = &page[page.find("data-testid=\"pickup-points\"").expect("pickup points")..];
    assert!(pickup.find("Sân bay Vân Đồn").unwrap() < pickup.find("Hồ Gươm").unwrap(), "the province's points first");
    assert!(page.contains("formaction=\"/gio-hang/mua-ngay\""), "Mua ngay");
}

#[tokio::test]
async fn an_order_links_to_the_carriers_tracking_page_when_the_code_is_recognised() {
    let app = spawn_app().await;
    let (shop, vendor, _) = app.shop("HTX Miến dong Bình Liêu", "Quảng Ninh").await;
    app.live_product(&vendor, &shop, &product("Miến dong Bình Liêu", "MD-500", 85_000, 10)).await;
    let (buyer, token) = app.user("an@example.vn", Role::Shopper).await;
    let shipped = order_of(&app, &token, &[("MD-500", &shop, 1)]).await;
    let odd = order_of(&app, &token, &[("MD-500", &shop, 1)]).await;
    for (code, carrier, tracking) in [(&shipped, "Viettel Post", "VTP2611260001"), (&odd, "Xe khách", "XK-01")] {
        let part = parts_of(&app, code).await.remove(0);
        transitions::act(&app.db, &vendor, part.id, Action::Pack).await.unwrap();
        let ship = Action::Ship { carrier: carrier.into(), tracking_code: tracking.into() };
        transitions::act(&app.db, &vendor, part.id, ship).await.unwrap();
    }
    let web = app.signed_in(&buyer.email).await;
    let page = app.page(&web, &format!("/don-hang/{shipped}")).await;
    assert!(
        page.contains("href=\"https://viettelpost.com.vn/tra-cuu-hanh-trinh-don/?key=VTP2611260001\""),
        "Viettel Post's own page"
    );
    let page = app.page(&web, &format!("/don-hang/{odd}")).await;
    assert!(
        page.contains("XK-01") && !page.contains("data-testid=\"tracking-link\""),
        "no link for an unknown carrier"
    );
}

#[tokio::test]
async fn the_shops_first_screen_counts_what_waits_and_each_count_opens_its_list() {
    let app = spawn_app().await;
    let (shop, vendor, _) = app.shop("HTX Ruốc hàu Vân Đồn", "Quảng Ninh").await;
    app.live_product(&vendor, &shop, &product("Ruốc hàu Vân Đồn", "RH-200", 150_000, 3)).await;
    app.live_product(&vendor, &shop, &product("Hàu sữa Vân Đồn", "HS-1", 200_000, 50)).await;
    let (_, token) = app.user("binh@example.vn", Role::Shopper).await;
    let first = order_of(&app, &token, &[("HS-1", &shop, 1)]).await;
    let second = order_of(&app, &token, &[("HS-1", &shop, 2)]).await;
    let packed = parts_of(&app, &second).await.remove(0);
    transitions::act(&app.db, &vendor, packed.id, Action::Pack).await.unwrap();
    // A certificate that ends in a month, and one good for two more years.
    let shop_id = ocop_catalog::shops::by_slug(&app.db, &shop).await.unwrap().id;
    let today = chrono::Utc::now().date_naive();
    for (number, issued) in
        [("11/QĐ-UBND", today - chrono::Months::new(35)), ("12/QĐ-UBND", today - chrono::Months::new(10))]
    {
        ocop_catalog::entity::certificate::ActiveModel {
            shop_id: Set(shop_id),
            stars: Set(4),
            decision_number: Set(number.into()),
            decision_date: Set(issued),
            authority: Set("UBND tỉnh Quảng Ninh".into()),
            status: Set("verified".into()),
            created_at: Set(chrono::Utc::now()),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .unwrap();
    }

    let web = app.signed_in(&vendor.email).await;
    let base = format!("/kenh-nguoi-ban/{shop}");
    let desk = app.page(&web, &base).await;
    assert_eq!(tile(&desk, "desk-to-confirm"), "1");
    assert_eq!(tile(&desk, "desk-to-ship"), "1");
    assert_eq!(tile(&desk, "desk-low-stock"), "1", "stock 3 is low");
    assert_eq!(tile(&desk, "desk-renewals"), "1");
    assert_eq!(tile(&desk, "desk-week"), "600.000 ₫", "both orders' goods, this week");
    assert!(desk.contains("data-testid=\"desk-last-week\">Tuần trước: <strong>0 ₫</strong>"));
    assert!(desk.contains(&format!("href=\"{base}/don-hang?trang_thai=confirmed\"")));

    let confirmed = app.page(&web, &format!("{base}/don-hang?trang_thai=confirmed")).await;
    assert!(confirmed.contains(&first) && !confirmed.contains(&second));
    let to_ship = app.page(&web, &format!("{base}/don-hang?trang_thai=packed")).await;
    assert!(to_ship.contains(&second) && !to_ship.contains(&first));
    let low = app.page(&web, &format!("{base}?loc=sap-het")).await;
    assert_eq!(low.matches("data-testid=\"listing\"").count(), 1);
    assert!(low.contains("Ruốc hàu Vân Đồn") && !low.contains("Hàu sữa Vân Đồn</a>"));
    let renewals = app.page(&web, &format!("{base}?loc=chung-nhan")).await;
    assert!(renewals.contains("11/QĐ-UBND") && !renewals.contains("12/QĐ-UBND"));
    let week = app.page(&web, &format!("{base}/doanh-so?tu={}", today - chrono::Duration::days(6))).await;
    assert!(week.contains("600.000 ₫"));
}

#[tokio::test]
async fn the_admins_first_screen_counts_todays_orders_and_late_ones_and_lists_them() {
    let app = spawn_app().await;
    let (shop, vendor, _) = app.shop("HTX Nước mắm Cái Rồng", "Quảng Ninh").await;
    app.live_product(&vendor, &shop, &product("Nước mắm cá cơm", "NM-500", 120_000, 50)).await;
    let (_, token) = app.user("chi@example.vn", Role::Shopper).await;
    let today = order_of(&app, &token, &[("NM-500", &shop, 1)]).await;
    let late = order_of(&app, &token, &[("NM-500", &shop, 1)]).await;
    let three_days_ago = chrono::Utc::now() - chrono::Duration::days(3);
    exec(&app, "UPDATE orders SET created_at = $1 WHERE code = $2", vec![three_days_ago.into(), late.clone().into()])
        .await;
    let part = parts_of(&app, &late).await.remove(0);
    exec(&app, "UPDATE shop_orders SET created_at = $1 WHERE id = $2", vec![three_days_ago.into(), part.id.into()])
        .await;

    let (admin, _) = app.admin().await;
    let web = app.signed_in(&admin.email).await;
    let desk = app.page(&web, "/quan-tri").await;
    assert_eq!(tile(&desk, "desk-today"), "1");
    assert_eq!(tile(&desk, "desk-late"), "1");
    assert_eq!(tile(&desk, "desk-refunds"), "0");
    assert!(desk.contains("Doanh thu hôm nay: <strong>120.000 ₫</strong>"));
    let listed = app.page(&web, "/quan-tri/don-hang?ngay=hom-nay").await;
    assert!(listed.contains(&today) && !listed.contains(&late));
    let listed = app.page(&web, "/quan-tri/don-hang?tre=1").await;
    assert!(listed.contains(&late) && !listed.contains(&today));

    // A coordinator moderates: queues, but no money or orders.
    let (coordinator, _) = app.coordinator_of("Quảng Ninh").await;
    let web = app.signed_in(&coordinator.email).await;
    let desk = app.page(&web, "/quan-tri").await;
    assert!(desk.contains("data-testid=\"desk-products\"") && !desk.contains("data-testid=\"desk-today\""));
}

#[tokio::test]
async fn the_categories_tab_lists_the_groups_their_subcategories_and_the_provinces() {
    let app = spawn_app().await;
    let page = app.page(&app.client, "/danh-muc").await;
    assert!(page.contains("href=\"/danh-muc/thuc-pham\"") && page.contains("href=\"/danh-muc/do-uong?nhom=tra\""));
    assert!(page.contains("href=\"/tinh/quang-ninh\""));
    assert!(page.contains("data-testid=\"categories-tab\" aria-current=\"page\""), "the tab shows where we are");
}
