//! Following shops and saving products (issue 15): idempotent, counted, listed while open
//! or on sale, by page and by API.

use ocop_accounts::Role;
use ocop_tests::fixtures::product;
use ocop_tests::spawn_app;
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, Set};
use serde_json::Value;

#[tokio::test]
async fn a_shopper_follows_a_shop_once_and_the_shop_counts_its_followers() {
    let app = spawn_app().await;
    let (shop, _, _) = app.shop("HTX Trà hoa vàng Ba Chẽ", "Quảng Ninh").await;
    let (_, lan) = app.user("lan.theodoi@example.vn", Role::Shopper).await;
    let (_, minh) = app.user("minh.theodoi@example.vn", Role::Shopper).await;
    let put = |token: &str, path: &str| app.client.put(app.url(path)).bearer_auth(token.to_owned()).send();
    let delete = |token: &str, path: &str| app.client.delete(app.url(path)).bearer_auth(token.to_owned()).send();
    let path = format!("/api/v1/me/following/{shop}");

    assert_eq!(app.client.put(app.url(&path)).send().await.unwrap().status(), 401);
    for _ in 0..2 {
        assert_eq!(put(&lan, &path).await.unwrap().status(), 204, "following again changes nothing");
    }
    // Two at once make one row.
    let (a, b) = tokio::join!(put(&minh, &path), put(&minh, &path));
    assert_eq!((a.unwrap().status(), b.unwrap().status()), (StatusCode::NO_CONTENT, StatusCode::NO_CONTENT));
    let followed: Value = app.get_as(&lan, "/api/v1/me/following").await.json().await.unwrap();
    assert_eq!(followed[0]["slug"], shop.as_str());
    assert_eq!(followed[0]["followers"], 2);
    assert_eq!(put(&lan, "/api/v1/me/following/khong-co").await.unwrap().status(), 404);

    let guest = app.new_client();
    let html = app.page(&guest, &format!("/cua-hang/{shop}")).await;
    assert!(html.contains(r#"data-testid="followers">2 người theo dõi"#), "the shop page counts them");
    assert!(html.contains(r#"data-testid="follow-login""#), "a guest is asked to sign in");

    assert_eq!(delete(&lan, &path).await.unwrap().status(), 204);
    assert_eq!(delete(&lan, &path).await.unwrap().status(), 204, "not following: nothing changes");
    let followed: Value = app.get_as(&lan, "/api/v1/me/following").await.json().await.unwrap();
    assert_eq!(followed, serde_json::json!([]));
}

#[tokio::test]
async fn saved_products_are_listed_while_on_sale_and_the_buttons_work_without_javascript() {
    let app = spawn_app().await;
    let (shop, vendor, _) = app.shop("HTX Mật ong Hoành Bồ", "Quảng Ninh").await;
    let honey = app.live_product(&vendor, &shop, &product("Mật ong rừng Hoành Bồ", "MO-1", 250_000, 10)).await;
    let wax = app.live_product(&vendor, &shop, &product("Sáp ong Hoành Bồ", "SO-1", 90_000, 10)).await;
    let (user, token) = app.user("hoa.luu@example.vn", Role::Shopper).await;
    let client = app.signed_in(&user.email).await;

    // By the page's buttons.
    let honey_page = format!("/san-pham/{}", honey.product.slug);
    let html = app.page(&client, &honey_page).await;
    assert!(html.contains(r#"data-testid="save""#));
    let saved = app.post_form(&client, &honey_page, &format!("{honey_page}/luu"), &[("action", "on")]).await;
    assert_eq!(saved.status(), 303);
    assert!(app.page(&client, &honey_page).await.contains(r#"data-testid="unsave""#));
    let shop_page = format!("/cua-hang/{shop}");
    let followed = app.post_form(&client, &shop_page, &format!("{shop_page}/theo-doi"), &[("action", "on")]).await;
    assert_eq!(followed.status(), 303);
    assert!(app.page(&client, &shop_page).await.contains(r#"data-testid="unfollow""#));

    // By the API, then both on the page that lists them.
    let put = app.client.put(app.url(&format!("/api/v1/me/saved/{}", wax.product.slug))).bearer_auth(&token);
    assert_eq!(put.send().await.unwrap().status(), 204);
    let mine = app.page(&client, "/theo-doi").await;
    assert!(mine.contains("Mật ong rừng Hoành Bồ") && mine.contains("Sáp ong Hoành Bồ"));
    assert!(mine.contains(r#"data-testid="followed-shop""#) && mine.contains("HTX Mật ong Hoành Bồ"));

    // A product off sale (back under review) leaves the list, counted.
    let off = ocop_catalog::entity::product::ActiveModel {
        id: Set(wax.product.id),
        status: Set("submitted".into()),
        live: Set(false),
        ..Default::default()
    };
    off.update(&app.db).await.unwrap();
    let listed: Value = app.get_as(&token, "/api/v1/me/saved").await.json().await.unwrap();
    assert_eq!(listed["products"].as_array().unwrap().len(), 1);
    assert_eq!(listed["products"][0]["slug"], honey.product.slug.as_str());
    assert_eq!(listed["gone"], 1);
    let gone = app.client.put(app.url(&format!("/api/v1/me/saved/{}", wax.product.slug))).bearer_auth(&token);
    assert_eq!(gone.send().await.unwrap().status(), 404, "only what is on sale can be saved");

    let unsaved = app.post_form(&client, &honey_page, &format!("{honey_page}/luu"), &[("action", "off")]).await;
    assert_eq!(unsaved.status(), 303);
    let listed: Value = app.get_as(&token, "/api/v1/me/saved").await.json().await.unwrap();
    assert_eq!(listed["products"], serde_json::json!([]));
}
