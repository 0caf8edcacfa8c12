//! The catalogue: listing, moderation, access between shops, import, storefront pages.

use ocop_accounts::Role;
use ocop_catalog::certificates::{self, CertificateInput};
use ocop_catalog::entity::{audit, product};
use ocop_catalog::shops;
use ocop_tests::fixtures::{application, product};
use ocop_tests::spawn_app;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::{Value, json};

fn new_product(name: &str, sku: &str, price: i64) -> Value {
    json!({"name": name, "description": "Trà hoa vàng hái tay dưới tán rừng.", "category": "Đồ uống",
           "province": "Quảng Ninh", "variants": [{"sku": sku, "label": "Hộp 100 g", "price_vnd": price, "stock": 12,
           "weight_grams": 150, "unit": "hộp"}]})
}

#[tokio::test]
async fn a_listing_goes_live_only_after_approval_and_then_shows_everywhere() {
    let app = spawn_app().await;
    let (shop, _vendor, token) = app.shop("HTX Trà hoa vàng Ba Chẽ", "Quảng Ninh").await;
    let res = app
        .post_json_as(
            &token,
            &format!("/api/v1/shops/{shop}/products"),
            &new_product("Trà hoa vàng Ba Chẽ", "thv-100", 125_000),
        )
        .await;
    assert_eq!(res.status(), 201);
    let created: Value = res.json().await.unwrap();
    assert_eq!(created["status"], "submitted");
    assert_eq!(created["live"], false);
    assert_eq!(created["variants"][0]["sku"], "THV-100");
    let slug = created["slug"].as_str().unwrap().to_owned();
    assert_eq!(slug, "tra-hoa-vang-ba-che");

    assert_eq!(app.get(&format!("/api/v1/products/{slug}")).await.status(), 404);
    assert!(!app.get("/tinh/quang-ninh").await.text().await.unwrap().contains("Trà hoa vàng Ba Chẽ"));

    let (_, admin) = app.admin().await;
    let id = created["id"].as_i64().unwrap();
    let res = app.post_json_as(&admin, &format!("/api/v1/admin/products/{id}/approve"), &json!({})).await;
    assert_eq!(res.status(), 200);

    let live: Value = app.get(&format!("/api/v1/products/{slug}")).await.json().await.unwrap();
    assert_eq!(live["name"], "Trà hoa vàng Ba Chẽ");
    assert_eq!(live["variants"][0]["price_vnd"], 125_000);
    assert_eq!(live["shop"]["slug"], shop);
    for page in ["/tinh/quang-ninh", "/danh-muc/do-uong", &format!("/cua-hang/{shop}"), "/"] {
        let html = app.get(page).await.text().await.unwrap();
        assert!(html.contains("Trà hoa vàng Ba Chẽ") && html.contains("125.000 ₫"), "{page}");
    }
    let html = app.get(&format!("/san-pham/{slug}")).await.text().await.unwrap();
    assert!(html.contains("application/ld+json") && html.contains("\"priceCurrency\":\"VND\""));
    assert!(html.contains("Giá đã gồm thuế GTGT, chưa gồm phí vận chuyển"));
    let sitemap = app.get("/sitemap.xml").await.text().await.unwrap();
    assert!(sitemap.contains(&format!("/san-pham/{slug}")));
}

