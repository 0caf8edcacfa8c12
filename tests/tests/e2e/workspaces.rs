//! The shop workspace and the admin workspace over HTTP: who may open what, and the main
//! flows through the forms.

use ocop_accounts::Role;
use ocop_catalog::entity::product;
use ocop_tests::fixtures::product;
use ocop_tests::spawn_app;
use sea_orm::{EntityTrait, PaginatorTrait};

#[tokio::test]
async fn workspaces_need_the_right_person() {
    let app = spawn_app().await;
    let (shop_a, vendor_a, _) = app.shop("HTX A", "Quảng Ninh").await;
    app.live_product(&vendor_a, &shop_a, &product("Trà A", "A-1", 100_000, 5)).await;
    let (_, vendor_b, _) = app.shop("HTX B", "Quảng Ninh").await;

    let res = app.get("/kenh-nguoi-ban").await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/dang-nhap?next=%2Fkenh-nguoi-ban");
    assert_eq!(app.get("/quan-tri").await.status(), 303);

    let b = app.signed_in(&vendor_b.email).await;
    for path in [
        format!("/kenh-nguoi-ban/{shop_a}"),
        format!("/kenh-nguoi-ban/{shop_a}/san-pham-moi"),
        format!("/kenh-nguoi-ban/{shop_a}/nhap"),
    ] {
        assert_eq!(b.get(app.url(&path)).send().await.unwrap().status(), 404, "{path}");
    }
    let token = app.csrf_token(&b, "/tai-khoan").await;
    let res = b
        .post(app.url(&format!("/kenh-nguoi-ban/{shop_a}/bien-the/A-1")))
        .form(&[("csrf_token", token.as_str()), ("price_vnd", "1"), ("stock", "0")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    assert_eq!(b.get(app.url("/quan-tri")).send().await.unwrap().status(), 403);

    let (coordinator, _) = app.coordinator_of("Quảng Ninh").await;
    let c = app.signed_in(&coordinator.email).await;
    assert_eq!(c.get(app.url("/quan-tri")).send().await.unwrap().status(), 200);
    assert_eq!(c.get(app.url("/quan-tri/nhat-ky")).send().await.unwrap().status(), 403, "the audit log is for admins");
}

#[tokio::test]
async fn a_producer_applies_by_form_and_a_coordinator_verifies_by_form() {
    let app = spawn_app().await;
    let (vendor, _) = app.user("hoa@example.vn", Role::Vendor).await;
    let v = app.signed_in(&vendor.email).await;
    let html = v.get(app.url("/kenh-nguoi-ban")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("Gửi hồ sơ"));
    let bad = app
        .post_form(
            &v,
            "/kenh-nguoi-ban",
            "/kenh-nguoi-ban",
            &[("name", "Chả mực Bà Hoa"), ("producer_type", "ho_kinh_doanh")],
        )
        .await;
    assert_eq!(bad.status(), 422);
    let html = bad.text().await.unwrap().replace("&#x2F;", "/");
    assert!(html.contains("Hộ kinh doanh cần mã số thuế cá nhân") && html.contains("Không nhận ra tỉnh/thành phố"));
    let fields = [
        ("name", "Chả mực Bà Hoa"),
        ("producer_type", "ho_kinh_doanh"),
        ("tax_code", "5701234567"),
        ("province", "Quảng Ninh"),
        ("commune", "Phường Hạ Long"),
        ("street", "12 Vườn Đào"),
        ("phone", "0912 345 678"),
    ];
    let res = app.post_form(&v, "/kenh-nguoi-ban", "/kenh-nguoi-ban", &fields).await;
    assert_eq!(res.status(), 303);
    let html = v.get(app.url("/kenh-nguoi-ban")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("đang chờ cán bộ OCOP xác minh"));

    let (coordinator, _) = app.coordinator_of("Quảng Ninh").await;
    let c = app.signed_in(&coordinator.email).await;
    let queue = c.get(app.url("/quan-tri")).send().await.unwrap().text().await.unwrap();
    assert!(queue.contains("Chả mực Bà Hoa") && queue.contains("5701234567"));
    let shop = ocop_catalog::shops::by_slug(&app.db, "cha-muc-ba-hoa").await.unwrap();
    let res =
        app.post_form(&c, "/quan-tri", &format!("/quan-tri/cua-hang/{}/tu-choi", shop.id), &[("reason", "")]).await;
    assert_eq!(res.status(), 422);
    let res = app.post_form(&c, "/quan-tri", &format!("/quan-tri/cua-hang/{}/duyet", shop.id), &[]).await;
    assert_eq!(res.status(), 303);
    let res = v.get(app.url("/kenh-nguoi-ban")).send().await.unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/kenh-nguoi-ban/cha-muc-ba-hoa");
}

#[tokio::test]
async fn a_vendor_adds_a_product_an_admin_approves_it_and_prices_change_inline() {
    let app = spawn_app().await;
    let (shop, vendor, _) = app.shop("HTX Trà Ba Chẽ", "Quảng Ninh").await;
    let v = app.signed_in(&vendor.email).await;
    let form_page = format!("/kenh-nguoi-ban/{shop}/san-pham-moi");
    let fields = [
        ("name", "Trà hoa vàng túi lọc"),
        ("category", "do-uong"),
        ("province", "Quảng Ninh"),
        ("description", "Trà túi lọc tiện pha."),
        ("price_includes_vat", "on"),
        ("sku", "THV-TL"),
        ("label", "Hộp 20 túi"),
        ("price_vnd", "180.000"),
        ("stock", "30"),
        ("weight_grams", "60"),
        ("unit", "hộp"),
    ];
    let mut bad = fields.to_vec();
    bad[7] = ("price_vnd", "180000,5");
    let res = app.post_form(&v, &form_page, &form_page, &bad).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("Nhập số nguyên"));
    let res = app.post_form(&v, &form_page, &form_page, &fields).await;
    assert_eq!(res.status(), 303);
    let dashboard = v.get(app.url(&format!("/kenh-nguoi-ban/{shop}"))).send().await.unwrap().text().await.unwrap();
    assert!(dashboard.contains("Trà hoa vàng túi lọc") && dashboard.contains("Chờ duyệt"));

    let (admin, _) = app.admin().await;
    let a = app.signed_in(&admin.email).await;
    let queue = a.get(app.url("/quan-tri")).send().await.unwrap().text().await.unwrap();
    assert!(queue.contains("Trà hoa vàng túi lọc") && queue.contains("180.000 ₫"));
    let old_only = a.get(app.url("/quan-tri?cho=24")).send().await.unwrap().text().await.unwrap();
    assert!(!old_only.contains("Trà hoa vàng túi lọc"), "it has waited less than a day");
    let other_province = a.get(app.url("/quan-tri?tinh=ha-noi")).send().await.unwrap().text().await.unwrap();
    assert!(!other_province.contains("Trà hoa vàng túi lọc"));
    let id = product::Entity::find().one(&app.db).await.unwrap().unwrap().id;
    let res = app.post_form(&a, "/quan-tri", &format!("/quan-tri/san-pham/{id}/duyet"), &[]).await;
    assert_eq!(res.status(), 303);
    assert!(app.get("/tinh/quang-ninh").await.text().await.unwrap().contains("Trà hoa vàng túi lọc"));

    let res = app
        .post_form(
            &v,
            &format!("/kenh-nguoi-ban/{shop}"),
            &format!("/kenh-nguoi-ban/{shop}/bien-the/THV-TL"),
            &[("price_vnd", "-1"), ("stock", "30")],
        )
        .await;
    assert_eq!(res.status(), 422);
    let res = app
        .post_form(
            &v,
            &format!("/kenh-nguoi-ban/{shop}"),
            &format!("/kenh-nguoi-ban/{shop}/bien-the/THV-TL"),
            &[("price_vnd", "175.000"), ("stock", "2")],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert!(app.get("/san-pham/tra-hoa-vang-tui-loc").await.text().await.unwrap().contains("175.000 ₫"));
    let dashboard = v.get(app.url(&format!("/kenh-nguoi-ban/{shop}"))).send().await.unwrap().text().await.unwrap();
    assert!(dashboard.contains("Sắp hết hàng"), "stock 2 is low");
    let audit = a.get(app.url("/quan-tri/nhat-ky")).send().await.unwrap().text().await.unwrap();
    assert!(audit.contains("variant.price") && audit.contains(&vendor.email));
}

#[tokio::test]
async fn an_upload_with_a_bad_row_shows_the_report_and_writes_nothing() {
    let app = spawn_app().await;
    let (coordinator, _) = app.coordinator_of("Quảng Ninh").await;
    let (shop, _, _) = app.shop("HTX Nhập", "Quảng Ninh").await;
    let c = app.signed_in(&coordinator.email).await;
    let token = app.csrf_token(&c, "/quan-tri/nhap").await;
    let csv = format!(
        "shop,sku,name,category,province,price_vnd,stock\n{shop},M-1,Miến dong,thuc-pham,Quảng Ninh,90000,10\n{shop},M-2,Miến dong loại 2,bánh kẹo,Quảng Ninh,90000,10\n"
    );
    let part =
        reqwest::multipart::Part::bytes(csv.into_bytes()).file_name("san-pham.csv").mime_str("text/csv").unwrap();
    let res = c
        .post(app.url(&format!("/quan-tri/nhap?csrf_token={token}")))
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("<td>3</td><td>category</td>"), "{html}");
    assert!(html.contains("Chưa có gì được ghi"));
    assert_eq!(product::Entity::find().count(&app.db).await.unwrap(), 0);

    // Without the token the upload is refused.
    let part = reqwest::multipart::Part::bytes(b"x".to_vec()).file_name("a.csv");
    let res = c
        .post(app.url("/quan-tri/nhap"))
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
}

#[tokio::test]
async fn an_owner_adds_staff_who_act_only_for_that_shop() {
    let app = spawn_app().await;
    let (shop_a, owner, _) = app.shop("HTX Chủ", "Quảng Ninh").await;
    let (shop_b, _, _) = app.shop("HTX Bên cạnh", "Quảng Ninh").await;
    app.live_product(&owner, &shop_a, &product("Trà chủ", "TC-1", 100_000, 5)).await;
    let (staff, _) = app.user("nhanvien@example.vn", Role::Vendor).await;
    let o = app.signed_in(&owner.email).await;
    let dashboard = format!("/kenh-nguoi-ban/{shop_a}");
    let res =
        app.post_form(&o, &dashboard, &format!("{dashboard}/nhan-vien"), &[("email", "chua-dang-ky@example.vn")]).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("Chưa có tài khoản với email này"));
    let res =
        app.post_form(&o, &dashboard, &format!("{dashboard}/nhan-vien"), &[("email", "NhanVien@example.vn")]).await;
    assert_eq!(res.status(), 303);

    let s = app.signed_in(&staff.email).await;
    assert_eq!(s.get(app.url(&dashboard)).send().await.unwrap().status(), 200);
    let res = app
        .post_form(&s, &dashboard, &format!("{dashboard}/bien-the/TC-1"), &[("price_vnd", "95000"), ("stock", "5")])
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(s.get(app.url(&format!("/kenh-nguoi-ban/{shop_b}"))).send().await.unwrap().status(), 404);
    // Staff do not invite others.
    let res =
        app.post_form(&s, &dashboard, &format!("{dashboard}/nhan-vien"), &[("email", owner.email.as_str())]).await;
    assert_eq!(res.status(), 403);
}

