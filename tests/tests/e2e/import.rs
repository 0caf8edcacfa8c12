//! Bulk import: all-or-nothing, a row-by-row report, updates by (shop, sku).

use ocop_catalog::entity::{audit, certificate, product, shop, variant};
use ocop_catalog::import::{self, Options};
use ocop_tests::spawn_app;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::Value;

const HEADER: &str = "sku,name,variant,description,category,province,ocop_stars,price_vnd,stock,unit,weight_grams,certificate_number,certificate_date,certificate_authority";

async fn post_import(
    app: &ocop_tests::TestApp,
    token: &str,
    shop: &str,
    body: impl Into<reqwest::Body>,
) -> (u16, Value) {
    let res = app
        .client
        .post(app.url(&format!("/api/v1/shops/{shop}/import")))
        .bearer_auth(token)
        .body(body)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

#[tokio::test]
async fn a_file_with_bad_rows_writes_nothing_and_names_each_problem() {
    let app = spawn_app().await;
    let (shop, _, token) = app.shop("HTX Nhập", "Quảng Ninh").await;
    let csv = format!(
        "{HEADER}\n\
         THV-50,Trà hoa vàng,Hộp 50 g,Trà quý,do-uong,Quảng Ninh,5,350000,10,hộp,80,12/QĐ-UBND,2025-01-10,UBND tỉnh Quảng Ninh\n\
         THV-100,Trà hoa vàng,Hộp 100 g,Trà quý,do-uong,Quảng Ninh,5,\"650000,5\",10,hộp,150,12/QĐ-UBND,2025-01-10,UBND tỉnh Quảng Ninh\n\
         MD-1,Miến dong,,Miến,điện tử,Atlantis,,90000,-3,gói,500,,,\n\
         THV-50,Trà trùng mã,,,do-uong,Quảng Ninh,,1000,1,hộp,10,,,\n\
         CERT-1,Trà sai ngày,,,do-uong,Quảng Ninh,6,100000,1,hộp,10,5/QĐ-UBND,15/01/2025,UBND tỉnh Quảng Ninh\n"
    );
    let (status, report) = post_import(&app, &token, &shop, csv).await;
    assert_eq!(status, 422);
    let errors = report["errors"].as_array().unwrap();
    let has = |row: u64, column: &str| errors.iter().any(|e| e["row"] == row && e["column"] == column);
    assert!(has(3, "price_vnd"), "{report}");
    assert!(has(4, "category") && has(4, "province") && has(4, "stock"), "{report}");
    assert!(has(5, "sku"), "{report}");
    assert!(has(6, "certificate_date") && has(6, "ocop_stars"), "{report}");
    assert!(errors.iter().all(|e| !e["message"].as_str().unwrap().is_empty()));
    assert_eq!(product::Entity::find().count(&app.db).await.unwrap(), 0, "nothing written");
}

#[tokio::test]
async fn a_good_file_creates_products_with_variants_for_moderation_and_a_second_import_updates() {
    let app = spawn_app().await;
    let (shop, _, token) = app.shop("HTX Nhập Hai", "Quảng Ninh").await;
    // Excel's way: a BOM, semicolons, Vietnamese group names.
    let csv = format!(
        "\u{feff}{}\nTHV-50;Trà hoa vàng;Hộp 50 g;Trà quý;Đồ uống;Quảng Ninh;5;350000;10;hộp;80;12/QĐ-UBND;2025-01-10;UBND tỉnh Quảng Ninh\n\
         THV-100;Trà hoa vàng;Hộp 100 g;Trà quý;Đồ uống;Quảng Ninh;5;650.000;10;hộp;150;12/QĐ-UBND;2025-01-10;UBND tỉnh Quảng Ninh\n\
         MD-1;Miến dong;;Miến dong Bình Liêu;thuc pham;Hà Giang;;90000;30;gói;500;;;\n",
        HEADER.replace(',', ";")
    );
    let (status, report) = post_import(&app, &token, &shop, csv).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["products_created"], 2);
    assert_eq!(report["variants_created"], 3);
    let tea =
        product::Entity::find().filter(product::Column::Name.eq("Trà hoa vàng")).one(&app.db).await.unwrap().unwrap();
    assert_eq!(tea.status, "submitted", "a shop's import never publishes by itself");
    assert!(!tea.live);
    let variants = variant::Entity::find().filter(variant::Column::ProductId.eq(tea.id)).all(&app.db).await.unwrap();
    assert_eq!(variants.iter().map(|v| v.price_vnd).collect::<Vec<_>>(), vec![350_000, 650_000]);
    let noodles =
        product::Entity::find().filter(product::Column::Name.eq("Miến dong")).one(&app.db).await.unwrap().unwrap();
    assert_eq!(noodles.province_code, "tuyen-quang");
    assert_eq!(noodles.province_input, "Hà Giang");

    let jsonl = "{\"sku\":\"THV-50\",\"name\":\"Trà hoa vàng\",\"variant\":\"Hộp 50 g\",\"category\":\"do-uong\",\"province\":\"Quảng Ninh\",\"price_vnd\":340000,\"stock\":7,\"unit\":\"hộp\",\"weight_grams\":80}\n";
    let (status, report) = post_import(&app, &token, &shop, jsonl).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["products_updated"], 1);
    assert_eq!(report["variants_updated"], 1);
    let updated =
        variant::Entity::find().filter(variant::Column::Sku.eq("THV-50")).one(&app.db).await.unwrap().unwrap();
    assert_eq!((updated.price_vnd, updated.stock), (340_000, 7));
    let audited = ocop_catalog::entity::audit::Entity::find()
        .filter(ocop_catalog::entity::audit::Column::Action.eq("variant.price"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(audited.len(), 1, "the import's price change is in the audit log");
    assert_eq!(audited[0].before.as_ref().unwrap()["price_vnd"], 350_000);
    assert_eq!(product::Entity::find().count(&app.db).await.unwrap(), 2);
}

#[tokio::test]
async fn only_admins_approve_or_create_shops_and_a_coordinator_stays_in_their_province() {
    let app = spawn_app().await;
    let (coordinator, _) = app.coordinator_of("Thái Nguyên").await;
    let csv = format!("shop,{HEADER}\nHTX Mới,X-1,Chè,,,do-uong,Thái Nguyên,,100000,1,gói,100,,,\n");
    let refused =
        import::run(&app.db, &coordinator, csv.as_bytes(), &Options { shop: None, approve: true, create_shops: false })
            .await;
    assert!(matches!(refused, Err(ocop_core::Error::Forbidden)));

    let (qn_shop, _, _) = app.shop("HTX Quảng Ninh", "Quảng Ninh").await;
    let csv = format!("shop,{HEADER}\n{qn_shop},X-1,Chè,,,do-uong,Thái Nguyên,,100000,1,gói,100,,,\n");
    let report = import::run(&app.db, &coordinator, csv.as_bytes(), &Options::default()).await.unwrap();
    assert_eq!(report.errors.len(), 1);
    assert_eq!(report.errors[0].column, "shop");

    let (admin, _) = app.admin().await;
    let csv = format!(
        "shop,{HEADER}\nHTX Chè Tân Cương,TC-1,Chè Tân Cương,,Chè búp,do-uong,Thái Nguyên,4,180000,40,gói,200,45/QĐ-UBND,2024-06-01,UBND tỉnh Thái Nguyên\n"
    );
    let report =
        import::run(&app.db, &admin, csv.as_bytes(), &Options { shop: None, approve: true, create_shops: true })
            .await
            .unwrap();
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(report.shops_created, 1);
    let live: Value = app.get("/api/v1/products/che-tan-cuong").await.json().await.unwrap();
    assert_eq!(live["certificate"]["ocop_stars"], 4);
    assert_eq!(live["shop"]["name"], "HTX Chè Tân Cương");
}

/// Polls the search API until `slug` is a hit for `query` (approval reaches the index
/// through the outbox), and returns that hit.
async fn search_hit(app: &ocop_tests::TestApp, query: &str, slug: &str) -> Value {
    ocop_tests::eventually(&format!("{slug} to be a hit for {query}"), async || {
        let body: Value = app.get(&format!("/api/v1/search?q={query}")).await.json().await.unwrap();
        body["hits"].as_array().unwrap().iter().find(|h| h["slug"] == slug).cloned()
    })
    .await
}

/// A province's decision lists several products of one shop with different stars: each
/// product shows the stars it was granted, on its page, in its JSON, on cards and in search.
#[tokio::test]
async fn one_decision_two_products_each_show_their_own_stars() {
    let app = spawn_app().await;
    let (shop, _, token) = app.shop("HTX Một Quyết Định", "Quảng Ninh").await;
    let csv = format!(
        "{HEADER}\n\
         CM-1,Chả mực Hạ Long,Hộp 500 g,Chả mực giã tay,thuc-pham,Quảng Ninh,4,350000,10,hộp,500,88/QĐ-UBND,2025-01-10,UBND tỉnh Quảng Ninh\n\
         RT-1,Ruốc tôm Hạ Long,Hũ 200 g,Ruốc tôm,thuc-pham,Quảng Ninh,3,150000,10,hũ,200,88/QĐ-UBND,2025-01-10,UBND tỉnh Quảng Ninh\n"
    );
    let (status, report) = post_import(&app, &token, &shop, csv).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["products_created"], 2);
    // The shop's import is moderated: the coordinator verifies the decision and approves both.
    let (admin, _) = app.admin().await;
    let certs = ocop_catalog::entity::certificate::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(certs.len(), 1, "one decision, recorded once");
    ocop_catalog::certificates::decide(&app.db, &admin.actor(), certs[0].id, true, "").await.unwrap();
    for p in product::Entity::find().all(&app.db).await.unwrap() {
        ocop_catalog::products::approve(&app.db, &admin.actor(), p.id).await.unwrap();
    }

    for (slug, stars, query) in
        [("cha-muc-ha-long", 4, "ch%E1%BA%A3+m%E1%BB%B1c"), ("ruoc-tom-ha-long", 3, "ru%E1%BB%91c+t%C3%B4m")]
    {
        let live: Value = app.get(&format!("/api/v1/products/{slug}")).await.json().await.unwrap();
        assert_eq!(live["certificate"]["ocop_stars"], stars, "{slug}: {live}");
        assert_eq!(live["certificate"]["decision_number"], "88/QĐ-UBND");
        let page = app.get(&format!("/san-pham/{slug}")).await.text().await.unwrap();
        assert!(page.contains(&format!("OCOP {stars}★")), "{slug} page shows {stars} stars");
        let hit = search_hit(&app, query, slug).await;
        assert_eq!(hit["ocop_stars"], stars, "{slug}: {hit}");
    }
    let cards = app.get(&format!("/cua-hang/{shop}")).await.text().await.unwrap();
    assert!(cards.contains("OCOP 4★") && cards.contains("OCOP 3★"), "each card its own stars");
    // The stars filter of search goes by each product's own stars.
    let four: Value = app.get("/api/v1/search?q=&min_stars=4").await.json().await.unwrap();
    let slugs: Vec<&str> = four["hits"].as_array().unwrap().iter().map(|h| h["slug"].as_str().unwrap()).collect();
    assert_eq!(slugs, vec!["cha-muc-ha-long"], "{four}");
}

