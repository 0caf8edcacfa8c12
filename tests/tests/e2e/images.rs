//! Product images: proven to be images, re-encoded, moderated on live products, served
//! with long cache headers, and only by the shop's own people.

use ocop_tests::fixtures::{png, product};
use ocop_tests::{TestApp, spawn_app};
use serde_json::Value;

async fn upload(app: &TestApp, token: &str, shop: &str, sku: &str, bytes: Vec<u8>, name: &str) -> reqwest::Response {
    let part = reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned());
    app.client
        .post(app.url(&format!("/api/v1/shops/{shop}/products/{sku}/images")))
        .bearer_auth(token)
        .multipart(reqwest::multipart::Form::new().part("image", part))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn an_image_on_a_live_product_shows_after_review_and_is_served_for_a_year() {
    let app = spawn_app().await;
    let (shop, vendor, token) = app.shop("HTX Ảnh", "Quảng Ninh").await;
    let live = app.live_product(&vendor, &shop, &product("Trà hoa vàng", "THV-1", 350_000, 5)).await;

    let res = upload(&app, &token, &shop, "THV-1", png(1600, 1200), "tra.png").await;
    assert_eq!(res.status(), 201);
    let image: Value = res.json().await.unwrap();
    assert_eq!(image["approved"], false);
    assert_eq!((image["width"].as_i64(), image["height"].as_i64()), (Some(1200), Some(900)));
    let url = image["url"].as_str().unwrap().to_owned();
    let served = app.get(&url).await;
    assert_eq!(served.status(), 200);
    assert!(served.headers()["cache-control"].to_str().unwrap().contains("max-age=31536000"));
    let bytes = served.bytes().await.unwrap();
    assert_eq!(&bytes[..3], &[0xFF, 0xD8, 0xFF], "re-encoded as JPEG");

    // Still live, without the new picture, until a moderator approves.
    // Tera writes "/" as &#x2F; inside attributes; a browser reads it as "/".
    let page = app.get("/san-pham/tra-hoa-vang").await.text().await.unwrap().replace("&#x2F;", "/");
    assert!(page.contains("<h1>Trà hoa vàng</h1>"));
    assert!(!page.contains(&url));
    let (_, admin) = app.admin().await;
    let res = app
        .post_json_as(&admin, &format!("/api/v1/admin/products/{}/approve", live.product.id), &serde_json::json!({}))
        .await;
    assert_eq!(res.status(), 200);
    let page = app.get("/san-pham/tra-hoa-vang").await.text().await.unwrap().replace("&#x2F;", "/");
    assert!(page.contains(&url), "the approved picture shows");
}

#[tokio::test]
async fn what_is_not_an_image_is_refused_and_other_shops_cannot_upload() {
    let app = spawn_app().await;
    let (shop, vendor, token) = app.shop("HTX Ảnh Hai", "Quảng Ninh").await;
    app.live_product(&vendor, &shop, &product("Miến", "M-1", 80_000, 5)).await;
    for (bytes, name) in
        [(b"<?php echo 1; ?>".to_vec(), "anh.png"), (b"%PDF-1.4 fake".to_vec(), "anh.jpg"), (png(40, 40), "nho.png")]
    {
        let res = upload(&app, &token, &shop, "M-1", bytes, name).await;
        assert_eq!(res.status(), 422, "{name}");
        let body: Value = res.json().await.unwrap();
        assert!(body["error"]["fields"]["image"].is_string(), "{body}");
    }
    let (_, _, other) = app.shop("HTX Khác", "Quảng Ninh").await;
    assert_eq!(upload(&app, &other, &shop, "M-1", png(300, 300), "a.png").await.status(), 404);

    for _ in 0..8 {
        assert_eq!(upload(&app, &token, &shop, "M-1", png(300, 300), "a.png").await.status(), 201);
    }
    let res = upload(&app, &token, &shop, "M-1", png(300, 300), "a.png").await;
    assert_eq!(res.status(), 422);
    assert!(res.json::<Value>().await.unwrap()["error"]["fields"]["image"].as_str().unwrap().contains("tối đa 8 ảnh"));
}