#[tokio::test]
async fn vacation_mode_shows_on_the_shop_and_auto_approve_publishes_at_once() {
    let app = spawn_app().await;
    let (shop, vendor, token) = app.shop("HTX Nghỉ", "Quảng Ninh").await;
    let v = app.signed_in(&vendor.email).await;
    let dashboard = format!("/kenh-nguoi-ban/{shop}");
    let res = app.post_form(&v, &dashboard, &format!("{dashboard}/tam-nghi"), &[("on", "1")]).await;
    assert_eq!(res.status(), 303);
    assert!(app.get(&format!("/cua-hang/{shop}")).await.text().await.unwrap().contains("Gian hàng đang tạm nghỉ"));
    app.post_form(&v, &dashboard, &format!("{dashboard}/tam-nghi"), &[("on", "0")]).await;
    assert!(!app.get(&format!("/cua-hang/{shop}")).await.text().await.unwrap().contains("Gian hàng đang tạm nghỉ"));

    let shop_id = ocop_catalog::shops::by_slug(&app.db, &shop).await.unwrap().id;
    let (coordinator, _) = app.coordinator_of("Quảng Ninh").await;
    let c = app.signed_in(&coordinator.email).await;
    let res =
        app.post_form(&c, "/quan-tri", &format!("/quan-tri/cua-hang/{shop_id}/tu-dong-duyet"), &[("on", "1")]).await;
    assert_eq!(res.status(), 403, "only admins trust a shop");
    let (admin, _) = app.admin().await;
    let a = app.signed_in(&admin.email).await;
    assert!(a.get(app.url("/quan-tri/cua-hang")).send().await.unwrap().text().await.unwrap().contains("HTX Nghỉ"));
    let res = app
        .post_form(&a, "/quan-tri/cua-hang", &format!("/quan-tri/cua-hang/{shop_id}/tu-dong-duyet"), &[("on", "1")])
        .await;
    assert_eq!(res.status(), 303);
    let body = serde_json::json!({"name": "Trà tin cậy", "category": "do-uong", "province": "Quảng Ninh",
        "variants": [{"sku": "TT-1", "price_vnd": 50000, "stock": 3, "weight_grams": 100}]});
    let created: serde_json::Value =
        app.post_json_as(&token, &format!("/api/v1/shops/{shop}/products"), &body).await.json().await.unwrap();
    assert_eq!(created["status"], "approved");
    assert_eq!(app.get("/api/v1/products/tra-tin-cay").await.status(), 200);
}