/// Stars a verified decision granted a product are not changed by a file: the row is an
/// error on `ocop_stars` with its row number, and so is a product whose rows disagree.
#[tokio::test]
async fn stars_contradicting_a_verified_certificate_are_a_row_error() {
    let app = spawn_app().await;
    let (shop, _, token) = app.shop("HTX Sao Đã Xác Minh", "Quảng Ninh").await;
    let (admin, _) = app.admin().await;
    let csv = format!(
        "shop,{HEADER}\n\
         {shop},CM-1,Chả mực,Hộp 500 g,,thuc-pham,Quảng Ninh,4,350000,10,hộp,500,88/QĐ-UBND,2025-01-10,UBND tỉnh Quảng Ninh\n\
         {shop},RT-1,Ruốc tôm,Hũ 200 g,,thuc-pham,Quảng Ninh,3,150000,10,hũ,200,88/QĐ-UBND,2025-01-10,UBND tỉnh Quảng Ninh\n"
    );
    let report =
        import::run(&app.db, &admin, csv.as_bytes(), &Options { shop: None, approve: true, create_shops: false })
            .await
            .unwrap();
    assert!(report.errors.is_empty(), "{:?}", report.errors);

    // The same decision, the shrimp floss now at 5 stars: refused on its row, nothing written.
    let csv = format!(
        "{HEADER}\n\
         CM-1,Chả mực,Hộp 500 g,,thuc-pham,Quảng Ninh,4,360000,10,hộp,500,88/QĐ-UBND,2025-01-10,UBND tỉnh Quảng Ninh\n\
         RT-1,Ruốc tôm,Hũ 200 g,,thuc-pham,Quảng Ninh,5,150000,10,hũ,200,88/QĐ-UBND,2025-01-10,UBND tỉnh Quảng Ninh\n"
    );
    let (status, report) = post_import(&app, &token, &shop, csv).await;
    assert_eq!(status, 422, "{report}");
    let errors = report["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{report}");
    assert_eq!((errors[0]["row"].as_u64(), errors[0]["column"].as_str()), (Some(3), Some("ocop_stars")));
    assert!(errors[0]["message"].as_str().unwrap().contains("3 sao"), "{report}");
    let squid = variant::Entity::find().filter(variant::Column::Sku.eq("CM-1")).one(&app.db).await.unwrap().unwrap();
    assert_eq!(squid.price_vnd, 350_000, "nothing written, not even the good row");
    let floss: Value = app.get("/api/v1/products/ruoc-tom").await.json().await.unwrap();
    assert_eq!(floss["certificate"]["ocop_stars"], 3);

    // Two variants of one product citing one decision with different stars.
    let csv = format!(
        "{HEADER}\n\
         MD-1,Miến dong,Gói 200 g,,thuc-pham,Quảng Ninh,4,50000,10,gói,200,88/QĐ-UBND,2025-01-10,UBND tỉnh Quảng Ninh\n\
         MD-2,Miến dong,Gói 500 g,,thuc-pham,Quảng Ninh,3,90000,10,gói,500,88/QĐ-UBND,2025-01-10,UBND tỉnh Quảng Ninh\n"
    );
    let (status, report) = post_import(&app, &token, &shop, csv).await;
    assert_eq!(status, 422, "{report}");
    let errors = report["errors"].as_array().unwrap();
    assert_eq!((errors[0]["row"].as_u64(), errors[0]["column"].as_str()), (Some(3), Some("ocop_stars")), "{report}");
    assert!(errors[0]["message"].as_str().unwrap().contains("dòng 2"), "{report}");
    assert_eq!(product::Entity::find().count(&app.db).await.unwrap(), 2);
}

