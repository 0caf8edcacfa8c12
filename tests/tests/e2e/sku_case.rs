//! A SKU is the SKU the vendor typed, in any case: `bar-hot-1` imported is found as
//! `bar-hot-1`, `BAR-HOT-1` or `Bar-Hot-1` by every entry point (cart API and form, booth
//! sales API and page, fair prices API and page, the vendor's API and pages, import
//! updates); a text that is not a SKU is a 422 naming the `sku` field.

use chrono::Utc;
use ocop_catalog::entity::{product, product_image, variant};
use ocop_fairs::entity::fair_price;
use ocop_pos::entity::pos_sale;
use ocop_tests::fixtures::{png, product};
use ocop_tests::{TestApp, spawn_app};

use crate::fairs::{apply, create_fair, decide, put_price};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

const HEADER: &str = "sku,name,variant,description,category,province,price_vnd,stock,unit,weight_grams";

async fn import(app: &TestApp, token: &str, shop: &str, csv: String) -> Value {
    let res = app
        .client
        .post(app.url(&format!("/api/v1/shops/{shop}/import")))
        .bearer_auth(token)
        .body(csv)
        .send()
        .await
        .unwrap();
    let status = res.status();
    let report: Value = res.json().await.unwrap();
    assert_eq!(status, 200, "{report}");
    report
}

/// The one variant stored for `sku` (compared exactly, as the database holds it).
async fn stored(app: &TestApp, sku: &str) -> variant::Model {
    variant::Entity::find().filter(variant::Column::Sku.eq(sku)).one(&app.db).await.unwrap().expect(sku)
}

/// A shop whose vendor imported `bar-hot-1` in lower case, approved and live.
async fn imported_bar(app: &TestApp) -> (String, ocop_accounts::User, String) {
    let (shop, vendor, token) = app.shop("HTX Bánh Hạ Long", "Quảng Ninh").await;
    let csv = format!(
        "{HEADER}\nbar-hot-1,Bánh gai Hạ Long,Hộp 6 chiếc,Bánh gai lá gai tươi,thuc-pham,Quảng Ninh,120000,40,hộp,600\n"
    );
    import(app, &token, &shop, csv).await;
    let (admin, _) = app.admin().await;
    for p in product::Entity::find().all(&app.db).await.unwrap() {
        ocop_catalog::products::approve(&app.db, &admin.actor(), p.id).await.unwrap();
    }
    (shop, vendor, token)
}