#[tokio::test]
async fn a_certificate_with_its_scan_shows_stars_only_after_verification() {
    let app = spawn_app().await;
    let (shop, vendor, _) = app.shop("HTX Sao", "Quảng Ninh").await;
    app.live_product(&vendor, &shop, &product("Chả mực Hạ Long", "CM-500", 480_000, 9)).await;
    let v = app.signed_in(&vendor.email).await;
    let token = app.csrf_token(&v, &format!("/kenh-nguoi-ban/{shop}")).await;
    let send = |scan: Vec<u8>| {
        let form = reqwest::multipart::Form::new()
            .text("stars", "5")
            .text("decision_number", "1520/QĐ-UBND")
            .text("decision_date", "2025-08-15")
            .text("authority", "UBND tỉnh Quảng Ninh")
            .text("sku", "CM-500")
            .part("scan", reqwest::multipart::Part::bytes(scan).file_name("qd.pdf"));
        v.post(app.url(&format!("/kenh-nguoi-ban/{shop}/chung-nhan?csrf_token={token}"))).multipart(form).send()
    };
    let res = send(b"not a pdf nor an image".to_vec()).await.unwrap();
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("Bản chụp phải là ảnh JPEG, PNG, WebP hoặc tệp PDF"));
    let res = send(b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF".to_vec()).await.unwrap();
    assert_eq!(res.status(), 303);
    assert!(
        !app.get("/san-pham/cha-muc-ha-long").await.text().await.unwrap().contains("OCOP 5★"),
        "not before verification"
    );

    let (coordinator, _) = app.coordinator_of("Quảng Ninh").await;
    let c = app.signed_in(&coordinator.email).await;
    let queue = c.get(app.url("/quan-tri")).send().await.unwrap().text().await.unwrap().replace("&#x2F;", "/");
    assert!(queue.contains("1520/QĐ-UBND") && queue.contains(".pdf"));
    let cert = ocop_catalog::certificates::pending(&app.db).await.unwrap().remove(0);
    let res = app.post_form(&c, "/quan-tri", &format!("/quan-tri/chung-nhan/{}/duyet", cert.id), &[]).await;
    assert_eq!(res.status(), 303);
    assert!(app.get("/san-pham/cha-muc-ha-long").await.text().await.unwrap().contains("OCOP 5★"));
}