/// A shop whose listings go live without review still cannot put a new product under a
/// decision that was verified without it: the stars it claims wait for a moderator, while
/// a product citing no decision goes live at once as before.
#[tokio::test]
async fn a_new_product_under_an_already_verified_decision_waits_for_review_even_when_auto_approved() {
    let app = spawn_app().await;
    let (shop, _, token) = app.shop("HTX Tự Duyệt", "Quảng Ninh").await;
    let (admin, _) = app.admin().await;
    let csv = format!(
        "shop,{HEADER}\n\
         {shop},CM-1,Chả mực,Hộp 500 g,,thuc-pham,Quảng Ninh,3,350000,10,hộp,500,88/QĐ-UBND,2025-01-10,UBND tỉnh Quảng Ninh\n"
    );
    let report =
        import::run(&app.db, &admin, csv.as_bytes(), &Options { shop: None, approve: true, create_shops: false })
            .await
            .unwrap();
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let owner = ocop_catalog::entity::shop::Entity::find()
        .filter(ocop_catalog::entity::shop::Column::Slug.eq(&shop))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let mut auto: ocop_catalog::entity::shop::ActiveModel = owner.into();
    auto.auto_approve = sea_orm::Set(true);
    sea_orm::ActiveModelTrait::update(auto, &app.db).await.unwrap();

    let csv = format!(
        "{HEADER}\n\
         RT-9,Ruốc tôm năm sao,Hũ 200 g,,thuc-pham,Quảng Ninh,5,150000,10,hũ,200,88/QĐ-UBND,2025-01-10,UBND tỉnh Quảng Ninh\n\
         MD-1,Miến dong Bình Liêu,Gói 500 g,,thuc-pham,Quảng Ninh,,90000,10,gói,500,,,\n"
    );
    let (status, report) = post_import(&app, &token, &shop, csv).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["products_created"], 2, "{report}");
    let floss = product::Entity::find()
        .filter(product::Column::Slug.eq("ruoc-tom-nam-sao"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((floss.status.as_str(), floss.live), ("submitted", false), "the claimed stars wait for a moderator");
    assert_eq!(app.get("/api/v1/products/ruoc-tom-nam-sao").await.status(), 404);
    let noodles = product::Entity::find()
        .filter(product::Column::Slug.eq("mien-dong-binh-lieu"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((noodles.status.as_str(), noodles.live), ("approved", true), "no decision cited: live at once");
}

/// No cap on rows: a file of 60,001 rows is read to its end (here its last row is bad, so
/// the check is all that runs), and the error names that row.
#[tokio::test]
async fn a_file_past_fifty_thousand_rows_is_read_to_its_last_row() {
    let app = spawn_app().await;
    let (shop, vendor, _) = app.shop("HTX Tệp Lớn", "Quảng Ninh").await;
    let mut csv = String::from(HEADER);
    csv.push('\n');
    for i in 0..60_000 {
        csv.push_str(&format!("G-{i},Gạo {i},,,thuc-pham,Quảng Ninh,,25000,5,kg,1000,,,\n"));
    }
    csv.push_str("G-LAST,Gạo cuối,,,thuc-pham,Quảng Ninh,,0,5,kg,1000,,,\n");
    let path = std::env::temp_dir().join(format!("ocop-import-{}.csv", uuid::Uuid::new_v4().simple()));
    std::fs::write(&path, csv).unwrap();
    let options = Options { shop: Some(shop), approve: false, create_shops: false };
    let report =
        import::run_from(&app.db, &vendor, import::Source::File(&path), &options, &import::Quiet).await.unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_eq!(report.rows, 60_001);
    assert_eq!(report.errors.len(), 1, "{:?}", report.errors);
    assert_eq!((report.errors[0].row, report.errors[0].column.as_str()), (60_002, "price_vnd"));
    assert_eq!(product::Entity::find().count(&app.db).await.unwrap(), 0);
}

/// Over the upload cap, the API and the upload page say the cap and how to split the file.
#[tokio::test]
async fn a_file_over_the_upload_cap_is_told_how_to_split() {
    let app = spawn_app().await;
    let (shop, _, token) = app.shop("HTX Quá Cỡ", "Quảng Ninh").await;
    let body = vec![b'a'; 17 * 1024 * 1024];
    let res = app
        .client
        .post(app.url(&format!("/api/v1/shops/{shop}/import")))
        .bearer_auth(&token)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 413);
    let error: Value = res.json().await.unwrap();
    let message = error["error"]["message"].as_str().unwrap();
    assert!(message.contains("16 MB") && message.contains("chia"), "{error}");
    // Under the cap, a larger body than ordinary requests is taken (1 MiB by default).
    let mut csv = format!("{HEADER}\n");
    let description = "Trà quý ".repeat(1000);
    let mut i = 0;
    while csv.len() < 2 * 1024 * 1024 {
        i += 1;
        csv.push_str(&format!("T-{i},Trà {i},,{description},do-uong,Quảng Ninh,,50000,1,gói,10,,,\n"));
    }
    csv.push_str("T-LAST,Trà cuối,,,do-uong,Quảng Ninh,,abc,1,gói,10,,,\n");
    let (status, report) = post_import(&app, &token, &shop, csv).await;
    assert_eq!(status, 422, "{report}");
    assert_eq!(report["errors"].as_array().unwrap().len(), 1, "{report}");
    assert_eq!(report["errors"][0]["column"], "price_vnd");
}

/// Shops and certificates an import creates are written in batches: every product finds
/// its shop (named by slug, by name, or new) and its own shop's certificate, one certificate
/// per decision whichever batch cites it, each audited; without approval all wait for a
/// moderator.
#[tokio::test]
async fn many_new_shops_and_their_certificates_are_written_in_batches() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let (existing, _, _) = app.shop("HTX Đã Có", "Quảng Ninh").await;
    let decision = |i: usize| format!("{i}/QĐ-UBND,2024-06-01,UBND tỉnh Thái Nguyên");
    let mut csv = format!("shop,{HEADER}\n");
    for i in 0..700 {
        csv.push_str(&format!("HTX Lô {i},A-{i},Chè {i},,,do-uong,Thái Nguyên,4,100000,5,gói,100,{}\n", decision(i)));
    }
    // The same shops and decisions again, 700 rows later: other batches.
    for i in 0..700 {
        csv.push_str(&format!("HTX Lô {i},B-{i},Trà {i},,,do-uong,Thái Nguyên,4,90000,5,gói,100,{}\n", decision(i)));
    }
    csv.push_str(&format!("{existing},C-1,Mật ong,,,thuc-pham,Quảng Ninh,,200000,5,chai,500,,,\n"));
    csv.push_str("HTX Đã Có,C-2,Mật ong rừng,,,thuc-pham,Quảng Ninh,,250000,5,chai,500,,,\n");
    let options = Options { shop: None, approve: false, create_shops: true };
    let report = import::run(&app.db, &admin, csv.as_bytes(), &options).await.unwrap();
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!((report.rows, report.shops_created, report.products_created), (1402, 700, 1402));

    let certificates = certificate::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(certificates.len(), 700);
    assert!(certificates.iter().all(|c| c.status == "pending" && c.stars == 4));
    let products = product::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(products.len(), 1402);
    assert!(products.iter().all(|p| p.status == ocop_catalog::products::SUBMITTED));
    for p in products.iter().filter(|p| p.certificate_id.is_some()) {
        let cert = certificates.iter().find(|c| Some(c.id) == p.certificate_id).unwrap();
        assert_eq!(cert.shop_id, p.shop_id, "{}", p.name);
        assert_eq!(p.certificate_stars, Some(4));
    }
    assert_eq!(products.iter().filter(|p| p.certificate_id.is_some()).count(), 1400);
    let existing = shop::Entity::find().filter(shop::Column::Slug.eq(&existing)).one(&app.db).await.unwrap().unwrap();
    assert_eq!(products.iter().filter(|p| p.shop_id == existing.id).count(), 2);

    let logged = |action: &'static str| audit::Entity::find().filter(audit::Column::Action.eq(action)).count(&app.db);
    assert_eq!(logged("certificate.record").await.unwrap(), 700);
    assert_eq!(logged("shop.create_from_import").await.unwrap(), 700);
}
