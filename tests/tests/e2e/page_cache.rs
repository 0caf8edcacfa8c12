//! The guest page cache (issue 20): a storefront page rendered for one guest is served to
//! the next with their own CSRF token, never to a signed-in person or a guest with a cart,
//! and is built again as soon as the search index moves (a price change through the
//! outbox) or this instance answers a write (a question), however long pages are kept.

use ocop_accounts::Role;
use ocop_catalog::products::{self, VariantChange};
use ocop_core::Sku;
use ocop_tests::fixtures::product;
use ocop_tests::{eventually, extract_csrf, spawn_app_with};

#[tokio::test]
async fn guests_share_a_kept_page_with_their_own_token_until_the_listing_changes() {
    // Ten minutes: only the index moving can bring the new price in time.
    let app = spawn_app_with(&[("OCOP_PAGE_CACHE_MS", "600000")]).await;
    let (shop, vendor, _) = app.shop("HTX Trà hoa vàng Ba Chẽ", "Quảng Ninh").await;
    let listing =
        app.live_product(&vendor, &shop, &product("Trà hoa vàng Ba Chẽ hộp 100 g", "THV-100", 450_000, 30)).await;
    let path = format!("/san-pham/{}", listing.product.slug);
    // The live listing reaches the index first, so the pages below are kept under a stamp
    // that moves only with the price change.
    eventually("the listing is in search", async || {
        let res = app.get("/api/v1/search?q=tra%20hoa%20vang").await.text().await.unwrap();
        res.contains(&listing.product.slug).then_some(())
    })
    .await;

    let (lan, minh) = (app.new_client(), app.new_client());
    let first = app.page(&lan, &path).await;
    let second = app.page(&minh, &path).await;
    assert!(first.contains("450.000 ₫") && second.contains("450.000 ₫"));
    let (lan_token, minh_token) = (extract_csrf(&first).unwrap(), extract_csrf(&second).unwrap());
    assert_ne!(lan_token, minh_token, "each guest gets the page with their own token");
    assert!(!second.contains("csrfslot"), "no placeholder is left in a kept page");
    let metrics = app.get("/metrics").await.text().await.unwrap();
    assert!(metrics.contains("ocop_page_cache_hits_total 1"), "the second guest was served the kept page");

    // The kept page's form works for the guest it was served to; with a cart, pages are built for them.
    let added = minh
        .post(app.url("/gio-hang/them"))
        .form(&[("sku", "THV-100"), ("shop", shop.as_str()), ("quantity", "1"), ("csrf_token", &minh_token)])
        .send()
        .await
        .unwrap();
    assert_eq!(added.status(), 303);
    assert!(
        app.page(&minh, &path)
            .await
            .contains(r#"<span class="badge" data-testid="cart-count" aria-hidden="true">1</span>"#),
        "a guest with a cart gets their own page, badge included"
    );

    // A signed-in shopper always gets a page built for them, and never leaves it to guests.
    let (hoa, _) = app.user("hoa.khach@example.vn", Role::Shopper).await;
    let signed_in = app.signed_in(&hoa.email).await;
    assert!(app.page(&signed_in, &path).await.contains("hoa.khach"));
    assert!(!app.page(&app.new_client(), &path).await.contains("hoa.khach"));

    // A new price goes through the outbox into the index: the next guest sees it.
    let change = VariantChange { price_vnd: Some(470_000), compare_at_vnd: None, stock: None };
    products::change_variant(&app.db, &vendor, &shop, &Sku::parse("THV-100").unwrap(), &change).await.unwrap();
    eventually("the kept page is built again with the new price", async || {
        let html = app.page(&app.new_client(), &path).await;
        html.contains("470.000 ₫").then_some(())
    })
    .await;

    // Taken off sale: once the index moves, every guest gets 404, not the old copy.
    let off = ocop_catalog::entity::product::ActiveModel {
        id: sea_orm::Set(listing.product.id),
        live: sea_orm::Set(false),
        status: sea_orm::Set("submitted".into()),
        ..Default::default()
    };
    sea_orm::ActiveModelTrait::update(off, &app.db).await.unwrap();
    ocop_catalog::outbox::enqueue(
        &app.db,
        ocop_catalog::outbox::PRODUCT_CHANGED,
        serde_json::json!({"product_id": listing.product.id}),
    )
    .await
    .unwrap();
    eventually("the page is gone for guests", async || {
        (app.new_client().get(app.url(&path)).send().await.unwrap().status() == 404).then_some(())
    })
    .await;
    for _ in 0..3 {
        assert_eq!(
            app.new_client().get(app.url(&path)).send().await.unwrap().status(),
            404,
            "no guest gets the old copy"
        );
    }
}

#[tokio::test]
async fn a_write_this_instance_answered_shows_on_the_next_guest_view() {
    // Ten minutes: a question does not go through the outbox, so only the write counts.
    let app = spawn_app_with(&[("OCOP_PAGE_CACHE_MS", "600000")]).await;
    let (shop, vendor, _) = app.shop("HTX Miến dong Bình Liêu", "Quảng Ninh").await;
    let listing = app.live_product(&vendor, &shop, &product("Miến dong Bình Liêu 500 g", "MD-500", 95_000, 20)).await;
    let path = format!("/san-pham/{}", listing.product.slug);
    // The approval's outbox entry reaches the index first: the stamp stays put below.
    eventually("the listing is in search", async || {
        let res = app.get("/api/v1/search?q=mien%20dong").await.text().await.unwrap();
        res.contains(&listing.product.slug).then_some(())
    })
    .await;
    for _ in 0..2 {
        assert!(!app.page(&app.new_client(), &path).await.contains("Miến có bị nát khi nấu không?"));
    }
    let (_, token) = app.user("hoi.khach@example.vn", Role::Shopper).await;
    let asked = app
        .post_json_as(
            &token,
            &format!("/api/v1/products/{}/questions", listing.product.slug),
            &serde_json::json!({"body": "Miến có bị nát khi nấu không?"}),
        )
        .await;
    assert_eq!(asked.status(), 201);
    assert!(app.page(&app.new_client(), &path).await.contains("Miến có bị nát khi nấu không?"));
    // A refused write changes nothing, so it keeps the kept page.
    let before = app.get("/metrics").await.text().await.unwrap();
    let refused = app
        .post_json_as(
            &token,
            &format!("/api/v1/products/{}/questions", listing.product.slug),
            &serde_json::json!({"body": ""}),
        )
        .await;
    assert_eq!(refused.status(), 422);
    app.page(&app.new_client(), &path).await;
    let hits = |text: &str| text.lines().find(|l| l.starts_with("ocop_page_cache_hits_total")).map(str::to_owned);
    let after = app.get("/metrics").await.text().await.unwrap();
    assert_ne!(hits(&before), hits(&after), "served from the kept page");
}