#[tokio::test]
async fn shops_are_reminded_90_and_30_days_before_a_certificate_expires_once_each() {
    let app = spawn_app().await;
    let (shop_slug, vendor, _) = app.shop("HTX Nhắc", "Quảng Ninh").await;
    let (admin, _) = app.admin().await;
    let shop = ocop_catalog::shops::by_slug(&app.db, &shop_slug).await.unwrap();
    let input = ocop_catalog::certificates::CertificateInput {
        stars: 4,
        decision_number: "9/QĐ-UBND".into(),
        decision_date: "2024-01-10".into(),
        authority: "UBND tỉnh Quảng Ninh".into(),
    };
    ocop_catalog::certificates::record(&app.db, &admin.actor(), &shop, &input, true).await.unwrap();
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    // Expires 2027-01-10.
    assert_eq!(ocop_catalog::notices::send_reminders(&app.db, day("2026-09-01")).await.unwrap(), 0);
    assert_eq!(ocop_catalog::notices::send_reminders(&app.db, day("2026-11-01")).await.unwrap(), 1);
    assert_eq!(ocop_catalog::notices::send_reminders(&app.db, day("2026-11-02")).await.unwrap(), 0);
    assert_eq!(ocop_catalog::notices::send_reminders(&app.db, day("2026-12-20")).await.unwrap(), 1);
    assert_eq!(ocop_catalog::notices::send_reminders(&app.db, day("2026-12-21")).await.unwrap(), 0);
    let v = app.signed_in(&vendor.email).await;
    let html = v
        .get(app.url(&format!("/kenh-nguoi-ban/{shop_slug}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
        .replace("&#x2F;", "/");
    assert!(html.contains("hết hạn ngày 10/01/2027, còn 21 ngày") && html.contains("còn 70 ngày"), "both notices show");
}

#[tokio::test]
async fn a_coordinator_onboards_a_household_producer_in_their_province_only() {
    let app = spawn_app().await;
    let (coordinator, _) = app.coordinator_of("Quảng Ninh").await;
    let (producer, _) = app.user("ba-nga@example.vn", Role::Vendor).await;
    let c = app.signed_in(&coordinator.email).await;
    let fields = |province: &'static str, owner: &'static str| {
        vec![
            ("name", "Hộ bà Nga làm chả mực"),
            ("producer_type", "ho_kinh_doanh"),
            ("tax_code", "5700111222"),
            ("province", province),
            ("commune", "Phường Hạ Long"),
            ("street", "Tổ 3"),
            ("phone", "0912 000 111"),
            ("owner_email", owner),
        ]
    };
    let res = app
        .post_form(&c, "/quan-tri/cua-hang-moi", "/quan-tri/cua-hang-moi", &fields("Quảng Ninh", "ai-do@example.vn"))
        .await;
    assert_eq!(res.status(), 422);
    let res = app.post_form(&c, "/quan-tri/cua-hang-moi", "/quan-tri/cua-hang-moi", &fields("Thái Nguyên", "")).await;
    assert_eq!(res.status(), 403);
    assert!(res.text().await.unwrap().contains("không thuộc phạm vi bạn phụ trách"));
    let res = app
        .post_form(&c, "/quan-tri/cua-hang-moi", "/quan-tri/cua-hang-moi", &fields("Quảng Ninh", "ba-nga@example.vn"))
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/cua-hang/ho-ba-nga-lam-cha-muc");
    assert_eq!(app.get("/cua-hang/ho-ba-nga-lam-cha-muc").await.status(), 200, "verified at once");
    let p = app.signed_in(&producer.email).await;
    assert_eq!(p.get(app.url("/kenh-nguoi-ban/ho-ba-nga-lam-cha-muc")).send().await.unwrap().status(), 200);
}

#[tokio::test]
async fn every_shop_workspace_route_hides_another_shop() {
    let app = spawn_app().await;
    let (shop_a, vendor_a, _) = app.shop("HTX Riêng", "Quảng Ninh").await;
    app.live_product(&vendor_a, &shop_a, &product("Trà riêng", "R-1", 100_000, 5)).await;
    let (_, vendor_b, _) = app.shop("HTX Ngoài", "Quảng Ninh").await;
    let b = app.signed_in(&vendor_b.email).await;
    let token = app.csrf_token(&b, "/tai-khoan").await;
    for path in ["nhan-vien", "tam-nghi", "san-pham-moi", "bien-the/R-1"] {
        let res = b
            .post(app.url(&format!("/kenh-nguoi-ban/{shop_a}/{path}")))
            .form(&[("csrf_token", token.as_str()), ("email", vendor_b.email.as_str()), ("on", "1")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404, "{path}");
    }
    for path in ["san-pham/R-1/anh", "chung-nhan", "nhap"] {
        let part = reqwest::multipart::Part::bytes(ocop_tests::fixtures::png(200, 200)).file_name("a.png");
        let res = b
            .post(app.url(&format!("/kenh-nguoi-ban/{shop_a}/{path}?csrf_token={token}")))
            .multipart(reqwest::multipart::Form::new().part("image", part))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404, "{path}");
    }
    let shop = ocop_catalog::shops::by_slug(&app.db, &shop_a).await.unwrap();
    assert!(!shop.on_vacation);
}

#[tokio::test]
async fn an_applicant_adds_a_logo_that_the_shop_page_shows() {
    let app = spawn_app().await;
    let (vendor, _) = app.user("logo@example.vn", Role::Vendor).await;
    let shop =
        ocop_catalog::shops::apply(&app.db, &vendor, &ocop_tests::fixtures::application("HTX Có Logo", "Quảng Ninh"))
            .await
            .unwrap();
    let v = app.signed_in(&vendor.email).await;
    let token = app.csrf_token(&v, "/kenh-nguoi-ban").await;
    let send = |bytes: Vec<u8>| {
        let part = reqwest::multipart::Part::bytes(bytes).file_name("logo.png");
        v.post(app.url(&format!("/kenh-nguoi-ban/{}/logo?csrf_token={token}", shop.slug)))
            .multipart(reqwest::multipart::Form::new().part("logo", part))
            .send()
    };
    let res = send(b"not a picture".to_vec()).await.unwrap();
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("Logo phải là ảnh JPEG, PNG hoặc WebP"));
    assert_eq!(send(ocop_tests::fixtures::png(600, 400)).await.unwrap().status(), 303);
    let logo = ocop_catalog::shops::by_slug(&app.db, &shop.slug).await.unwrap().logo_key.expect("logo stored");
    let (admin, _) = app.admin().await;
    ocop_catalog::shops::decide(&app.db, &admin.actor(), shop.id, true, "").await.unwrap();
    let page = app.get(&format!("/cua-hang/{}", shop.slug)).await.text().await.unwrap().replace("&#x2F;", "/");
    assert!(page.contains(&format!("/media/{logo}")));
    let picture = image::load_from_memory(&app.get(&format!("/media/{logo}")).await.bytes().await.unwrap()).unwrap();
    assert_eq!((picture.width(), picture.height()), (256, 256));
}
