//! Search over live listings: kept in step through the outbox, folded and exact matching,
//! facets and filters, suggestions, and bad queries that never become a 500.

use ocop_tests::fixtures::product;
use ocop_tests::{TestApp, spawn_app};
use serde_json::Value;

async fn search(app: &TestApp, query: &str) -> Value {
    let res = app.get(&format!("/api/v1/search?{query}")).await;
    assert_eq!(res.status(), 200, "{query}");
    res.json().await.unwrap()
}

/// Polls until `query` finds `slug` first: approval reaches the index through the outbox.
async fn until_found(app: &TestApp, query: &str, slug: &str) -> Value {
    ocop_tests::eventually(&format!("{slug} to appear for {query}"), async || {
        let body = search(app, query).await;
        body["hits"].as_array().unwrap().iter().any(|h| h["slug"] == slug).then_some(body)
    })
    .await
}

fn slugs(body: &Value) -> Vec<String> {
    body["hits"].as_array().unwrap().iter().map(|h| h["slug"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn approved_listings_become_findable_however_they_are_typed() {
    let app = spawn_app().await;
    let (shop, vendor, _) = app.shop("HTX Cái Rồng", "Quảng Ninh").await;
    let mut sauce = product("Nước mắm Cái Rồng", "NM-1", 120_000, 10);
    sauce.category = "thuc-pham".into();
    app.live_product(&vendor, &shop, &sauce).await;
    let mut tray = product("Mâm gỗ đựng trái cây", "MG-1", 300_000, 4);
    tray.category = "luu-niem-noi-that-trang-tri".into();
    app.live_product(&vendor, &shop, &tray).await;
    let (other, vendor2, _) = app.shop("HTX Miến", "Hà Giang").await;
    let mut noodles = product("Miến dong Bình Liêu", "MD-1", 85_000, 0);
    noodles.category = "thuc-pham".into();
    noodles.province = "Hà Giang".into();
    app.live_product(&vendor2, &other, &noodles).await;

    // All three approvals reach the index through the outbox before any ranking is judged.
    until_found(&app, "q=", "mam-go-dung-trai-cay").await;
    until_found(&app, "q=", "mien-dong-binh-lieu").await;
    let exact = until_found(&app, "q=nước+mắm+Cái+Rồng", "nuoc-mam-cai-rong").await;
    assert_eq!(slugs(&exact)[0], "nuoc-mam-cai-rong");
    let hit = &exact["hits"][0];
    assert_eq!(hit["sku"], "NM-1");
    assert_eq!(hit["price_vnd"], 120_000);
    assert_eq!(hit["shop"], shop);
    assert_eq!(hit["province"], "quang-ninh");
    assert_eq!(hit["category"], "thuc-pham");
    assert_eq!(hit["in_stock"], true);

    assert_eq!(slugs(&search(&app, "q=nuoc+mam+cai+rong").await)[0], "nuoc-mam-cai-rong", "without diacritics");
    assert_eq!(slugs(&search(&app, "q=nuoc+m%E1%BA%AFm").await)[0], "nuoc-mam-cai-rong", "with some");
    // mắm and mâm fold alike; the exact diacritics win.
    assert_eq!(slugs(&search(&app, "q=m%C3%A2m").await)[0], "mam-go-dung-trai-cay");
    assert_eq!(slugs(&search(&app, "q=m%E1%BA%AFm").await)[0], "nuoc-mam-cai-rong");
    // Half-typed, and a province that merged in 2025.
    assert_eq!(slugs(&search(&app, "q=mi%E1%BA%BFn+d").await)[0], "mien-dong-binh-lieu");
    assert_eq!(
        slugs(&search(&app, "q=Tuy%C3%AAn+Quang").await)[0],
        "mien-dong-binh-lieu",
        "Hà Giang is now Tuyên Quang"
    );

    let filtered = search(&app, "q=&province=H%C3%A0+Giang").await;
    assert_eq!(slugs(&filtered), vec!["mien-dong-binh-lieu"]);
    assert_eq!(filtered["hits"][0]["in_stock"], false);
    let all = search(&app, "q=").await;
    assert_eq!(all["total"], 3);
    assert_eq!(all["facets"]["category"]["thuc-pham"], 2);
    assert_eq!(all["facets"]["province"]["quang-ninh"], 2);
    let cheap = search(&app, "sort=price_asc").await;
    assert_eq!(slugs(&cheap)[0], "mien-dong-binh-lieu");
    let range = search(&app, "min_price=100000&max_price=200000").await;
    assert_eq!(slugs(&range), vec!["nuoc-mam-cai-rong"]);

    let suggest: Value = app.get("/api/v1/suggest?q=mien+d").await.json().await.unwrap();
    assert_eq!(suggest["suggestions"][0]["slug"], "mien-dong-binh-lieu");
    assert_eq!(suggest["suggestions"][0]["text"], "Miến dong Bình Liêu");
}

#[tokio::test]
async fn a_listing_that_stops_being_live_leaves_the_index() {
    let app = spawn_app().await;
    let (shop, vendor, token) = app.shop("HTX Rời", "Quảng Ninh").await;
    let live = app.live_product(&vendor, &shop, &product("Trà rời", "TR-1", 50_000, 3)).await;
    until_found(&app, "q=tra+roi", "tra-roi").await;
    // A price change reaches the index too.
    let res = app
        .client
        .patch(app.url(&format!("/api/v1/shops/{shop}/products/TR-1")))
        .bearer_auth(&token)
        .json(&serde_json::json!({"price_vnd": 45_000}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    ocop_tests::eventually("the new price in the index", async || {
        (search(&app, "q=tra+roi").await["hits"][0]["price_vnd"] == 45_000).then_some(())
    })
    .await;
    // Unpublished directly in the database (as a takedown would): a refresh drops it.
    use sea_orm::{ActiveModelTrait, Set};
    let mut active: ocop_catalog::entity::product::ActiveModel = live.product.clone().into();
    active.live = Set(false);
    active.update(&app.db).await.unwrap();
    ocop_catalog::outbox::enqueue(
        &app.db,
        ocop_catalog::outbox::PRODUCT_CHANGED,
        serde_json::json!({"product_id": live.product.id}),
    )
    .await
    .unwrap();
    ocop_tests::eventually("the unpublished listing to leave the index", async || {
        (search(&app, "q=tra+roi").await["total"] == 0).then_some(())
    })
    .await;
}

#[tokio::test]
async fn malformed_queries_get_results_or_a_clear_error_never_a_500() {
    let app = spawn_app().await;
    for q in
        ["%22unbalanced", "%00%01%07", "%CC%81%CC%81", "mie%CC%82%CC%81n", "*:*", "AND+OR+NOT", "(((", "%F0%9F%8D%B5"]
    {
        let res = app.get(&format!("/api/v1/search?q={q}")).await;
        assert_eq!(res.status(), 200, "{q}");
    }
    let long = "a".repeat(10_000);
    let res = app.get(&format!("/api/v1/search?q={long}")).await;
    assert_eq!(res.status(), 422);
    assert!(res.json::<Value>().await.unwrap()["error"]["fields"]["q"].is_string());
    let res = app.get("/api/v1/search?min_stars=9&sort=cheapest&page=-1").await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    for field in ["min_stars", "sort", "page"] {
        assert!(body["error"]["fields"][field].is_string(), "{field}");
    }
}

#[tokio::test]
async fn the_search_page_shows_results_facets_and_a_clear_message_on_none() {
    let app = spawn_app().await;
    let (shop, vendor, _) = app.shop("HTX Trang", "Quảng Ninh").await;
    app.live_product(&vendor, &shop, &product("Trà hoa vàng Ba Chẽ", "THV", 450_000, 9)).await;
    until_found(&app, "q=tra+hoa+vang", "tra-hoa-vang-ba-che").await;
    let html = app.get("/tim-kiem?q=tra+hoa+vang").await.text().await.unwrap();
    assert!(html.contains("<mark>Trà hoa vàng</mark> Ba Chẽ") && html.contains("450.000 ₫"), "matched words marked");
    assert!(html.contains("Đồ uống") && html.contains("Quảng Ninh"), "facets");
    assert!(html.contains("value=\"tra hoa vang\""), "the search box keeps the query");
    let none = app.get("/tim-kiem?q=xe+m%C3%A1y").await.text().await.unwrap();
    assert!(none.contains("Không tìm thấy sản phẩm phù hợp"));
    let res = app.get(&format!("/tim-kiem?q={}", "x".repeat(500))).await;
    assert_eq!(res.status(), 422);
}

#[tokio::test]
async fn most_of_the_words_must_match() {
    let app = spawn_app().await;
    let (shop, vendor, _) = app.shop("HTX Từ", "Quảng Ninh").await;
    app.live_product(&vendor, &shop, &product("Trà hoa vàng Ba Chẽ", "T-1", 450_000, 9)).await;
    // ("Hoa quả" would be a kind of good, fruit, which Mít sấy dẻo is.)
    app.live_product(&vendor, &shop, &product("Hoa atiso sấy", "H-1", 90_000, 9)).await;
    app.live_product(&vendor, &shop, &product("Mít sấy dẻo", "M-1", 70_000, 9)).await;
    until_found(&app, "q=", "tra-hoa-vang-ba-che").await;
    until_found(&app, "q=", "hoa-atiso-say").await;
    until_found(&app, "q=", "mit-say-deo").await;
    // "hoa" alone is in both; "trà hoa vàng" needs two of its three words.
    assert_eq!(slugs(&search(&app, "q=tr%C3%A0+hoa+v%C3%A0ng").await), vec!["tra-hoa-vang-ba-che"]);
    // One stray word does not empty the results.
    assert_eq!(slugs(&search(&app, "q=tr%C3%A0+hoa+v%C3%A0ng+ngon").await)[0], "tra-hoa-vang-ba-che");
    assert_eq!(search(&app, "q=tr%C3%A0+hoa+v%C3%A0ng").await["partial"], false);
    // A word the catalogue does not have at all ("sữa"): rather than an empty page, what
    // matches the rest, said to be a partial match.
    let body = search(&app, "q=tr%C3%A0+s%E1%BB%AFa").await;
    assert_eq!((slugs(&body), &body["partial"]), (vec!["tra-hoa-vang-ba-che".to_owned()], &Value::Bool(true)));
    let html = app.get("/tim-kiem?q=tr%C3%A0+s%E1%BB%AFa").await.text().await.unwrap();
    assert!(html.contains("data-testid=\"partial-match\"") && html.contains("khớp một phần"), "{html}");
    assert!(!app.get("/tim-kiem?q=tr%C3%A0+hoa").await.text().await.unwrap().contains("partial-match"));
    // A long query whose full matches do not fill the page: they come first, then what
    // matches half its words, under a heading of its own ("trà" alone is not enough).
    let body = search(&app, "q=hoa+atiso+s%E1%BA%A5y+d%E1%BA%BBo").await;
    assert_eq!(
        (slugs(&body), &body["partial_from"], &body["partial"], &body["total"]),
        (
            vec!["hoa-atiso-say".to_owned(), "mit-say-deo".to_owned()],
            &Value::from(1),
            &Value::Bool(false),
            &Value::from(2)
        )
    );
    let html = app.get("/tim-kiem?q=hoa+atiso+s%E1%BA%A5y+d%E1%BA%BBo").await.text().await.unwrap();
    let (full, more) = html.split_once("data-testid=\"partial-more\"").expect("a heading before the partial matches");
    assert!(full.contains("hoa-atiso-say") && !full.contains("mit-say-deo") && more.contains("mit-say-deo"), "{html}");
    assert!(more.contains("Khớp một phần các từ bạn gõ") && !html.contains("data-testid=\"partial-match\""), "{html}");
    assert_eq!(search(&app, "q=hoa+atiso+s%E1%BA%A5y").await.get("partial_from"), None);
    // Nothing at all: no partial answer, the page says none was found.
    let none = search(&app, "q=xe+m%C3%A1y").await;
    assert_eq!((&none["total"], &none["partial"]), (&Value::from(0), &Value::Bool(false)));
}

/// A kind of good asked for by what it is ("trái cây", "hải sản khô") finds the goods
/// whose names say they are of it, though no name has those words.
#[tokio::test]
async fn kinds_of_good_are_found_by_what_they_are() {
    let app = spawn_app().await;
    let (shop, vendor, _) = app.shop("HTX Đặc sản Miền Tây", "Cà Mau").await;
    let food = |name: &str, sku: &str| ocop_catalog::input::ProductInput {
        category: "thuc-pham".into(),
        province: "Cà Mau".into(),
        ..product(name, sku, 150_000, 9)
    };
    app.live_product(&vendor, &shop, &food("Xoài cát Hòa Lộc", "X-1")).await;
    app.live_product(&vendor, &shop, &food("Khô cá lóc U Minh", "K-1")).await;
    app.live_product(&vendor, &shop, &product("Rượu mơ Yên Tử", "R-1", 200_000, 9)).await;
    for slug in ["xoai-cat-hoa-loc", "kho-ca-loc-u-minh", "ruou-mo-yen-tu"] {
        until_found(&app, "q=", slug).await;
    }
    // A wine made of apricots is not fruit; typed bare it is the same kind.
    assert_eq!(slugs(&search(&app, "q=tr%C3%A1i+c%C3%A2y").await), vec!["xoai-cat-hoa-loc"]);
    assert_eq!(slugs(&search(&app, "q=trai+cay").await), vec!["xoai-cat-hoa-loc"]);
    // The kind is one word of the query; the others still apply.
    assert_eq!(slugs(&search(&app, "q=h%E1%BA%A3i+s%E1%BA%A3n+kh%C3%B4").await), vec!["kho-ca-loc-u-minh"]);
    let html = app.get("/tim-kiem?q=tr%C3%A1i+c%C3%A2y").await.text().await.unwrap();
    assert!(html.contains("Xoài cát Hòa Lộc") && !html.contains("Rượu mơ Yên Tử"), "{html}");
}

/// A search that finds fewer goods than a page goes on, after them and under a heading,
/// with their kin: the same good from elsewhere ("nước mắm" asked of Kiên Giang, then that
/// of Quảng Ninh), never a look-alike of another trade ("mâm" for "mắm"). They fill the page
/// and are not counted as found.
#[tokio::test]
async fn few_matches_go_on_with_their_kin() {
    let app = spawn_app().await;
    let (south, south_vendor, _) = app.shop("HTX Nước mắm Phú Quốc", "Kiên Giang").await;
    let (north, north_vendor, _) = app.shop("HTX Cái Rồng", "Quảng Ninh").await;
    let of = |name: &str, sku: &str, category: &str, province: &str| ocop_catalog::input::ProductInput {
        category: category.into(),
        province: province.into(),
        ..product(name, sku, 150_000, 9)
    };
    app.live_product(&south_vendor, &south, &of("Nước mắm Phú Quốc", "NM-PQ", "thuc-pham", "Kiên Giang")).await;
    app.live_product(&north_vendor, &north, &of("Nước mắm Cái Rồng", "NM-CR", "thuc-pham", "Quảng Ninh")).await;
    let tray = of("Mâm đồng chạm khắc", "MD-1", "luu-niem-noi-that-trang-tri", "Quảng Ninh");
    app.live_product(&north_vendor, &north, &tray).await;
    for slug in ["nuoc-mam-phu-quoc", "nuoc-mam-cai-rong", "mam-dong-cham-khac"] {
        until_found(&app, "q=", slug).await;
    }
    let q = "q=n%C6%B0%E1%BB%9Bc+m%E1%BA%AFm+Ki%C3%AAn+Giang";
    let body = search(&app, q).await;
    assert_eq!(
        (slugs(&body), &body["total"], &body["kin_from"], &body["partial_from"]),
        (
            vec!["nuoc-mam-phu-quoc".to_owned(), "nuoc-mam-cai-rong".to_owned()],
            &Value::from(1),
            &Value::from(1),
            &Value::from(1)
        )
    );
    // The same good asked for fully has no kin to add; a look-alike is never one.
    let mam = search(&app, "q=n%C6%B0%E1%BB%9Bc+m%E1%BA%AFm").await;
    assert_eq!((mam["total"].as_u64(), mam.get("kin_from")), (Some(2), None));
    let html = app.get(&format!("/tim-kiem?{q}")).await.text().await.unwrap();
    let (found, kin) = html.split_once("data-testid=\"kin\"").expect("a heading before the kin");
    // Names carry their matched words in <mark>: the cards are told apart by their links.
    assert!(found.contains("/san-pham/nuoc-mam-phu-quoc") && !found.contains("nuoc-mam-cai-rong"), "{html}");
    assert!(kin.contains("Sản phẩm cùng loại") && kin.contains("/san-pham/nuoc-mam-cai-rong"), "{html}");
    assert!(!html.contains("mam-dong-cham-khac") && !html.contains("data-testid=\"partial-more\""), "{html}");
}

#[tokio::test]
async fn telex_vni_and_star_words_are_understood() {
    let app = spawn_app().await;
    let (shop_slug, vendor, _) = app.shop("HTX Gõ", "Quảng Ninh").await;
    let sauce = app.live_product(&vendor, &shop_slug, &product("Nước mắm Cái Rồng", "NM", 120_000, 5)).await;
    app.live_product(&vendor, &shop_slug, &product("Miến dong Bình Liêu", "MD", 85_000, 5)).await;
    let (admin, _) = app.admin().await;
    let shop = ocop_catalog::shops::by_slug(&app.db, &shop_slug).await.unwrap();
    let input = ocop_catalog::certificates::CertificateInput {
        stars: 4,
        decision_number: "44/QĐ-UBND".into(),
        decision_date: "2025-05-05".into(),
        authority: "UBND tỉnh Quảng Ninh".into(),
    };
    let cert = ocop_catalog::certificates::record(&app.db, &admin.actor(), &shop, &input, true).await.unwrap();
    ocop_catalog::certificates::attach(&app.db, &shop, cert.id, sauce.product.id).await.unwrap();
    ocop_catalog::outbox::enqueue(
        &app.db,
        ocop_catalog::outbox::PRODUCT_CHANGED,
        serde_json::json!({"product_id": sauce.product.id}),
    )
    .await
    .unwrap();
    until_found(&app, "q=", "mien-dong-binh-lieu").await;
    ocop_tests::eventually("the certificate's stars in the index", async || {
        (search(&app, "min_stars=4").await["total"] == 1).then_some(())
    })
    .await;

    assert_eq!(slugs(&search(&app, "q=nuwowcs+mawms").await)[0], "nuoc-mam-cai-rong", "Telex");
    // Regional slips: d/gi, ng/n.
    assert_eq!(slugs(&search(&app, "q=mi%E1%BA%BFn+giong").await)[0], "mien-dong-binh-lieu", "d/gi");
    assert_eq!(slugs(&search(&app, "q=mi%E1%BA%BFng+dong").await)[0], "mien-dong-binh-lieu", "n/ng");
    assert_eq!(slugs(&search(&app, "q=mie61n+dong").await)[0], "mien-dong-binh-lieu", "VNI");
    assert_eq!(slugs(&search(&app, "q=OCOP+4+sao").await), vec!["nuoc-mam-cai-rong"], "star words filter");
    assert_eq!(search(&app, "q=OCOP+5+sao").await["total"], 0);
    assert_eq!(slugs(&search(&app, "q=%C4%91%E1%BA%B7c+s%E1%BA%A3n+mi%E1%BA%BFn").await)[0], "mien-dong-binh-lieu");
}

#[tokio::test]
async fn both_tone_placements_count_as_the_exact_word() {
    let app = spawn_app().await;
    let (shop, vendor, _) = app.shop("HTX Dấu", "Quảng Ninh").await;
    // Old-style placement in the listing, new-style in the query, and a folded look-alike.
    app.live_product(&vendor, &shop, &product("Trà Hòa Bình", "HB", 90_000, 5)).await;
    app.live_product(&vendor, &shop, &product("Trà hoa cúc", "HC", 80_000, 5)).await;
    until_found(&app, "q=", "tra-hoa-binh").await;
    until_found(&app, "q=", "tra-hoa-cuc").await;
    assert_eq!(slugs(&search(&app, "q=ho%C3%A0").await)[0], "tra-hoa-binh", "hoà (new style) matches Hòa exactly");
    assert_eq!(slugs(&search(&app, "q=h%C3%B2a").await)[0], "tra-hoa-binh", "and so does hòa");
    assert_eq!(slugs(&search(&app, "q=hoa+c%C3%BAc").await)[0], "tra-hoa-cuc");
}

#[tokio::test]
async fn words_typed_together_rank_listings_that_have_them_together() {
    let app = spawn_app().await;
    let (shop, vendor, _) = app.shop("HTX Gần", "Quảng Ninh").await;
    let (other, vendor2, _) = app.shop("HTX Xa", "Quảng Ninh").await;
    // The shorter name would win on length alone; the words in order must win instead.
    app.live_product(&vendor, &shop, &product("Hoa trà vàng", "A", 90_000, 5)).await;
    app.live_product(&vendor2, &other, &product("Trà hoa vàng Ba Chẽ loại một", "B", 90_000, 5)).await;
    until_found(&app, "q=", "hoa-tra-vang").await;
    until_found(&app, "q=", "tra-hoa-vang-ba-che-loai-mot").await;
    assert_eq!(slugs(&search(&app, "q=tr%C3%A0+hoa+v%C3%A0ng").await)[0], "tra-hoa-vang-ba-che-loai-mot");
}

#[tokio::test]
async fn hits_show_what_matched_and_no_results_offer_something_else() {
    let app = spawn_app().await;
    let (shop, vendor, _) = app.shop("HTX Đánh <dấu>", "Hà Giang").await;
    let mut honey = product("Mật ong bạc hà <Mèo Vạc>", "MO", 280_000, 5);
    honey.province = "Hà Giang".into();
    app.live_product(&vendor, &shop, &honey).await;
    let (other, vendor2, _) = app.shop("HTX Hạ Long", "Quảng Ninh").await;
    app.live_product(&vendor2, &other, &product("Chả mực Hạ Long", "CM", 480_000, 5)).await;
    until_found(&app, "q=", "mat-ong-bac-ha-meo-vac").await;
    until_found(&app, "q=", "cha-muc-ha-long").await;

    let body = search(&app, "q=maatj+ong").await;
    assert_eq!(body["hits"][0]["name_highlighted"], "<mark>Mật ong</mark> bạc hà &lt;Mèo Vạc&gt;");
    let html = app.get("/tim-kiem?q=m%E1%BA%ADt+ong").await.text().await.unwrap();
    assert!(html.contains("<mark>Mật ong</mark> bạc hà &lt;Mèo Vạc&gt;"), "the page marks, and escapes the rest");

    // A gift from a place and a former province are places, not words to find.
    assert_eq!(slugs(&search(&app, "q=qu%C3%A0+H%E1%BA%A1+Long").await), vec!["cha-muc-ha-long"]);
    assert_eq!(
        slugs(&search(&app, "q=%C4%91%E1%BA%B7c+s%E1%BA%A3n+H%C3%A0+Giang").await),
        vec!["mat-ong-bac-ha-meo-vac"]
    );

    // Nothing found with a filter on: listings to try instead and a way out of the filter.
    let none = search(&app, "q=m%E1%BA%ADt+ong+xe&province=quang-ninh").await;
    assert_eq!(none["total"], 0);
    assert_eq!(none["suggestions"][0]["slug"], "mat-ong-bac-ha-meo-vac");
    let html = app.get("/tim-kiem?q=m%E1%BA%ADt+ong+xe&province=quang-ninh").await.text().await.unwrap();
    assert!(
        html.contains("data-testid=\"without-filters\"") && html.contains("/san-pham/mat-ong-bac-ha-meo-vac"),
        "{html}"
    );
}

/// Waits until no process holds the writer of generation `name` (a stopped gateway's
/// workers let go of it shortly after the server stops).
async fn until_released(store: &ocop_search::Store, name: &str) {
    ocop_tests::eventually(&format!("generation {name} to be let go"), async || (!store.in_use(name)).then_some(()))
        .await;
}

#[tokio::test]
async fn a_generation_of_another_schema_version_is_rebuilt_at_start() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().display().to_string();
    let app = ocop_tests::spawn_app_with(&[("OCOP_DATA_DIR", &dir)]).await;
    let (shop, vendor, _) = app.shop("HTX Nâng Cấp", "Quảng Ninh").await;
    app.live_product(&vendor, &shop, &product("Chè nâng cấp", "CN-1", 60_000, 5)).await;
    until_found(&app, "q=che+nang+cap", "che-nang-cap").await;
    let store = ocop_gateway::state::search_store(&app.state.config);
    let first = app.state.search.generation().expect("an on-disk generation in service");
    assert_eq!(store.current_name().as_deref(), Some(first.as_str()));
    app.stop().await;
    until_released(&store, &first).await;

    // As if written by an older release.
    let meta_path = store.root().join(&first).join(ocop_search::store::META);
    let mut meta: Value = serde_json::from_str(&std::fs::read_to_string(&meta_path).unwrap()).unwrap();
    meta["schema_version"] = (ocop_search::SCHEMA_VERSION - 1).into();
    std::fs::write(&meta_path, meta.to_string()).unwrap();

    let app = ocop_tests::spawn_app_with(&[("OCOP_DATA_DIR", &dir)]).await;
    let second = app.state.search.generation().expect("an on-disk generation in service");
    assert_ne!(second, first, "a fresh generation was built");
    assert_eq!(store.current_name().as_deref(), Some(second.as_str()));
    assert_eq!(store.meta(&second).unwrap().schema_version, ocop_search::SCHEMA_VERSION);
    assert!(!store.root().join(&first).exists(), "the stale generation is removed");
    if app.backend == "sqlite" {
        // Same database: the listing is in the rebuilt index.
        assert_eq!(slugs(&search(&app, "q=che+nang+cap").await)[0], "che-nang-cap");
    }
}

#[tokio::test]
async fn a_running_gateway_switches_to_a_reindexed_generation_while_answering() {
    let app = spawn_app().await;
    let (shop, vendor, _) = app.shop("HTX Đổi Chỉ Mục", "Quảng Ninh").await;
    app.live_product(&vendor, &shop, &product("Mật ong hoa nhãn", "MO-1", 150_000, 5)).await;
    until_found(&app, "q=mat+ong", "mat-ong-hoa-nhan").await;
    let before = app.state.search.generation().expect("an on-disk generation in service");

    // Queries keep coming throughout; every one must answer and find the listing.
    let (stop_tx, mut stop_rx) = tokio::sync::watch::channel(false);
    let client = app.new_client();
    let url = app.url("/api/v1/search?q=mat+ong");
    let load = tokio::spawn(async move {
        let mut answered = 0;
        while !*stop_rx.borrow_and_update() {
            let res = client.get(&url).send().await.unwrap();
            assert_eq!(res.status(), 200);
            let body: Value = res.json().await.unwrap();
            assert!(body["hits"].as_array().unwrap().iter().any(|h| h["slug"] == "mat-ong-hoa-nhan"), "{body}");
            answered += 1;
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        answered
    });

    // What `ocop reindex` does, from outside the gateway's own worker.
    let store = ocop_gateway::state::search_store(&app.state.config);
    let generation = store.build(&app.db, &|_, _| {}).await.unwrap();
    let built = generation.name.clone();
    drop(generation);
    // A change after the build: the gateway catches the new generation up before use.
    app.live_product(&vendor, &shop, &product("Mật ong rừng", "MO-2", 200_000, 5)).await;
    store.swap(&built).unwrap();

    ocop_tests::eventually(&format!("the gateway to switch from {before} to {built}"), async || {
        (app.state.search.generation().as_deref() == Some(built.as_str())).then_some(())
    })
    .await;
    until_found(&app, "q=mat+ong+rung", "mat-ong-rung").await;
    stop_tx.send(true).unwrap();
    let answered = load.await.unwrap();
    assert!(answered > 10, "only {answered} queries ran during the switch");
    ocop_tests::eventually(&format!("the replaced generation {before} to be removed"), async || {
        (!store.root().join(&before).exists()).then_some(())
    })
    .await;
}

#[tokio::test]
async fn a_reindex_read_and_indexed_side_by_side_equals_one_built_in_a_single_pass() {
    let app = spawn_app().await;
    // More than two of the build's database pages, so pages queue up between the reader
    // and the indexer.
    let (catalogue, judgments) = ocop_search::eval::dev_set().unwrap();
    let mut listings = Vec::new();
    for copy in 0..30 {
        for l in &catalogue.listings {
            let mut l = l.clone();
            l.slug = format!("{}-{copy}", l.slug);
            l.sku = format!("{}-{copy}", l.sku);
            l.shop_slug = format!("{}-{}", l.shop_slug, copy % 7);
            listings.push(l);
        }
    }
    ocop_demo::search_set::load(&app.db, &listings).await.unwrap();

    let store = ocop_gateway::state::search_store(&app.state.config);
    let seen = std::sync::Mutex::new((0_u64, 0_u64));
    let generation = store
        .build(&app.db, &|done, total| {
            let mut s = seen.lock().unwrap();
            assert!(done >= s.0, "progress goes forward");
            *s = (done, total);
        })
        .await
        .unwrap();
    assert_eq!(generation.meta.documents, listings.len() as u64);
    assert_eq!(*seen.lock().unwrap(), (listings.len() as u64, listings.len() as u64));

    let single = ocop_search::SearchIndex::in_memory().unwrap();
    single.rebuild(&app.db).await.unwrap();
    assert_eq!(generation.index.documents(), single.documents());
    let mut queries: Vec<String> = judgments.queries.iter().map(|j| j.q.clone()).collect();
    queries.push(String::new());
    for q in queries {
        for sort in [ocop_search::SearchSort::Relevance, ocop_search::SearchSort::PriceAsc] {
            let params = ocop_search::SearchParams { q: q.clone(), sort, page: 1, per_page: 30, ..Default::default() };
            let (a, b) = (generation.index.search(&params).unwrap(), single.search(&params).unwrap());
            assert_eq!((a.total, &a.facets), (b.total, &b.facets), "{q}");
            let view = |r: &ocop_search::Results| -> Vec<(String, String, i64, bool, Option<u64>)> {
                r.hits.iter().map(|h| (h.slug.clone(), h.sku.clone(), h.price_vnd, h.in_stock, h.ocop_stars)).collect()
            };
            assert_eq!(view(&a), view(&b), "{q}");
        }
    }
}

/// A number from the Prometheus text, 0 when the line is missing.
fn metric(text: &str, name: &str) -> f64 {
    text.lines()
        .find_map(|l| l.strip_prefix(name).and_then(|rest| rest.strip_prefix(' ')))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0.0)
}

#[tokio::test]
async fn repeated_searches_come_from_the_cache_until_the_listing_changes() {
    let app = spawn_app().await;
    let (shop, vendor, token) = app.shop("HTX Bộ Nhớ", "Quảng Ninh").await;
    app.live_product(&vendor, &shop, &product("Trà bộ nhớ", "TB-1", 50_000, 3)).await;
    until_found(&app, "q=tra+bo+nho", "tra-bo-nho").await;
    let before = app.get("/metrics").await.text().await.unwrap();
    for q in
        ["q=tr%C3%A0+b%E1%BB%99+nh%E1%BB%9B", "q=TR%C3%80++B%E1%BB%98+NH%E1%BB%9A", "q=tr%C3%A0+b%E1%BB%99+nh%E1%BB%9B"]
    {
        assert_eq!(search(&app, q).await["hits"][0]["price_vnd"], 50_000);
    }
    let after = app.get("/metrics").await.text().await.unwrap();
    let hits = metric(&after, "ocop_search_cache_hits_total") - metric(&before, "ocop_search_cache_hits_total");
    assert!(hits >= 2.0, "{after}");
    assert!(metric(&after, "ocop_search_cache_entries") >= 1.0, "{after}");
    // Searches answered by joining the same one already running are counted too.
    assert!(after.lines().any(|l| l.starts_with("ocop_search_joined_total ")), "{after}");

    // The change reaches the index through the outbox; the cached answer goes with it.
    let res = app
        .client
        .patch(app.url(&format!("/api/v1/shops/{shop}/products/TB-1")))
        .bearer_auth(&token)
        .json(&serde_json::json!({"price_vnd": 45_000}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    ocop_tests::eventually("the cached answer to give way to the change", async || {
        (search(&app, "q=tr%C3%A0+b%E1%BB%99+nh%E1%BB%9B").await["hits"][0]["price_vnd"] == 45_000).then_some(())
    })
    .await;
}