#[tokio::test]
async fn one_shop_cannot_read_or_change_another_shops_products() {
    let app = spawn_app().await;
    let (shop_a, _, token_a) = app.shop("HTX Trà Ba Chẽ", "Quảng Ninh").await;
    let (shop_b, _, token_b) = app.shop("HTX Miến dong Bình Liêu", "Quảng Ninh").await;
    let res = app
        .post_json_as(&token_a, &format!("/api/v1/shops/{shop_a}/products"), &new_product("Trà A", "A-1", 100_000))
        .await;
    assert_eq!(res.status(), 201);

    let other =
        |method: reqwest::Method, path: String| app.client.request(method, app.url(&path)).bearer_auth(&token_b);
    let checks = [
        other(reqwest::Method::GET, format!("/api/v1/shops/{shop_a}/products")),
        other(reqwest::Method::GET, format!("/api/v1/shops/{shop_a}/products/A-1")),
        other(reqwest::Method::PATCH, format!("/api/v1/shops/{shop_a}/products/A-1")).json(&json!({"price_vnd": 1000})),
        other(reqwest::Method::POST, format!("/api/v1/shops/{shop_a}/products")).json(&new_product(
            "Chen ngang",
            "B-9",
            5000,
        )),
        other(reqwest::Method::POST, format!("/api/v1/shops/{shop_a}/products/A-1/submit")),
        other(reqwest::Method::POST, format!("/api/v1/shops/{shop_a}/import")).body("sku,name\nX,Y\n"),
        // Its own shop's routes cannot reach A's SKU either.
        other(reqwest::Method::GET, format!("/api/v1/shops/{shop_b}/products/A-1")),
        other(reqwest::Method::PATCH, format!("/api/v1/shops/{shop_b}/products/A-1")).json(&json!({"stock": 0})),
    ];
    for check in checks {
        let res = check.send().await.unwrap();
        let url = res.url().to_string();
        assert_eq!(res.status(), 404, "{url}");
    }
    // Nothing changed.
    let res = app.get_as(&token_a, &format!("/api/v1/shops/{shop_a}/products/A-1")).await;
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["variants"][0]["price_vnd"], 100_000);
    // A shopper is not an admin.
    let (_, shopper) = app.user("khach@example.vn", Role::Shopper).await;
    let res = app.get_as(&shopper, "/api/v1/admin/moderation").await;
    assert_eq!(res.status(), 403);
}

#[tokio::test]
async fn a_duplicate_sku_in_a_shop_is_409() {
    let app = spawn_app().await;
    let (shop, _, token) = app.shop("HTX Một", "Quảng Ninh").await;
    let path = format!("/api/v1/shops/{shop}/products");
    assert_eq!(app.post_json_as(&token, &path, &new_product("Trà một", "T-1", 100_000)).await.status(), 201);
    let res = app.post_json_as(&token, &path, &new_product("Trà hai", "t-1", 90_000)).await;
    assert_eq!(res.status(), 409);
    assert_eq!(res.json::<Value>().await.unwrap()["error"]["code"], "duplicate_sku");
    // Another shop may use the same SKU.
    let (other, _, token2) = app.shop("HTX Hai", "Quảng Ninh").await;
    let res = app
        .post_json_as(&token2, &format!("/api/v1/shops/{other}/products"), &new_product("Trà một", "T-1", 100_000))
        .await;
    assert_eq!(res.status(), 201);
}

#[tokio::test]
async fn bad_prices_categories_and_provinces_are_field_errors() {
    let app = spawn_app().await;
    let (shop, _, token) = app.shop("HTX Ba", "Quảng Ninh").await;
    let path = format!("/api/v1/shops/{shop}/products");
    for (price, expected) in
        [(json!(0), "lớn hơn 0"), (json!(-5000), "lớn hơn 0"), (json!(5_000_000_000_i64), "vượt quá")]
    {
        let mut body = new_product("Trà", "T-1", 1);
        body["variants"][0]["price_vnd"] = price;
        let res = app.post_json_as(&token, &path, &body).await;
        assert_eq!(res.status(), 422);
        let err: Value = res.json().await.unwrap();
        assert!(err["error"]["fields"]["variants[0].price_vnd"].as_str().unwrap().contains(expected), "{err}");
    }
    let mut body = new_product("Trà", "T-1", 1);
    body["variants"][0]["price_vnd"] = json!(125000.5);
    let res = app.post_json_as(&token, &path, &body).await;
    assert_eq!(res.status(), 422);
    assert!(res.json::<Value>().await.unwrap()["error"]["fields"]["variants[0].price_vnd"].is_string());

    let mut body = new_product(&"x".repeat(201), "T 1", 100_000);
    body["category"] = json!("điện tử");
    body["province"] = json!("Atlantis");
    let res = app.post_json_as(&token, &path, &body).await;
    assert_eq!(res.status(), 422);
    let err: Value = res.json().await.unwrap();
    for field in ["name", "category", "province", "variants[0].sku"] {
        assert!(err["error"]["fields"][field].is_string(), "{field}: {err}");
    }
}

