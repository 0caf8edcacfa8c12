//! Bulk import: all-or-nothing, a row-by-row report, updates by (shop, sku).

use ocop_catalog::entity::{product, variant};
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