#[tokio::test]
async fn an_imported_sku_goes_into_the_cart_in_any_case_and_a_bad_one_names_the_field() {
    let app = spawn_app().await;
    imported_bar(&app).await;
    assert_eq!(stored(&app, "BAR-HOT-1").await.stock, 40, "stored in its one form");
    // Approval reaches the index through the outbox.
    let search = ocop_tests::eventually("the imported listing in the index", async || {
        let search: Value = app.get("/api/v1/search?q=b%C3%A1nh%20gai").await.json().await.unwrap();
        (search["total"] != 0).then_some(search)
    })
    .await;
    assert_eq!(search["hits"][0]["sku"], "BAR-HOT-1", "{search}");

    let (_, shopper) = app.user("khach-sku@example.vn", ocop_accounts::Role::Shopper).await;
    let res = app.post_json_as(&shopper, "/api/v1/cart/items", &json!({"sku": "bar-hot-1", "quantity": 2})).await;
    assert_eq!(res.status(), 201, "the SKU as the vendor typed it");
    let res = app
        .client
        .patch(app.url("/api/v1/cart/items"))
        .bearer_auth(&shopper)
        .json(&json!({"sku": " Bar-Hot-1 ", "quantity": 3}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let cart: Value = app.get_as(&shopper, "/api/v1/cart").await.json().await.unwrap();
    assert!(cart.to_string().contains("\"quantity\":3"), "one line, changed in another case: {cart}");

    for (bad, expect) in [("bar hot 1", "chữ không dấu"), ("", "Cần mã SKU"), ("bánh-1", "chữ không dấu")]
    {
        let res = app.post_json_as(&shopper, "/api/v1/cart/items", &json!({"sku": bad, "quantity": 1})).await;
        assert_eq!(res.status(), 422, "{bad:?}");
        let body: Value = res.json().await.unwrap();
        assert!(body["error"]["fields"]["sku"].as_str().unwrap().contains(expect), "{bad:?}: {body}");
    }
    let res = app.post_json_as(&shopper, "/api/v1/cart/items", &json!({"sku": "bar-hot-2", "quantity": 1})).await;
    assert_eq!(res.status(), 404, "a well-formed SKU nobody sells is still not found");
}

#[tokio::test]
async fn importing_again_in_another_case_updates_the_same_variant() {
    let app = spawn_app().await;
    let (shop, _, token) = imported_bar(&app).await;
    let csv = format!(
        "{HEADER}\nBAR-hot-1,Bánh gai Hạ Long,Hộp 6 chiếc,Bánh gai lá gai tươi,thuc-pham,Quảng Ninh,125000,35,hộp,600\n"
    );
    import(&app, &token, &shop, csv).await;
    assert_eq!(variant::Entity::find().count(&app.db).await.unwrap(), 1, "no second variant");
    let v = stored(&app, "BAR-HOT-1").await;
    assert_eq!((v.price_vnd, v.stock), (125_000, 35));
}

#[tokio::test]
async fn the_cart_form_takes_a_sku_in_any_case() {
    let app = spawn_app().await;
    let (shop, _, _) = imported_bar(&app).await;
    let guest = app.new_client();
    let slug = product::Entity::find().one(&app.db).await.unwrap().unwrap().slug;
    let res = app
        .post_form(
            &guest,
            &format!("/san-pham/{slug}"),
            "/gio-hang/them",
            &[("sku", "bar-hot-1"), ("shop", shop.as_str()), ("quantity", "2")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let cart = guest.get(app.url("/gio-hang")).send().await.unwrap().text().await.unwrap();
    assert!(cart.contains("Bánh gai Hạ Long"), "in the cart");
    let res = app
        .post_form(
            &guest,
            "/gio-hang",
            "/gio-hang/them",
            &[("sku", "bar/hot"), ("shop", shop.as_str()), ("quantity", "1")],
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("Mã SKU chỉ gồm chữ không dấu"), "said in Vietnamese");
}

#[tokio::test]
async fn the_vendor_api_finds_a_product_by_its_sku_in_any_case() {
    let app = spawn_app().await;
    let (shop, _, token) = imported_bar(&app).await;
    let base = format!("/api/v1/shops/{shop}/products");
    let res = app.get_as(&token, &format!("{base}/bar-hot-1")).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap()["variants"][0]["sku"], "BAR-HOT-1");
    let res = app
        .client
        .patch(app.url(&format!("{base}/Bar-Hot-1")))
        .bearer_auth(&token)
        .json(&json!({"stock": 7}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(stored(&app, "BAR-HOT-1").await.stock, 7);
    let part = reqwest::multipart::Part::bytes(png(400, 400)).file_name("banh.png");
    let res = app
        .client
        .post(app.url(&format!("{base}/bar-hot-1/images")))
        .bearer_auth(&token)
        .multipart(reqwest::multipart::Form::new().part("image", part))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    assert_eq!(product_image::Entity::find().count(&app.db).await.unwrap(), 1);

    // A draft created with a lower-case SKU is submitted under it.
    let res = app
        .post_json_as(&token, &base, &serde_json::to_value(product("Mè xửng", "me-xung-1", 50_000, 5)).unwrap())
        .await;
    assert_eq!(res.status(), 201);
    assert_eq!(res.json::<Value>().await.unwrap()["variants"][0]["sku"], "ME-XUNG-1");
    let res = app.post_json_as(&token, &format!("{base}/me-xung-1/submit"), &json!({})).await;
    assert_eq!(res.status(), 200);

    let res = app.get_as(&token, &format!("{base}/bar%20hot")).await;
    assert_eq!(res.status(), 422);
    assert!(res.json::<Value>().await.unwrap()["error"]["fields"]["sku"].is_string());
    assert_eq!(app.get_as(&token, &format!("{base}/bar-hot-9")).await.status(), 404);
    // Another shop's vendor still sees nothing, in any case.
    let (_, _, stranger) = app.shop("HTX Khác", "Quảng Ninh").await;
    assert_eq!(app.get_as(&stranger, &format!("{base}/bar-hot-1")).await.status(), 404);
}

#[tokio::test]
async fn the_vendor_pages_find_a_variant_by_its_sku_in_any_case() {
    let app = spawn_app().await;
    let (shop, vendor, _) = imported_bar(&app).await;
    let v = app.signed_in(&vendor.email).await;
    let dashboard = format!("/kenh-nguoi-ban/{shop}");
    let res = app
        .post_form(
            &v,
            &dashboard,
            &format!("{dashboard}/bien-the/bar-hot-1"),
            &[("price_vnd", "110.000"), ("stock", "9")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let stored_now = stored(&app, "BAR-HOT-1").await;
    assert_eq!((stored_now.price_vnd, stored_now.stock), (110_000, 9));
    // An error on a lower-case path shows on the stored row.
    let res = app
        .post_form(&v, &dashboard, &format!("{dashboard}/bien-the/bar-hot-1"), &[("price_vnd", "-1"), ("stock", "9")])
        .await;
    assert_eq!(res.status(), 422);

    let token = app.csrf_token(&v, &dashboard).await;
    let part = reqwest::multipart::Part::bytes(png(400, 400)).file_name("banh.png");
    let res = v
        .post(app.url(&format!("{dashboard}/san-pham/bar-hot-1/anh?csrf_token={token}")))
        .multipart(reqwest::multipart::Form::new().part("image", part))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(product_image::Entity::find().count(&app.db).await.unwrap(), 1);
}

#[tokio::test]
async fn booth_sales_take_a_sku_in_any_case_by_api_and_by_page() {
    let app = spawn_app().await;
    let (shop, vendor, token) = imported_bar(&app).await;
    let sale = json!({"client_sale_id": "sku-case-0000001", "payment_method": "cash", "place": "Gian 3",
        "sold_at": Utc::now().to_rfc3339(),
        "lines": [{"sku": "bar-hot-1", "quantity": 2}, {"sku": "BAR-HOT-1", "quantity": 1}]});
    let res = app.post_json_as(&token, &format!("/api/v1/shops/{shop}/pos/sales"), &sale).await;
    assert_eq!(res.status(), 201);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["lines"].as_array().unwrap().len(), 1, "one line per SKU whatever the case: {body}");
    assert_eq!(body["total_vnd"], 360_000);
    assert_eq!(stored(&app, "BAR-HOT-1").await.stock, 37);

    let bad = json!({"client_sale_id": "sku-case-0000002", "payment_method": "cash",
        "lines": [{"sku": "bar hot", "quantity": 1}]});
    let res = app.post_json_as(&token, &format!("/api/v1/shops/{shop}/pos/sales"), &bad).await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert!(body["error"]["fields"]["lines[0].sku"].is_string(), "{body}");

    let v = app.signed_in(&vendor.email).await;
    let page = format!("/kenh-nguoi-ban/{shop}/ban-hang");
    let res = app
        .post_form(
            &v,
            &page,
            &page,
            &[("client_sale_id", "sku-case-0000003"), ("payment_method", "cash"), ("q_bar-hot-1", "2")],
        )
        .await;
    assert_eq!(res.status(), 303, "{}", res.text().await.unwrap_or_default());
    assert_eq!(pos_sale::Entity::find().count(&app.db).await.unwrap(), 2);
    assert_eq!(stored(&app, "BAR-HOT-1").await.stock, 35);
}

#[tokio::test]
async fn fair_prices_take_a_sku_in_any_case_by_api_and_by_page() {
    let app = spawn_app().await;
    let (shop, vendor, token) = imported_bar(&app).await;
    let (_, admin) = app.admin().await;
    let (fair, _) = create_fair(&app, &admin, "Hội chợ mã SKU", 5, -1, 48).await;
    let res = apply(&app, &token, &fair, &shop).await;
    let booth = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let res = decide(&app, &admin, &fair, booth, json!({"accept": true, "booth_number": 3})).await;
    assert_eq!(res.status(), 200);

    let res = put_price(&app, &token, &fair, json!({"shop": shop, "sku": "bar-hot-1", "price_vnd": 100_000})).await;
    assert_eq!(res.status(), 204);
    let price = || async { fair_price::Entity::find().one(&app.db).await.unwrap().map(|p| p.price_vnd) };
    assert_eq!(price().await, Some(100_000));
    let res = put_price(&app, &token, &fair, json!({"shop": shop, "sku": "bar hot", "price_vnd": 100_000})).await;
    assert_eq!(res.status(), 422);
    assert!(res.json::<Value>().await.unwrap()["error"]["fields"]["sku"].is_string());

    let v = app.signed_in(&vendor.email).await;
    let page = format!("/kenh-nguoi-ban/{shop}/hoi-cho/{fair}");
    let res = app.post_form(&v, &page, &format!("{page}/gia"), &[("p_bar-hot-1", "95.000")]).await;
    assert_eq!(res.status(), 200);
    assert_eq!(price().await, Some(95_000), "set through the form with the SKU in lower case");
}