#[tokio::test]
async fn an_edit_waits_for_review_while_the_approved_version_stays_live() {
    let app = spawn_app().await;
    let (shop, vendor, token) = app.shop("HTX Bốn", "Quảng Ninh").await;
    let live = app.live_product(&vendor, &shop, &product("Miến dong Bình Liêu", "MD-500", 85_000, 20)).await;
    assert_eq!(live.product.slug, "mien-dong-binh-lieu");

    let patch = json!({"content": {"name": "Miến dong Bình Liêu loại đặc biệt", "category": "thuc-pham", "province": "Quảng Ninh"}});
    let res = app
        .client
        .patch(app.url(&format!("/api/v1/shops/{shop}/products/MD-500")))
        .bearer_auth(&token)
        .json(&patch)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["status"], "submitted");
    assert_eq!(body["name"], "Miến dong Bình Liêu", "live content unchanged");
    assert_eq!(body["pending"]["name"], "Miến dong Bình Liêu loại đặc biệt");
    assert_eq!(app.get("/api/v1/products/mien-dong-binh-lieu").await.status(), 200);

    // Price changes go live at once, and are audited.
    let res = app
        .client
        .patch(app.url(&format!("/api/v1/shops/{shop}/products/MD-500")))
        .bearer_auth(&token)
        .json(&json!({"price_vnd": 79_000, "stock": 3}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let public: Value = app.get("/api/v1/products/mien-dong-binh-lieu").await.json().await.unwrap();
    assert_eq!(public["variants"][0]["price_vnd"], 79_000);
    assert_eq!(public["variants"][0]["stock"], 3);
    let audited = audit::Entity::find().filter(audit::Column::Action.eq("variant.price")).all(&app.db).await.unwrap();
    assert_eq!(audited.len(), 1);
    assert_eq!(audited[0].before.as_ref().unwrap()["price_vnd"], 85_000);
    assert_eq!(audited[0].after.as_ref().unwrap()["price_vnd"], 79_000);
    assert_eq!(audited[0].actor_id, Some(vendor.id));

    let (_, admin) = app.admin().await;
    let res =
        app.post_json_as(&admin, &format!("/api/v1/admin/products/{}/approve", live.product.id), &json!({})).await;
    assert_eq!(res.status(), 200);
    let approved: Value = res.json().await.unwrap();
    assert_eq!(approved["name"], "Miến dong Bình Liêu loại đặc biệt");
    assert_eq!(approved["slug"], "mien-dong-binh-lieu-loai-dac-biet");
    assert_eq!(approved["category"], "thuc-pham");
    // The old address leads to the new one.
    let res = app.get("/san-pham/mien-dong-binh-lieu").await;
    assert_eq!(res.status(), 308);
    assert_eq!(res.headers()["location"], "/san-pham/mien-dong-binh-lieu-loai-dac-biet");
}

#[tokio::test]
async fn a_rejection_needs_a_reason_and_the_vendor_sees_it() {
    let app = spawn_app().await;
    let (shop, _, token) = app.shop("HTX Năm", "Quảng Ninh").await;
    let created: Value = app
        .post_json_as(&token, &format!("/api/v1/shops/{shop}/products"), &new_product("Ruốc hàu", "RH-1", 150_000))
        .await
        .json()
        .await
        .unwrap();
    let id = created["id"].as_i64().unwrap();
    let (_, admin) = app.admin().await;
    let res = app.post_json_as(&admin, &format!("/api/v1/admin/products/{id}/reject"), &json!({"reason": "  "})).await;
    assert_eq!(res.status(), 422);
    assert!(res.json::<Value>().await.unwrap()["error"]["fields"]["reason"].is_string());
    let res = app
        .post_json_as(
            &admin,
            &format!("/api/v1/admin/products/{id}/reject"),
            &json!({"reason": "Thiếu ảnh nhãn sản phẩm"}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let mine: Value = app.get_as(&token, &format!("/api/v1/shops/{shop}/products/RH-1")).await.json().await.unwrap();
    assert_eq!(mine["status"], "rejected");
    assert_eq!(mine["rejection_reason"], "Thiếu ảnh nhãn sản phẩm");
    let logged =
        audit::Entity::find().filter(audit::Column::Action.eq("product.reject")).one(&app.db).await.unwrap().unwrap();
    assert_eq!(logged.reason.as_deref(), Some("Thiếu ảnh nhãn sản phẩm"));
}

#[tokio::test]
async fn a_producer_applies_and_only_an_admin_or_the_provinces_coordinator_verifies() {
    let app = spawn_app().await;
    let (_, applicant) = app.user("hoa@example.vn", Role::Vendor).await;
    let mut form = serde_json::to_value(application_json("Hộ kinh doanh Chả mực Hạ Long", "Quảng Ninh")).unwrap();
    form["producer_type"] = json!("ho_kinh_doanh");
    form["tax_code"] = json!("123");
    let res = app.post_json_as(&applicant, "/api/v1/shops", &form).await;
    assert_eq!(res.status(), 422);
    assert!(res.json::<Value>().await.unwrap()["error"]["fields"]["tax_code"].is_string());
    form["tax_code"] = json!("5701234567-001");
    let res = app.post_json_as(&applicant, "/api/v1/shops", &form).await;
    assert_eq!(res.status(), 201);
    let shop = shops::by_slug(&app.db, "ho-kinh-doanh-cha-muc-ha-long").await.unwrap();
    assert_eq!(shop.status, "pending");

    let (_, elsewhere) = app.coordinator_of("Thái Nguyên").await;
    let res = app.post_json_as(&elsewhere, &format!("/api/v1/admin/shops/{}/verify", shop.id), &json!({})).await;
    assert_eq!(res.status(), 403);
    let (_, local) = app.coordinator_of("Quảng Ninh").await;
    let res = app.post_json_as(&local, &format!("/api/v1/admin/shops/{}/reject", shop.id), &json!({})).await;
    assert_eq!(res.status(), 422);
    let res = app.post_json_as(&local, &format!("/api/v1/admin/shops/{}/verify", shop.id), &json!({})).await;
    assert_eq!(res.status(), 200);
    assert_eq!(shops::by_slug(&app.db, &shop.slug).await.unwrap().status, "verified");
}

fn application_json(name: &str, province: &str) -> shops::Application {
    application(name, province)
}

#[tokio::test]
async fn an_unverified_shop_cannot_go_live() {
    let app = spawn_app().await;
    let (vendor, token) = app.user("ban@example.vn", Role::Vendor).await;
    let shop = shops::apply(&app.db, &vendor, &application("HTX Chờ duyệt", "Quảng Ninh")).await.unwrap();
    let created: Value = app
        .post_json_as(&token, &format!("/api/v1/shops/{}/products", shop.slug), &new_product("Trà chờ", "C-1", 100_000))
        .await
        .json()
        .await
        .unwrap();
    let (_, admin) = app.admin().await;
    let res = app.post_json_as(&admin, &format!("/api/v1/admin/products/{}/approve", created["id"]), &json!({})).await;
    assert_eq!(res.status(), 409);
    assert_eq!(res.json::<Value>().await.unwrap()["error"]["code"], "shop_not_verified");
    assert_eq!(app.get(&format!("/cua-hang/{}", shop.slug)).await.status(), 404);
}

#[tokio::test]
async fn stars_show_only_for_a_verified_certificate_within_36_months() {
    let app = spawn_app().await;
    let (shop_slug, vendor, _) = app.shop("HTX Sáu", "Quảng Ninh").await;
    let (admin, _) = app.admin().await;
    let shop = shops::by_slug(&app.db, &shop_slug).await.unwrap();
    let fresh = certificates::record(
        &app.db,
        &admin.actor(),
        &shop,
        &CertificateInput {
            stars: 5,
            decision_number: "12/QĐ-UBND".into(),
            decision_date: "2025-03-01".into(),
            authority: "UBND tỉnh Quảng Ninh".into(),
        },
        true,
    )
    .await
    .unwrap();
    let old = certificates::record(
        &app.db,
        &admin.actor(),
        &shop,
        &CertificateInput {
            stars: 4,
            decision_number: "7/QĐ-UBND".into(),
            decision_date: "2022-01-10".into(),
            authority: "UBND tỉnh Quảng Ninh".into(),
        },
        true,
    )
    .await
    .unwrap();
    for (name, sku, cert) in [("Chả mực", "CM-1", fresh.id), ("Ruốc tôm", "RT-1", old.id)] {
        let listing = app.live_product(&vendor, &shop_slug, &product(name, sku, 300_000, 5)).await;
        let mut active: product::ActiveModel = listing.product.into();
        active.certificate_id = Set(Some(cert));
        active.update(&app.db).await.unwrap();
    }
    // Tera escapes "/" as &#x2F;, which a browser shows as "/".
    let fresh_page = app.get("/san-pham/cha-muc").await.text().await.unwrap().replace("&#x2F;", "/");
    assert!(fresh_page.contains("OCOP 5★") && fresh_page.contains("12/QĐ-UBND") && fresh_page.contains("01/03/2028"));
    let old_page = app.get("/san-pham/ruoc-tom").await.text().await.unwrap();
    assert!(!old_page.contains("OCOP 4★"), "an expired certificate shows no stars");
    let api: Value = app.get("/api/v1/products/ruoc-tom").await.json().await.unwrap();
    assert!(api["certificate"].is_null());
    // The home page's 5-star shelf takes only what shows five stars today.
    let home = app.get("/").await.text().await.unwrap();
    let shelf = &home[home.find("five-star-title").unwrap()..home.find("groups-title").unwrap()];
    assert!(shelf.contains("Chả mực") && !shelf.contains("Ruốc tôm"), "{shelf}");
}

#[tokio::test]
async fn province_pages_sort_in_vietnamese_order_and_accept_former_names() {
    let app = spawn_app().await;
    let (shop, vendor, _) = app.shop("HTX Bảy", "Quảng Ninh").await;
    for (i, name) in
        ["Đường phèn", "Ấm trà gốm", "Bánh gai", "Dưa muối", "Ăn liền miến", "An toàn rau"].iter().enumerate()
    {
        app.live_product(&vendor, &shop, &product(name, &format!("S-{i}"), 10_000 + i64::try_from(i).unwrap(), 5))
            .await;
    }
    let html = app.get("/tinh/quang-ninh").await.text().await.unwrap();
    let order = ["An toàn rau", "Ăn liền miến", "Ấm trà gốm", "Bánh gai", "Dưa muối", "Đường phèn"];
    let positions: Vec<usize> = order.iter().map(|n| html.find(n).unwrap_or_else(|| panic!("{n} missing"))).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
    let dear_first = app.get("/tinh/quang-ninh?sort=price_desc").await.text().await.unwrap();
    assert!(dear_first.find("An toàn rau").unwrap() < dear_first.find("Ăn liền miến").unwrap(), "dearest first");

    let res = app.get("/tinh/ha-giang").await;
    assert_eq!(res.status(), 308);
    assert_eq!(res.headers()["location"], "/tinh/tuyen-quang");
    assert_eq!(app.get("/tinh/atlantis").await.status(), 404);
    assert_eq!(app.get("/danh-muc/dien-tu").await.status(), 404);
}

#[tokio::test]
async fn subcategories_belong_to_their_group_and_filter_group_pages() {
    let app = spawn_app().await;
    let (shop, _, token) = app.shop("HTX Nhóm nhỏ", "Đắk Lắk").await;
    let path = format!("/api/v1/shops/{shop}/products");
    let mut coffee = new_product("Cà phê rang mộc", "CF-1", 150_000);
    coffee["subcategory"] = json!("Cà phê");
    let mut wrong = new_product("Cà phê sai nhóm", "CF-2", 150_000);
    wrong["subcategory"] = json!("Thủy hải sản");
    let res = app.post_json_as(&token, &path, &wrong).await;
    assert_eq!(res.status(), 422);
    assert!(res.json::<Value>().await.unwrap()["error"]["fields"]["subcategory"].as_str().unwrap().contains("Cà phê"));
    let (_, admin) = app.admin().await;
    for body in [coffee, new_product("Trà xanh", "TX-1", 90_000)] {
        let created: Value = app.post_json_as(&token, &path, &body).await.json().await.unwrap();
        app.post_json_as(&admin, &format!("/api/v1/admin/products/{}/approve", created["id"]), &json!({})).await;
    }
    let all = app.get("/danh-muc/do-uong").await.text().await.unwrap();
    assert!(all.contains("Cà phê rang mộc") && all.contains("Trà xanh"));
    let coffee_only = app.get("/danh-muc/do-uong?nhom=ca-phe").await.text().await.unwrap();
    assert!(coffee_only.contains("Cà phê rang mộc") && !coffee_only.contains("Trà xanh"));
    let page = app.get("/san-pham/ca-phe-rang-moc").await.text().await.unwrap();
    assert!(page.contains("nhom=ca-phe"), "the breadcrumb names the subcategory");
}
